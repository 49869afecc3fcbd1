#pragma once
// A participant that survives its server dying: on a broken connection it
// reconnects (resuming from the last seq it saw) and resends the unanswered
// command with the same request id, as the shipped clients do. It records
// what its stream held, so a test can look for gaps and duplicates.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parley/v1/protocol.pb.h"
#include "ws_client.hpp"

namespace parley::test {

class ResilientClient {
 public:
  // url is asked at every connect, so a server restarted elsewhere is found.
  ResilientClient(std::function<std::string()> url, std::string code, std::string role)
      : url_(std::move(url)), code_(std::move(code)), role_(std::move(role)) {}

  // The command's ack seq, or nothing when the server refused it (a rule, or storage down).
  std::optional<std::uint64_t> command(const std::string& request_id, const parley::v1::Command& command);
  // Reads what the server has sent so far (a barrier: a sync's ack).
  void sync();

  const std::string& role() const { return role_; }
  // Whether this client holds event seq: sent it, or a snapshot stood for it.
  bool holds(std::uint64_t seq) const;
  // Each snapshot received: its seq and state, to hold against the replay's view at that seq.
  const std::vector<std::pair<std::uint64_t, std::string>>& snapshots() const { return snapshots_; }
  std::size_t events_received() const { return received_.size(); }
  std::uint64_t last_seq() const { return last_seq_; }
  int gaps() const { return gaps_; }
  int duplicates() const { return duplicates_; }
  int resumes() const { return resumes_; }
  int retries() const { return retries_; }
  int refusals() const { return refusals_; }

 private:
  // A client's pause before trying again, as the shipped clients' backoff.
  static void backoff();
  // A reconnect: waits (briefly) for the server to be back, then hello with the last seq seen.
  bool connect();
  // Events arrive in order, never twice; a snapshot stands for the stretch
  // since the last seq seen (what this role may see of it is checked by the test).
  void take(const parley::v1::ServerEnvelope& env);

  std::function<std::string()> url_;
  std::string code_, role_;
  parley::client::WsClient ws_;
  bool connected_ = false;
  std::uint64_t last_seq_ = 0;
  std::set<std::uint64_t> received_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> covered_;  // (after, upto] stood for by snapshots
  std::vector<std::pair<std::uint64_t, std::string>> snapshots_;
  int gaps_ = 0, duplicates_ = 0, resumes_ = 0, retries_ = 0, refusals_ = 0, sent_ = 0, syncs_ = 0;
};

}  // namespace parley::test
