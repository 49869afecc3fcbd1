#pragma once
// One participant in an integration test: a WebSocket client bound to a
// role, which sends commands with request ids, waits for their answers,
// and records every event it is sent (checking it was allowed to see it).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "parley/v1/protocol.pb.h"
#include "ws_client.hpp"

namespace parley::test {

namespace pb = parley::v1;

class Player {
 public:
  // Connects and says hello; fails the test if the server refuses.
  // `wants_desk`: the server also sends the seat's Desk, kept as desk().
  Player(const std::string& url, const std::string& code, const std::string& role, bool json = false,
         std::uint64_t last_seq = 0, bool wants_desk = false);

  // Sends a command and returns the server's answer (ack or rejection),
  // collecting the events that arrive meanwhile.
  pb::ServerEnvelope command(const pb::Command& command, const std::string& request_id = "");
  // A barrier: returns once every event committed before it has been received.
  void sync();
  // Reads events until one with at least this seq has arrived.
  void wait_for_seq(std::uint64_t seq);
  // Reads whatever arrives within the timeout.
  void drain(std::chrono::milliseconds timeout = std::chrono::milliseconds(200));

  const std::vector<std::pair<std::uint64_t, pb::Event>>& events() const { return events_; }
  std::uint64_t last_seq() const { return events_.empty() ? snapshot_seq_ : events_.back().first; }
  const pb::Welcome& welcome() const { return welcome_; }
  bool got_snapshot() const { return got_snapshot_; }
  std::uint64_t snapshot_seq() const { return snapshot_seq_; }
  const pb::SessionState& snapshot() const { return snapshot_; }
  client::WsClient& ws() { return ws_; }
  const std::string& role() const { return role_; }
  const pb::Desk& desk() const { return desk_; }
  int desks() const { return desks_; }  // how many desks arrived

 private:
  void record(const pb::ServerEnvelope& env);

  client::WsClient ws_;
  std::string role_;
  pb::Welcome welcome_;
  bool got_snapshot_ = false;
  std::uint64_t snapshot_seq_ = 0;
  pb::SessionState snapshot_;
  std::vector<std::pair<std::uint64_t, pb::Event>> events_;
  std::set<std::string> rooms_;  // rooms this role belongs to
  pb::Desk desk_;
  int desks_ = 0;
};

// Whether a role may see an event, written independently of the engine.
bool may_see(const std::string& role, bool white, const pb::Event& e, const std::set<std::string>& rooms);

}  // namespace parley::test
