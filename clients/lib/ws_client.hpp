#pragma once
// A blocking WebSocket client for Parley's protocol, for the command-line
// client, bots and tests. Speaks binary protobuf or JSON text frames.
// Not thread-safe: one thread uses one client.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::client {

class WsClient {
 public:
  WsClient();
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // url like "http://127.0.0.1:8080" (the /ws path is added).
  Status connect(const std::string& url, bool json = false);
  Status send(const parley::v1::ClientEnvelope& envelope);
  // Sends raw bytes as one frame (for tests of malformed input).
  Status send_raw(const std::string& bytes, bool text);
  // The next envelope from the server; an error on timeout or close. A batch
  // is returned as its events, then its acks, one per call (BatchReader).
  // In binary the client's hello asks the server not to send its own
  // messages' texts back, and it restores them from the commands it sent.
  Result<parley::v1::ServerEnvelope> receive(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next frame's raw bytes and whether it was text (a batch stays whole,
  // packed: a caller that reads batches this way must read them all so).
  Result<std::pair<std::string, bool>> receive_raw(std::chrono::milliseconds timeout);
  bool is_open() const;
  // Why the server closed the connection, when it did.
  const std::string& close_reason() const;
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// host and port from "http://host:port[/...]".
Result<std::pair<std::string, std::string>> split_url(const std::string& url);

}  // namespace parley::client
