#pragma once
// One HTTP connection: reads requests (bounded in size and time), answers
// each through the handler, keeps the connection alive while the client asks.
// Lives on its own strand; every handler holds shared_from_this().

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "net/http_types.hpp"
#include "net/ws_connection.hpp"

namespace parley::net {

struct Endpoints {
  HttpHandler http;
  WsAcceptor websocket;  // for upgrades on /ws
  WsLimits ws_limits;
  std::size_t max_body_bytes = 2 << 20;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Endpoints> endpoints, std::uint64_t id);
  void run();

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void reject(boost::beast::error_code ec);
  void respond(HttpResponse res, unsigned version, bool keep_alive);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  std::shared_ptr<const Endpoints> endpoints_;
  std::uint64_t id_;
};

}  // namespace parley::net
