#pragma once
// One WebSocket connection: reads frames (bounded in size), hands them to
// the application's peer, and writes queued frames in order. Lives on its
// own strand; every handler holds shared_from_this(). A slow reader whose
// outbound queue reaches its limit is closed with a reason.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <vector>

#include "net/runtime.hpp"
#include "net/ws_connection.hpp"

namespace parley::net {

class WebSocketSession : public WsConnection, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(boost::beast::tcp_stream stream, WsLimits limits, std::uint64_t id);

  // Completes the upgrade; the acceptor decides whether to keep the connection.
  void accept(boost::beast::http::request<boost::beast::http::string_body> request, const WsAcceptor& acceptor);
  // The client's side, on a connected stream: the handshake to host/path, then frames go to peer.
  void handshake(const std::string& host, const std::string& path, std::shared_ptr<WsPeer> peer, WsOpened opened);

  void send(std::shared_ptr<const std::string> payload, FrameKind kind) override;
  void close(const std::string& reason) override;
  void run(std::function<void()> fn) override;
  std::uint64_t id() const override { return id_; }
  const std::string& remote() const override { return remote_; }
  bool relayed() const override { return relayed_; }

 private:
  struct Frame {
    std::shared_ptr<const std::string> payload;
    FrameKind kind;
  };
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void enqueue(Frame frame);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_close(const std::string& reason, bool flush);
  void start_close();
  void drop_queue(std::size_t keep);
  void finish(const std::string& reason);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<Frame> queue_;
  WsLimits limits_;
  std::uint64_t id_;
  std::string remote_;
  std::shared_ptr<WsPeer> peer_;
  bool closing_ = false;
  std::string close_reason_;
  bool finished_ = false;
  std::size_t writing_ = 0;  // frames at the queue's front an async_write is reading
  std::vector<boost::asio::const_buffer> gather_;
  std::size_t queued_bytes_ = 0;
  bool relayed_ = false;
};

}  // namespace parley::net
