#pragma once
// A participant's live link to a session: connects, authenticates with a
// code, and sends commands one at a time, handing every event that arrives
// meanwhile to an observer. Used by play, join, bots and the white cell's
// controls.

#include <chrono>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "parley/v1/protocol.pb.h"
#include "ws_client.hpp"

namespace parley::cli {

class SessionLink {
 public:
  using EventObserver = std::function<void(std::uint64_t seq, const parley::v1::Event&)>;

  // Connects and says hello; the welcome and the first snapshot are kept.
  // `client` names this program on the white cell's seats board.
  // With `wants_desk` the server also sends the seat's Desk whenever it changes.
  // `display_name`: the person's name, which only the white cell sees (sessions of a class may require it).
  static Result<std::unique_ptr<SessionLink>> open(const std::string& server, const std::string& code,
                                                   std::uint64_t last_seq = 0, const std::string& client = "parley",
                                                   bool wants_desk = false, const std::string& display_name = "");

  void on_event(EventObserver observer) { observer_ = std::move(observer); }
  // Called when the server sends a fresh snapshot after the first one (a
  // resume older than the server's memory).
  void on_snapshot(std::function<void(const parley::v1::SessionState&)> observer) { snapshot_observer_ = std::move(observer); }
  // Called with each Desk the server sends (a link opened with wants_desk).
  void on_desk(std::function<void(const parley::v1::Desk&)> observer) { desk_observer_ = std::move(observer); }
  // Sends a command and returns its ack or rejection.
  Result<parley::v1::ServerEnvelope> send(const parley::v1::Command& command,
                                          std::chrono::seconds timeout = std::chrono::seconds(30));
  // Returns once every event committed before the call has been delivered
  // (to the observer); the answer's seq is the session's last event.
  Result<std::uint64_t> sync(std::chrono::seconds timeout = std::chrono::seconds(30));
  // Reads events until `done` returns true after one of them, or the timeout.
  Status wait_until(const std::function<bool(const parley::v1::Event&)>& done, std::chrono::seconds timeout);
  // Reads whatever arrives within the timeout (for live displays).
  Status poll(std::chrono::milliseconds timeout);

  const parley::v1::Welcome& welcome() const { return welcome_; }
  const parley::v1::SessionState& snapshot() const { return snapshot_; }
  const parley::v1::Desk& desk() const { return desk_; }  // the latest (empty until the first arrives)
  std::uint64_t last_seq() const { return last_seq_; }

 private:
  SessionLink() = default;
  Status dispatch(const parley::v1::ServerEnvelope& env);
  // Sends an envelope (giving it a fresh request id) and waits for its answer.
  Result<parley::v1::ServerEnvelope> exchange(parley::v1::ClientEnvelope env, std::chrono::seconds timeout);
  Status reconnect(std::chrono::steady_clock::time_point deadline);

  std::string server_, code_, client_, display_name_;  // to connect again
  client::WsClient ws_;
  parley::v1::Welcome welcome_;
  parley::v1::SessionState snapshot_;
  std::uint64_t last_seq_ = 0;
  EventObserver observer_;
  std::function<void(const parley::v1::SessionState&)> snapshot_observer_;
  std::function<void(const parley::v1::Desk&)> desk_observer_;
  parley::v1::Desk desk_;
  bool wants_desk_ = false;
  std::string id_prefix_;
  std::uint64_t next_request_ = 0;
};

// "WRONG_PHASE" or "RATE_LIMITED" for a rejection.
std::string rejection_code(const parley::v1::Rejection& r);

}  // namespace parley::cli
