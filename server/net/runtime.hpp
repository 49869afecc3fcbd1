#pragma once
// Serial executors and timers for application code that must not include
// Asio. A Strand runs posted functions one at a time, in order; a Timer
// calls back on its strand at a wall-clock time. Both are cheap to create.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/http_types.hpp"
#include "net/ws_connection.hpp"

namespace parley::net {

class Strand {
 public:
  virtual ~Strand() = default;
  virtual void post(std::function<void()> fn) = 0;
};

class Timer {
 public:
  virtual ~Timer() = default;
  // Replaces any pending expiry. fn runs on the timer's strand unless cancelled.
  virtual void expire_at(std::int64_t epoch_ms, std::function<void()> fn) = 0;
  virtual void cancel() = 0;
};

// On forward_http's answer when the other server could not be reached at
// all, so the request was never sent (safe to do here instead).
inline constexpr const char* kNotSentHeader = "X-Parley-Not-Sent";

// A connection opened to another server, or why it could not be.
using WsOpened = std::function<void(std::shared_ptr<WsConnection> conn, std::string error)>;

class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual std::shared_ptr<Strand> make_strand() = 0;
  virtual std::unique_ptr<Timer> make_timer(const std::shared_ptr<Strand>& strand) = 0;
  // Opens a WebSocket to another server (base_url "http://host:port"); its
  // frames go to `peer`. `opened` runs once: with the connection, or with the
  // error and no connection (the peer is then never called).
  virtual void open_websocket(const std::string& base_url, std::shared_ptr<WsPeer> peer, WsLimits limits, WsOpened opened) = 0;
  // Sends the request to another server and answers with its response, or
  // with 502 and the reason when that server cannot be reached in time.
  virtual void forward_http(const std::string& base_url, HttpRequest request, HttpResponder respond) = 0;
};

}  // namespace parley::net
