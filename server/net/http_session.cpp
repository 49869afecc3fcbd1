#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <chrono>

#include "log/logger.hpp"
#include "net/websocket_session.hpp"

namespace parley::net {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr auto kReadTimeout = std::chrono::seconds(30);

HttpRequest to_request(const http::request<http::string_body>& req) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = req.body();
  return out;
}
}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Endpoints> endpoints,
                         std::uint64_t id)
    : stream_(std::move(socket)), endpoints_(std::move(endpoints)), id_(id) {}

void HttpSession::run() {
  boost::asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->body_limit(endpoints_->max_body_bytes);
  stream_.expires_after(kReadTimeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout) return close();
  if (ec) {
    // A malformed or oversized request gets an answer before we hang up.
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) return reject(ec);
    log::debug("net", "http read: " + ec.message());
    return close();
  }
  auto req = parser_->release();
  if (beast::websocket::is_upgrade(req)) {
    std::string path(req.target().substr(0, req.target().find('?')));
    if (path == "/ws") {
      // The connection now belongs to the WebSocket session.
      auto ws = std::make_shared<WebSocketSession>(std::move(stream_), endpoints_->ws_limits, id_);
      ws->accept(std::move(req), endpoints_->websocket);
      return;
    }
  }
  unsigned version = req.version();
  bool keep_alive = req.keep_alive();
  // The handler may answer later, from another thread: come back to our strand.
  auto self = shared_from_this();
  endpoints_->http(to_request(req), [self, version, keep_alive](HttpResponse res) {
    boost::asio::post(self->stream_.get_executor(), [self, res = std::move(res), version, keep_alive]() mutable {
      self->respond(std::move(res), version, keep_alive);
    });
  });
}

void HttpSession::respond(HttpResponse res, unsigned version, bool keep_alive) {
  response_ = {};
  response_.version(version);
  response_.result(static_cast<http::status>(res.status));
  response_.set(http::field::server, "parley");
  response_.set(http::field::content_type, res.content_type);
  for (const auto& [name, value] : res.headers) response_.set(name, value);
  response_.body() = std::move(res.body);
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::reject(beast::error_code ec) {
  bool too_large = ec == http::error::body_limit || ec == http::error::header_limit;
  response_ = {};
  response_.result(too_large ? http::status::payload_too_large : http::status::bad_request);
  response_.set(http::field::content_type, "application/json");
  response_.body() = std::string("{\"error\":\"") +
                     (too_large ? "request too large: a body may have at most " + std::to_string(endpoints_->max_body_bytes) +
                                      " bytes, and the headers 8 KB"
                                : "malformed HTTP request: " + ec.message()) +
                     "\",\"code\":\"" + (too_large ? "too_large" : "invalid") + "\"}\n";
  response_.keep_alive(false);
  response_.prepare_payload();
  http::async_write(stream_, response_, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), false));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive) return close();
  do_read();
}

void HttpSession::close() {
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace parley::net
