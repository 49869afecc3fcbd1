#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <functional>
#include <unordered_map>
#include <google/protobuf/util/json_util.h>

#include "wire/batch_reader.hpp"
#include "wire/own_text.hpp"

namespace parley::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace pb = parley::v1;

// A read that times out stays pending (cancelling it would break the
// WebSocket stream); the next receive() waits for the same read. Writes go
// through the same io_context, so a read completing meanwhile is recorded.
struct WsClient::Impl {
  asio::io_context ioc;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  bool json = false;
  bool open = false;
  std::string close_reason;
  bool reading = false;
  bool read_done = false;
  beast::error_code read_result;
  std::deque<pb::ServerEnvelope> unpacked;  // the rest of a batch receive() has begun
  // The texts of binary commands without an answer yet, by request id: the server leaves them
  // out of the events they cause (OWN_TEXT) and the reader puts them back.
  std::unordered_map<std::string, std::string> own_texts;
  wire::BatchReader reader{[this](const std::string& id) -> const std::string* {
    auto it = own_texts.find(id);
    return it == own_texts.end() ? nullptr : &it->second;
  }};

  // A new connection packs from nothing and answers nothing sent on the last.
  void reset_reading() {
    unpacked.clear();
    own_texts.clear();
    reader.reset();
  }
  void answered(const pb::ServerEnvelope& env) {
    if (env.has_ack()) own_texts.erase(env.ack().request_id());
    if (env.has_rejection()) own_texts.erase(env.rejection().request_id());
  }

  // Runs handlers until `ready` or the deadline.
  void run_until(const std::function<bool()>& ready, std::chrono::steady_clock::time_point deadline) {
    if (ioc.stopped()) ioc.restart();
    while (!ready()) {
      auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) return;
      if (ioc.run_one_for(left) == 0 && ioc.stopped()) ioc.restart();
    }
  }

  void start_read() {
    if (reading) return;
    reading = true;
    read_done = false;
    ws->async_read(buffer, [this](beast::error_code ec, std::size_t) {
      read_result = ec;
      read_done = true;
    });
  }
};

Result<std::pair<std::string, std::string>> split_url(const std::string& url) {
  std::string rest = url;
  for (const char* scheme : {"http://", "ws://"}) {
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(std::string(scheme).size());
  }
  if (url.rfind("https://", 0) == 0 || url.rfind("wss://", 0) == 0) return fail(ErrorCode::invalid, "TLS is not supported: use http://");
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return fail(ErrorCode::invalid, "'" + url + "' is not http://HOST:PORT");
  return std::make_pair(rest.substr(0, colon), rest.substr(colon + 1));
}

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() { close(); }

Status WsClient::connect(const std::string& url, bool json) {
  auto where = split_url(url);
  if (!where) return where.error();
  auto [host, port] = where.value();
  impl_->json = json;
  impl_->reset_reading();
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
    return fail(ErrorCode::unavailable, "cannot connect to " + url + ": " + e.what());
  }
}

