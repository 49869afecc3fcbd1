#pragma once
// An event log a test settles by hand: appends wait until the test says how
// each one ended (stored, refused, fenced, or of unknown outcome, stored or
// not), and a read-back answers from what was "stored" or with an error the
// test chose. The session host cannot tell it from PostgreSQL.

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "storage/event_log.hpp"

namespace parley::test {

class ScriptedEventLog : public storage::EventLog {
 public:
  bool append(storage::Append a) override {
    if (full) return false;
    waiting.push_back(std::move(a));
    return true;
  }
  void reset_session(const std::string&) override { ++resets; }
  void read_back(const std::string&, std::uint64_t after, std::vector<RequestKey> keys,
                 std::function<void(Result<storage::StoredTail>)> done) override {
    read_backs.push_back(after);
    if (read_error) return done(*read_error);
    storage::StoredTail tail;
    for (const auto& e : stored) {
      if (e.seq > after) tail.events.push_back(e);
      if (e.seq > after && damaged) tail.events.back().payload = "\xff\xff not an event";
    }
    for (const auto& key : keys) {
      for (const auto& c : commands) {
        if (c.role == key.role && c.seat == key.seat && c.request_id == key.request_id) tail.answers.emplace_back(key, c.result);
      }
    }
    done(std::move(tail));
  }

  // Ends the oldest waiting append: `kept` says whether its rows are stored, `outcome`
  // what its writer is told (an unknown outcome may go either way).
  void settle(Status outcome, bool kept) {
    auto a = std::move(waiting.front());
    waiting.pop_front();
    if (kept) {
      for (auto& e : a.events) stored.push_back(e);
      if (a.command) commands.push_back(*a.command);
    }
    a.done(outcome);
  }
  void commit() { settle({}, true); }
  void refuse(ErrorCode code, const std::string& why) { settle(fail(code, why), false); }

  bool full = false;
  std::optional<Error> read_error;
  bool damaged = false;  // read-backs return events that do not parse
  std::deque<storage::Append> waiting;
  std::vector<storage::StoredEvent> stored;
  std::vector<storage::CommandRecord> commands;
  std::vector<std::uint64_t> read_backs;  // the seq each read-back started after
  int resets = 0;
};

}  // namespace parley::test
