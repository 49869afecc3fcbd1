// Connections from this server to another one of the cluster: a WebSocket
// that relays a client to the node owning its session, and one HTTP
// exchange passed on for a request about such a session. In the same
// translation unit as the rest of parley_net (a unity build).

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <memory>

#include "net/asio_runtime.hpp"
#include "net/websocket_session.hpp"

namespace parley::net {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kConnectTimeout = std::chrono::seconds(3);
constexpr auto kExchangeTimeout = std::chrono::seconds(60);
constexpr std::size_t kMaxForwardedBody = 256u << 20;  // event pages can be large
std::atomic<std::uint64_t> g_upstream_ids{1ull << 62};  // apart from accepted connections' ids

struct Address {
  std::string host, port;
};

// "http://host:port" (a path after it is ignored); empty host when it is not one.
Address parse_base(const std::string& url) {
  std::string rest = url.rfind("http://", 0) == 0 ? url.substr(7) : url;
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || rest.empty()) return {};
  std::string host = rest.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, rest.substr(colon + 1)};
}

// Resolves and connects, then hands the connected stream on (or the error).
template <typename Then>
void connect_to(asio::io_context& ioc, const Address& address, Then then) {
  auto resolver = std::make_shared<tcp::resolver>(ioc);
  auto stream = std::make_shared<beast::tcp_stream>(asio::make_strand(ioc));
  resolver->async_resolve(address.host, address.port, [resolver, stream, then](beast::error_code ec, tcp::resolver::results_type found) mutable {
    if (ec) return then(stream, "cannot resolve it: " + ec.message());
    stream->expires_after(kConnectTimeout);
    stream->async_connect(found, [stream, then](beast::error_code ec, const tcp::endpoint&) mutable {
      then(stream, ec ? "cannot connect: " + ec.message() : std::string());
    });
  });
}

class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  HttpExchange(std::shared_ptr<beast::tcp_stream> stream, HttpRequest request, HttpResponder respond, std::string host)
      : stream_(std::move(stream)), respond_(std::move(respond)) {
    req_.method_string(request.method);
    req_.target(request.target);
    req_.version(11);
    for (const auto& [name, value] : request.headers) {
      if (name != "host" && name != "connection" && name != "content-length") req_.set(name, value);
    }
    req_.set(http::field::host, host);
    req_.set(http::field::connection, "close");
    req_.body() = std::move(request.body);
    req_.prepare_payload();
    parser_.body_limit(kMaxForwardedBody);
  }

  void start() {
    stream_->expires_after(kExchangeTimeout);
    http::async_write(*stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("sending the request failed: " + ec.message());
      http::async_read(*self->stream_, self->buffer_, self->parser_, [self](beast::error_code ec, std::size_t) {
        if (ec) return self->fail("reading the response failed: " + ec.message());
        self->finish();
      });
    });
  }

 private:
  void finish() {
    auto& res = parser_.get();
    HttpResponse out(static_cast<int>(res.result_int()), std::string(res[http::field::content_type]), std::move(res.body()));
    for (const auto& field : res) {
      auto name = std::string(field.name_string());
      auto lower = beast::iequals(name, "content-type") || beast::iequals(name, "content-length") ||
                   beast::iequals(name, "connection") || beast::iequals(name, "server") || beast::iequals(name, "date");
      if (!lower) out.headers.emplace_back(name, std::string(field.value()));
    }
    respond_(std::move(out));
    close();
  }
  void fail(const std::string& why) {
    respond_(HttpResponse(502, "application/json", "{\"error\":\"the node that owns this session did not answer: " + why + "\",\"code\":\"unavailable\"}\n"));
    close();
  }
  void close() {
    beast::error_code ignored;
    stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  std::shared_ptr<beast::tcp_stream> stream_;
  HttpResponder respond_;
  http::request<http::string_body> req_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

}  // namespace

void AsioRuntime::open_websocket(const std::string& base_url, std::shared_ptr<WsPeer> peer, WsLimits limits, WsOpened opened) {
  auto address = parse_base(base_url);
  if (address.host.empty()) return opened(nullptr, "'" + base_url + "' is not an http://host:port address");
  connect_to(ioc_, address, [address, peer, limits, opened](std::shared_ptr<beast::tcp_stream> stream, const std::string& error) {
    if (!error.empty()) return opened(nullptr, error);
    auto ws = std::make_shared<WebSocketSession>(std::move(*stream), limits, g_upstream_ids++);
    ws->handshake(address.host + ":" + address.port, kRelayPath, peer, opened);
  });
}

void AsioRuntime::forward_http(const std::string& base_url, HttpRequest request, HttpResponder respond) {
  auto address = parse_base(base_url);
  if (address.host.empty()) {
    return respond(HttpResponse(502, "application/json", "{\"error\":\"no address for the node that owns this session\",\"code\":\"unavailable\"}\n"));
  }
  connect_to(ioc_, address, [address, request = std::move(request), respond](std::shared_ptr<beast::tcp_stream> stream,
                                                                              const std::string& error) mutable {
    if (!error.empty()) {
      HttpResponse unreachable(502, "application/json", "{\"error\":\"the node that owns this session: " + error + "\",\"code\":\"unavailable\"}\n");
      unreachable.headers.emplace_back(kNotSentHeader, "1");  // the other node never saw the request
      return respond(std::move(unreachable));
    }
    std::make_shared<HttpExchange>(std::move(stream), std::move(request), std::move(respond), address.host + ":" + address.port)->start();
  });
}

}  // namespace parley::net
