#pragma once
// The network front: HTTP and WebSocket on one port, driven by a pool of
// threads, stopped by SIGINT/SIGTERM or stop(). Keeps Boost.Asio behind a pointer so the rest of
// Parley never compiles it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "net/http_types.hpp"
#include "net/runtime.hpp"
#include "net/ws_connection.hpp"

namespace parley::net {

struct ServerOptions {
  std::size_t threads = 2;
  std::size_t max_body_bytes = 2 << 20;  // a large scenario is a few hundred KB; 2 MB leaves room, and no more
  WsLimits ws;
};

class Server {
 public:
  // The handlers may be set after construction, but before run().
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Resolves host and binds; port 0 picks a free port.
  Status bind(const std::string& host, std::uint16_t port);
  std::uint16_t port() const;

  void set_http_handler(HttpHandler handler);
  void set_websocket_acceptor(WsAcceptor acceptor);
  // Strands and timers on the server's threads; valid for the server's life.
  Runtime& runtime();

  // Serves until a termination signal or stop(); returns the signal number,
  // or 0 when stopped by stop(). Call once, from one thread.
  int run();
  // Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::net
