#include "net/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <atomic>
#include <boost/asio/post.hpp>

#include "log/logger.hpp"

namespace parley::net {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;

namespace {
std::atomic<std::int64_t> g_queued{0};
}  // namespace

std::int64_t outbound_frames_queued() { return g_queued.load(); }

WebSocketSession::WebSocketSession(beast::tcp_stream stream, WsLimits limits, std::uint64_t id)
    : ws_(std::move(stream)), limits_(limits), id_(id) {
  beast::error_code ec;
  auto ep = ws_.next_layer().socket().remote_endpoint(ec);
  remote_ = ec ? "unknown" : ep.address().to_string() + ":" + std::to_string(ep.port());
}

void WebSocketSession::accept(http::request<http::string_body> request, const WsAcceptor& acceptor) {
  relayed_ = request.target() == kRelayPath;
  ws_.next_layer().expires_never();
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = std::chrono::seconds(30);
  timeout.idle_timeout = std::chrono::seconds(limits_.idle_timeout_seconds);
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.read_message_max(limits_.max_frame_bytes);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(http::field::server, "parley");
  }));
  auto decision = acceptor(shared_from_this());
  if (!decision.peer) {
    // Refuse during the handshake: the client sees an HTTP error, not a socket reset.
    http::response<http::string_body> res{http::status::service_unavailable, request.version()};
    res.set(http::field::content_type, "application/json");
    res.body() = "{\"error\":\"" + decision.refusal + "\",\"code\":\"unavailable\"}\n";
    res.prepare_payload();
    auto self = shared_from_this();
    auto response = std::make_shared<http::response<http::string_body>>(std::move(res));
    http::async_write(ws_.next_layer(), *response, [self, response](beast::error_code, std::size_t) {
      beast::error_code ignored;
      self->ws_.next_layer().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    });
    return;
  }
  peer_ = std::move(decision.peer);
  ws_.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::handshake(const std::string& host, const std::string& path, std::shared_ptr<WsPeer> peer, WsOpened opened) {
  ws_.next_layer().expires_after(std::chrono::seconds(5));
  ws_.read_message_max(limits_.max_frame_bytes);
  ws_.async_handshake(host, path, [self = shared_from_this(), peer = std::move(peer), opened = std::move(opened)](beast::error_code ec) {
    if (ec) return opened(nullptr, "the WebSocket handshake failed: " + ec.message());
    self->ws_.next_layer().expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.idle_timeout = std::chrono::seconds(self->limits_.idle_timeout_seconds);
    timeout.keep_alive_pings = true;
    self->ws_.set_option(timeout);
    self->peer_ = peer;
    opened(self, "");
    self->do_read();
  });
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) return finish("handshake failed: " + ec.message());
  do_read();
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == websocket::error::closed) return finish("closed by the client");
  if (ec == websocket::error::message_too_big) return finish("frame larger than " + std::to_string(limits_.max_frame_bytes) + " bytes");
  if (ec) return finish(ec == beast::error::timeout ? "idle timeout" : ec.message());
  std::string data = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  bool text = ws_.got_text();
  if (peer_ && !closing_) peer_->on_message(std::move(data), text);
  if (!finished_) do_read();
}

void WebSocketSession::send(std::shared_ptr<const std::string> payload, FrameKind kind) {
  boost::asio::post(ws_.get_executor(), [self = shared_from_this(), frame = Frame{std::move(payload), kind}]() mutable {
    self->enqueue(std::move(frame));
  });
}

void WebSocketSession::enqueue(Frame frame) {
  if (closing_ || finished_) return;
  if (queue_.size() >= limits_.max_queued_frames || queued_bytes_ + frame.payload->size() > limits_.max_queued_bytes) {
    log::warn("net", "closing connection " + std::to_string(id_) + " from " + remote_ + ": it is not reading (" +
                         std::to_string(queue_.size()) + " frames, " + std::to_string(queued_bytes_) + " bytes queued)");
    return do_close("slow reader: outbound queue full", /*flush=*/false);
  }
  queued_bytes_ += frame.payload->size();
  queue_.push_back(std::move(frame));
  ++g_queued;
  if (queue_.size() == 1) do_write();
}

// Batches waiting behind each other are written as one frame with one
// gathered write: one system call where there would be one per frame.
void WebSocketSession::do_write() {
  gather_.clear();
  writing_ = 0;
  do {
    gather_.push_back(boost::asio::buffer(*queue_[writing_].payload));
    ++writing_;
  } while (queue_.front().kind == FrameKind::batch && writing_ < queue_.size() &&
           queue_[writing_].kind == FrameKind::batch);
  ws_.text(queue_.front().kind == FrameKind::text);
  ws_.async_write(gather_, beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
  // The frames just written stayed queued (finish() keeps them: Beast reads their bytes until now).
  for (; writing_ > 0 && !queue_.empty(); --writing_) {
    queued_bytes_ -= queue_.front().payload->size();
    queue_.pop_front();
    --g_queued;
  }
  writing_ = 0;
  if (finished_) return drop_queue(0);
  if (ec) return finish("write failed: " + ec.message());
  if (!queue_.empty()) return do_write();
  if (closing_) start_close();
}

void WebSocketSession::run(std::function<void()> fn) {
  boost::asio::post(ws_.get_executor(), [self = shared_from_this(), fn = std::move(fn)] { fn(); });
}

void WebSocketSession::close(const std::string& reason) {
  // The application's reasons (abuse, refusal) reach the client after the
  // answers already queued for it.
  boost::asio::post(ws_.get_executor(), [self = shared_from_this(), reason] { self->do_close(reason, /*flush=*/true); });
}

void WebSocketSession::do_close(const std::string& reason, bool flush) {
  if (closing_ || finished_) return;
  closing_ = true;
  close_reason_ = reason;
  // Beast allows one write at a time, and a close is a write: close after
  // the frame in flight, and after those queued behind it when flushing.
  if (queue_.empty()) return start_close();
  if (!flush) drop_queue(writing_);
}

void WebSocketSession::drop_queue(std::size_t keep) {
  while (queue_.size() > keep) {
    queued_bytes_ -= queue_.back().payload->size();
    queue_.pop_back();
    --g_queued;
  }
}

void WebSocketSession::start_close() {
  websocket::close_reason cr(websocket::close_code::policy_error, close_reason_.substr(0, 120));
  ws_.async_close(cr, [self = shared_from_this()](beast::error_code) { self->finish(self->close_reason_); });
}

// Tells the peer once, whatever ended the connection.
void WebSocketSession::finish(const std::string& reason) {
  if (finished_) return;
  finished_ = true;
  drop_queue(writing_);  // frames being written are freed by on_write, not under Beast
  if (peer_) {
    peer_->on_close(reason);
    peer_.reset();
  }
  beast::error_code ignored;
  ws_.next_layer().socket().close(ignored);
}

}  // namespace parley::net
