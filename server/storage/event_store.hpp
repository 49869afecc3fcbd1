#pragma once
// Durable, ordered appends of session events with group commit: appends from
// many sessions are gathered into one transaction, so throughput is not
// bounded by the disk's fsync rate. Each append's callback runs (on the
// writer thread) only after its transaction committed, or with the error.
//
// After a failed append for a session, later appends for that session fail
// too until reset_session(): a session's log never gets a gap.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/worker_thread.hpp"
#include "storage/db_worker.hpp"
#include "storage/event_log.hpp"

namespace parley::storage {

struct EventStoreStats {
  std::uint64_t commits = 0;
  std::uint64_t appends = 0;
  std::uint64_t failures = 0;
};

class EventStore : public EventLog {
 public:
  // Called after every commit with its latency and how many appends it held.
  using CommitObserver = std::function<void(double seconds, std::size_t appends)>;

  // With start false, appends queue up until start() (tests use it to put
  // several appends into one batch).
  // node_id: appends are fenced by this node's session leases; empty: not fenced.
  EventStore(std::string url, std::size_t max_queue = 100000, std::size_t max_batch = 2000, bool start = true,
             std::string node_id = "");
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  void start() { writer_.start(); }
  // False when the queue is full (the caller rejects the command as overloaded).
  bool append(Append a) override { return writer_.submit(std::move(a)); }
  void reset_session(const std::string& session_id) override;
  // Read on a connection of its own, so a read-back never waits behind the writer's queue.
  void read_back(const std::string& session_id, std::uint64_t after, std::vector<RequestKey> keys,
                 std::function<void(Result<StoredTail>)> done) override;
  // How long the database lets a commit of ours wait on this process before
  // ending it (and releasing its locks); 0: PostgreSQL's default (forever).
  void set_idle_transaction_timeout(std::int64_t ms) { idle_timeout_ms_ = ms; }
  void set_commit_observer(CommitObserver observer) { observer_ = std::move(observer); }
  // The longest SQL text one commit may send; a bigger batch is stored in parts (tests lower it).
  void set_max_commit_bytes(std::size_t bytes) { max_commit_bytes_ = bytes; }
  std::size_t queue_depth() const { return writer_.depth(); }
  void stop() {
    writer_.stop();
    reader_.stop();
  }

 private:
  void commit(std::vector<Append>& batch);
  void commit_part(std::vector<Append>& batch);
  // Appends of sessions whose earlier write failed are answered with an error and left out.
  std::vector<Append> refuse_poisoned(std::vector<Append>& batch);
  // Appends whose session another node has taken are moved to `fenced`, unwritten.
  Status write(std::vector<Append>& batch, std::vector<Append>& fenced);
  // False when the fence refused the batch: then nothing of it was stored.
  bool write_at_once(const std::vector<Append>& batch);
  void write_without_lost(std::vector<Append>& batch, std::vector<Append>& fenced);
  void answer_fenced(std::vector<Append>& fenced);
  void open_connection();
  // After a batch failed on its data (not its connection): each append alone,
  // so one bad append fails only its own session.
  void write_singly(std::vector<Append>& batch);
  static void answer(Append& append, const Status& status);

  std::string url_;
  std::string node_id_;
  std::atomic<std::int64_t> idle_timeout_ms_{0};
  std::atomic<std::size_t> max_commit_bytes_{64u << 20};
  std::mutex poisoned_mutex_;
  std::set<std::string> poisoned_;
  std::unique_ptr<pqxx::connection> conn_;
  CommitObserver observer_;
  DbWorker reader_;
  WorkerThread<Append> writer_;  // last: its thread uses the members above
};

}  // namespace parley::storage