Status WsClient::send_raw(const std::string& bytes, bool text) {
  if (!impl_->open) return fail(ErrorCode::unavailable, "not connected");
  bool written = false;
  beast::error_code result;
  impl_->ws->text(text);
  impl_->ws->async_write(asio::buffer(bytes), [&](beast::error_code ec, std::size_t) {
    result = ec;
    written = true;
  });
  impl_->run_until([&] { return written; }, std::chrono::steady_clock::now() + std::chrono::seconds(30));
  if (!written) {
    // A peer that will not take our bytes: give up on the connection.
    impl_->open = false;
    beast::error_code ignored;
    beast::get_lowest_layer(*impl_->ws).socket().close(ignored);
    impl_->run_until([&] { return written; }, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    return fail(ErrorCode::unavailable, "send timed out");
  }
  if (result) {
    impl_->open = false;
    return fail(ErrorCode::unavailable, "send failed: " + result.message());
  }
  return {};
}

Status WsClient::send(const pb::ClientEnvelope& envelope) {
  if (!impl_->json && envelope.has_hello() && !envelope.hello().keeps_own_texts()) {
    pb::ClientEnvelope hello = envelope;  // it does keep them (below), so it asks not to get them back
    hello.mutable_hello()->set_keeps_own_texts(true);
    return send(hello);
  }
  if (!impl_->json && envelope.has_command() && !envelope.request_id().empty()) {
    const auto& text = wire::command_text(envelope.command());
    if (!text.empty()) impl_->own_texts[envelope.request_id()] = text;
  }
  std::string bytes;
  if (impl_->json) {
    (void)google::protobuf::util::MessageToJsonString(envelope, &bytes);
  } else {
    envelope.SerializeToString(&bytes);
  }
  return send_raw(bytes, impl_->json);
}

Result<std::pair<std::string, bool>> WsClient::receive_raw(std::chrono::milliseconds timeout) {
  if (!impl_->ws) return fail(ErrorCode::unavailable, "not connected");
  if (!impl_->reading && !impl_->open) return fail(ErrorCode::unavailable, "connection closed" + (impl_->close_reason.empty() ? "" : ": " + impl_->close_reason));
  impl_->start_read();
  impl_->run_until([this] { return impl_->read_done; }, std::chrono::steady_clock::now() + timeout);
  if (!impl_->read_done) return fail(ErrorCode::unavailable, "no frame within " + std::to_string(timeout.count()) + " ms");
  impl_->reading = false;
  impl_->read_done = false;
  if (auto ec = impl_->read_result) {
    impl_->open = false;
    if (ec == websocket::error::closed) impl_->close_reason = std::string(impl_->ws->reason().reason.c_str());
    return fail(ErrorCode::unavailable, "connection closed: " + (impl_->close_reason.empty() ? ec.message() : impl_->close_reason));
  }
  std::string data = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return std::make_pair(std::move(data), impl_->ws->got_text());
}

Result<pb::ServerEnvelope> WsClient::receive(std::chrono::milliseconds timeout) {
  if (!impl_->unpacked.empty()) {
    auto next = std::move(impl_->unpacked.front());
    impl_->unpacked.pop_front();
    return next;
  }
  auto raw = receive_raw(timeout);
  if (!raw) return raw.error();
  pb::ServerEnvelope env;
  if (raw.value().second) {
    auto status = google::protobuf::util::JsonStringToMessage(raw.value().first, &env);
    if (!status.ok()) return fail(ErrorCode::invalid, "the server sent invalid JSON: " + std::string(status.message()));
  } else if (!env.ParseFromString(raw.value().first)) {
    close();  // later events are packed against this frame's: the caller must reconnect
    return fail(ErrorCode::invalid, "the server sent a frame that is not a ServerEnvelope");
  }
  auto parts = impl_->reader.unpack(std::move(env));
  for (const auto& part : parts) impl_->answered(part);
  if (parts.empty()) return receive(timeout);  // an empty batch says nothing
  for (std::size_t i = 1; i < parts.size(); ++i) impl_->unpacked.push_back(std::move(parts[i]));
  return std::move(parts.front());
}

bool WsClient::is_open() const { return impl_->open; }
const std::string& WsClient::close_reason() const { return impl_->close_reason; }

void WsClient::close() {
  if (!impl_->open) return;
  impl_->open = false;
  bool closed = false;
  beast::get_lowest_layer(*impl_->ws).expires_after(std::chrono::seconds(2));
  impl_->ws->async_close(websocket::close_code::normal, [&](beast::error_code) { closed = true; });
  impl_->run_until([&] { return closed; }, std::chrono::steady_clock::now() + std::chrono::seconds(3));
  beast::error_code ignored;
  beast::get_lowest_layer(*impl_->ws).socket().close(ignored);
  // Let the pending read, if any, finish with an error before we go.
  impl_->run_until([this] { return !impl_->reading || impl_->read_done; }, std::chrono::steady_clock::now() + std::chrono::seconds(1));
}

}  // namespace parley::client
