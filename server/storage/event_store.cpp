#include "storage/event_store.hpp"

#include <chrono>
#include <pqxx/pqxx>

#include "log/logger.hpp"
#include "storage/db_worker.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace {

constexpr const char* kInsertEvents =
    "INSERT INTO events (session_id, seq, type, payload, round, phase, created_at) VALUES ";
constexpr const char* kEventRow = "($%,$%,$%,$%::bytea,$%::integer,$%,to_timestamp($%::double precision / 1000))";
constexpr const char* kInsertCommands =
    "INSERT INTO command_results (session_id, role_id, seat, request_id, result) VALUES ";
constexpr const char* kCommandRow = "($%,$%,$%::integer,$%,$%::bytea)";
constexpr const char* kCommandConflict = " ON CONFLICT DO NOTHING";
constexpr const char* kInsertSnapshot =
    "INSERT INTO snapshots (session_id, seq, state) VALUES ($1, $2, $3::bytea) ON CONFLICT DO NOTHING";
constexpr const char* kUpdateStatus =
    "UPDATE sessions SET status = $2, ended_at = CASE WHEN $2 = 'ended' THEN now() ELSE ended_at END WHERE id = $1";

}  // namespace

EventStore::EventStore(std::string url, std::size_t max_queue, std::size_t max_batch)
    : url_(std::move(url)), max_queue_(max_queue), max_batch_(max_batch), thread_([this] { loop(); }) {}

EventStore::~EventStore() { stop(); }

void EventStore::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool EventStore::append(Append a) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(std::move(a));
  }
  wake_.notify_one();
  return true;
}

void EventStore::reset_session(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  poisoned_.erase(session_id);
}

std::size_t EventStore::queue_depth() {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void EventStore::loop() {
  for (;;) {
    std::vector<Append> batch;
    std::vector<Append> refused;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      while (!queue_.empty() && batch.size() < max_batch_) {
        auto& a = queue_.front();
        (poisoned_.count(a.session_id) ? refused : batch).push_back(std::move(a));
        queue_.pop_front();
      }
    }
    for (auto& a : refused) answer(a, fail("an earlier write for this session failed"));
    if (batch.empty()) continue;
    auto start = std::chrono::steady_clock::now();
    Status s = write(batch);
    if (!s.ok() && s.error().code == ErrorCode::failed && batch.size() > 1) {
      write_singly(batch);
      continue;
    }
    if (!s.ok()) {
      std::lock_guard lock(mutex_);
      for (const auto& a : batch) poisoned_.insert(a.session_id);
    }
    if (s.ok() && observer_) {
      observer_(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), batch.size());
    }
    for (auto& a : batch) answer(a, s);
  }
}

void EventStore::write_singly(std::vector<Append>& batch) {
  for (auto& a : batch) {
    std::vector<Append> one;
    one.push_back(std::move(a));
    Status s = write(one);
    if (!s.ok()) {
      std::lock_guard lock(mutex_);
      poisoned_.insert(one.front().session_id);
    }
    answer(one.front(), s);
  }
}

// A callback that throws must not end the writer thread (and with it the process).
void EventStore::answer(Append& append, const Status& status) {
  try {
    append.done(status);
  } catch (const std::exception& e) {
    log::error("storage", "the callback of an append for " + append.session_id + " failed: " + e.what());
  }
}

Status EventStore::write(std::vector<Append>& batch) {
  try {
    if (!conn_ || !conn_->is_open()) conn_ = std::make_unique<pqxx::connection>(url_);
    pqxx::work tx(*conn_);
    SqlRows events(kInsertEvents, kEventRow);
    SqlRows commands(kInsertCommands, kCommandRow, kCommandConflict);
    for (const auto& a : batch) {
      for (const auto& e : a.events) {
        events.add(tx, {a.session_id, std::to_string(e.seq), e.type, bytea_literal(e.payload), std::to_string(e.round),
                        e.phase, std::to_string(e.at_ms)});
      }
      if (a.command) {
        commands.add(tx, {a.session_id, a.command->role, std::to_string(a.command->seat), a.command->request_id,
                          bytea_literal(a.command->result)});
      }
      if (a.snapshot) tx.exec_params(kInsertSnapshot, a.session_id, a.snapshot->first, bytea_literal(a.snapshot->second));
      if (a.status) tx.exec_params(kUpdateStatus, a.session_id, *a.status);
    }
    events.flush(tx);
    commands.flush(tx);
    tx.commit();
    if (++commits_ == unknown_at_.load()) {
      conn_.reset();
      return fail(ErrorCode::unknown_outcome, "the outcome of the commit is unknown (a fault injected for tests)");
    }
    return {};
  } catch (const pqxx::in_doubt_error& e) {
    conn_.reset();
    log::warn("storage", "the outcome of a commit of " + std::to_string(batch.size()) + " appends is unknown: " + db_error_line(e));
    return fail(ErrorCode::unknown_outcome, "storage unavailable: the outcome of the commit is unknown");
  } catch (const pqxx::broken_connection& e) {
    conn_.reset();
    log::warn("storage", "commit of " + std::to_string(batch.size()) + " appends failed: " + db_error_line(e));
    return fail(ErrorCode::unavailable, "storage unavailable: " + db_error_line(e));
  } catch (const std::exception& e) {
    conn_.reset();
    log::warn("storage", "commit of " + std::to_string(batch.size()) + " appends failed: " + db_error_line(e));
    return fail("storage unavailable: " + db_error_line(e));
  }
}

}  // namespace parley::storage
