#pragma once
// The application's side of a WebSocket connection, without Beast.
//
// WsConnection is what the application holds to talk to a client: send()
// and close() may be called from any thread. WsPeer is what the
// application gives the network for each accepted connection: its methods
// are called on the connection's strand, one at a time, never concurrently.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace parley::net {

// How a frame's payload may be written. Batches are binary protobuf messages
// of which several, back to back, parse as one (protobuf merges repeated
// fields), so batches waiting for a connection go out as one frame.
enum class FrameKind { binary, text, batch };

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues a frame. If the client is not reading and the queue is full, the
  // connection is closed with a reason instead of growing memory.
  virtual void send(std::shared_ptr<const std::string> payload, FrameKind kind) = 0;
  virtual void close(const std::string& reason) = 0;
  // Runs fn on the connection's strand (one at a time with the peer's
  // methods), even after the connection closed, so work begun elsewhere
  // can always finish or undo itself.
  virtual void run(std::function<void()> fn) = 0;
  virtual std::uint64_t id() const = 0;
  virtual const std::string& remote() const = 0;
  // Whether another node of the cluster opened it to relay a client (such a
  // connection is never relayed on again, so two nodes can never loop).
  virtual bool relayed() const = 0;
};

// The path a node relays clients on.
inline constexpr const char* kRelayPath = "/ws?relay=1";

class WsPeer {
 public:
  virtual ~WsPeer() = default;
  virtual void on_message(std::string data, bool text) = 0;
  virtual void on_close(const std::string& reason) = 0;
};

// Returns the peer for a new connection, or nullptr to refuse it (the
// client then gets HTTP 503 with the reason).
struct WsAcceptDecision {
  std::shared_ptr<WsPeer> peer;
  std::string refusal;
};
using WsAcceptor = std::function<WsAcceptDecision(std::shared_ptr<WsConnection>)>;

// Frames queued for writing across every connection (for /metrics).
std::int64_t outbound_frames_queued();

struct WsLimits {
  std::size_t max_frame_bytes = 64 * 1024;
  std::size_t max_queued_frames = 1024;        // outbound, per connection
  std::size_t max_queued_bytes = 8 << 20;      // outbound, per connection: a few big frames count as much as many
  int idle_timeout_seconds = 60;         // pings are sent at half this
};

}  // namespace parley::net
