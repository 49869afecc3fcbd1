#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <google/protobuf/util/json_util.h>

namespace parley::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace pb = parley::v1;

struct WsClient::Impl {
  asio::io_context ioc;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  bool json = false;
  bool open = false;
  std::string close_reason;
};

Result<std::pair<std::string, std::string>> split_url(const std::string& url) {
  std::string rest = url;
  for (const char* scheme : {"http://", "ws://"}) {
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(std::string(scheme).size());
  }
  if (url.rfind("https://", 0) == 0 || url.rfind("wss://", 0) == 0) return fail("TLS is not supported: use http://");
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return fail("'" + url + "' is not http://HOST:PORT");
  return std::make_pair(rest.substr(0, colon), rest.substr(colon + 1));
}

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() { close(); }

Status WsClient::connect(const std::string& url, bool json) {
  auto where = split_url(url);
  if (!where) return where.error();
  auto [host, port] = where.value();
  impl_->json = json;
  try {
    asio::ip::tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(host, port);
    impl_->ws.emplace(impl_->ioc);
    beast::get_lowest_layer(*impl_->ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(*impl_->ws).connect(results);
    beast::get_lowest_layer(*impl_->ws).socket().set_option(asio::ip::tcp::no_delay(true));
    impl_->ws->handshake(host + ":" + port, "/ws");
    beast::get_lowest_layer(*impl_->ws).expires_never();
    impl_->ws->read_message_max(64 * 1024 * 1024);
    impl_->open = true;
    return {};
  } catch (const std::exception& e) {
    return fail("cannot connect to " + url + ": " + e.what());
  }
}

Status WsClient::send_raw(const std::string& bytes, bool text) {
  if (!impl_->open) return fail("not connected");
  beast::error_code ec;
  impl_->ws->text(text);
  impl_->ws->write(asio::buffer(bytes), ec);
  if (ec) {
    impl_->open = false;
    return fail("send failed: " + ec.message());
  }
  return {};
}

Status WsClient::send(const pb::ClientEnvelope& envelope) {
  std::string bytes;
  if (impl_->json) {
    (void)google::protobuf::util::MessageToJsonString(envelope, &bytes);
  } else {
    envelope.SerializeToString(&bytes);
  }
  return send_raw(bytes, impl_->json);
}

Result<std::pair<std::string, bool>> WsClient::receive_raw(std::chrono::milliseconds timeout) {
  if (!impl_->ws) return fail("not connected");
  beast::error_code result = asio::error::would_block;
  impl_->ws->async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (result == asio::error::would_block) {
    // Timed out: abandon the read by cancelling it on the socket.
    beast::get_lowest_layer(*impl_->ws).socket().cancel();
    impl_->ioc.restart();
    impl_->ioc.run();
    return fail("no frame within " + std::to_string(timeout.count()) + " ms");
  }
  if (result) {
    impl_->open = false;
    if (result == websocket::error::closed) impl_->close_reason = std::string(impl_->ws->reason().reason.c_str());
    return fail("connection closed: " + (impl_->close_reason.empty() ? result.message() : impl_->close_reason));
  }
  std::string data = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return std::make_pair(std::move(data), impl_->ws->got_text());
}

Result<pb::ServerEnvelope> WsClient::receive(std::chrono::milliseconds timeout) {
  auto raw = receive_raw(timeout);
  if (!raw) return raw.error();
  pb::ServerEnvelope env;
  if (raw.value().second) {
    auto status = google::protobuf::util::JsonStringToMessage(raw.value().first, &env);
    if (!status.ok()) return fail("the server sent invalid JSON: " + std::string(status.message()));
  } else if (!env.ParseFromString(raw.value().first)) {
    return fail("the server sent a frame that is not a ServerEnvelope");
  }
  return env;
}

bool WsClient::is_open() const { return impl_->open; }
const std::string& WsClient::close_reason() const { return impl_->close_reason; }

void WsClient::close() {
  if (!impl_->open) return;
  impl_->open = false;
  beast::error_code ec;
  beast::get_lowest_layer(*impl_->ws).expires_after(std::chrono::seconds(2));
  impl_->ws->close(websocket::close_code::normal, ec);
}

}  // namespace parley::client
