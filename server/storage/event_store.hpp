#pragma once
// Durable, ordered appends of session events with group commit: appends from
// many sessions are gathered into one transaction, so throughput is not
// bounded by the disk's fsync rate. Each append's callback runs (on the
// writer thread) only after its transaction committed, or with the error.
//
// After a failed append for a session, later appends for that session fail
// too until reset_session(): a session's log never gets a gap.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct StoredEvent {
  std::uint64_t seq = 0;
  std::string type;     // the event kind's name, for queries
  std::string payload;  // the serialized parley.v1.Event
  int round = 0;
  std::string phase;
  std::int64_t at_ms = 0;
};

struct CommandRecord {
  std::string role;
  std::uint32_t seat = 0;
  std::string request_id;
  std::string result;  // the serialized answer (a ServerEnvelope)
};

struct Append {
  std::string session_id;
  std::vector<StoredEvent> events;
  std::optional<CommandRecord> command;
  std::optional<std::pair<std::uint64_t, std::string>> snapshot;  // seq, serialized state
  std::optional<std::string> status;  // new session status, when it changed
  std::function<void(const Status&)> done;
};

struct EventStoreStats {
  std::uint64_t commits = 0;
  std::uint64_t appends = 0;
  std::uint64_t failures = 0;
};

class EventStore {
 public:
  // Called after every commit with its latency and how many appends it held.
  using CommitObserver = std::function<void(double seconds, std::size_t appends)>;

  EventStore(std::string url, std::size_t max_queue = 100000, std::size_t max_batch = 2000);
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // False when the queue is full (the caller rejects the command as overloaded).
  bool append(Append a);
  void reset_session(const std::string& session_id);
  void set_commit_observer(CommitObserver observer) { observer_ = std::move(observer); }
  // Fault injection for tests: the nth commit (1-based) is made but reported
  // as of unknown outcome, as when the connection drops during COMMIT.
  void report_commit_as_unknown(std::uint64_t nth) { unknown_at_ = nth; }
  std::size_t queue_depth();
  void stop();

 private:
  void loop();
  Status write(std::vector<Append>& batch);
  // After a batch failed on its data (not its connection): each append alone,
  // so one bad append fails only its own session.
  void write_singly(std::vector<Append>& batch);
  static void answer(Append& append, const Status& status);

  std::string url_;
  std::size_t max_queue_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Append> queue_;
  std::set<std::string> poisoned_;
  bool stopping_ = false;
  std::unique_ptr<pqxx::connection> conn_;
  CommitObserver observer_;
  std::atomic<std::uint64_t> unknown_at_{0};
  std::uint64_t commits_ = 0;
  std::thread thread_;
};

}  // namespace parley::storage
