#include "storage/event_store.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <set>
#include <pqxx/pqxx>

#include "log/logger.hpp"
#include "storage/commit_script.hpp"
#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/lease_store.hpp"
#include "storage/session_repository.hpp"

namespace parley::storage {

EventStore::EventStore(std::string url, std::size_t max_queue, std::size_t max_batch, bool start, std::string node_id)
    : url_(std::move(url)),
      node_id_(std::move(node_id)),
      reader_(url_, "event-reader", 64),
      writer_({max_queue, max_batch, {}}, [this](std::vector<Append>& batch) { commit(batch); },
              [](const std::string& what) { log::error("storage", "the event writer's batch failed: " + what); }) {
  if (start) writer_.start();
}

EventStore::~EventStore() { stop(); }

void EventStore::reset_session(const std::string& session_id) {
  std::lock_guard lock(poisoned_mutex_);
  poisoned_.erase(session_id);
}

void EventStore::read_back(const std::string& session_id, std::uint64_t after, std::vector<RequestKey> keys,
                           std::function<void(Result<StoredTail>)> done) {
  reader_.call(
      "reading back a commit of unknown outcome",
      [session_id, after, keys = std::move(keys)](pqxx::connection& conn) -> Result<StoredTail> {
        StoredTail tail;
        auto events = load_events(conn, session_id, after);
        if (!events) return events.error();
        tail.events = std::move(events.value());
        for (const auto& key : keys) {
          auto result = find_command_result(conn, session_id, key.role, key.seat, key.request_id);
          if (!result) return result.error();
          if (result.value()) tail.answers.emplace_back(key, std::move(*result.value()));
        }
        return tail;
      },
      std::move(done));
}

std::vector<Append> EventStore::refuse_poisoned(std::vector<Append>& batch) {
  std::vector<Append> kept, refused;
  {
    std::lock_guard lock(poisoned_mutex_);
    for (auto& a : batch) (poisoned_.count(a.session_id) ? refused : kept).push_back(std::move(a));
  }
  for (auto& a : refused) answer(a, fail(ErrorCode::unavailable, "an earlier write for this session failed"));
  return kept;
}

namespace {
// About what an append adds to a commit's SQL text: its bytes twice (hex) and each row's frame.
std::size_t text_bytes(const Append& a) {
  std::size_t bytes = 256;
  for (const auto& e : a.events) bytes += 2 * e.payload.size() + e.type.size() + e.phase.size() + 128;
  if (a.command) bytes += 2 * a.command->result.size() + a.command->request_id.size() + 128;
  if (a.snapshot) bytes += 2 * a.snapshot->second.size() + 128;
  return bytes;
}
}  // namespace

// PostgreSQL refuses a message over 1 GB: a batch whose text would be too
// long is stored in parts, one after the other, so each session's appends
// keep their order.
void EventStore::commit(std::vector<Append>& taken) {
  std::vector<Append> part;
  std::size_t bytes = 0;
  for (auto& a : taken) {
    auto size = text_bytes(a);
    if (!part.empty() && bytes + size > max_commit_bytes_) {
      commit_part(part);
      part.clear();
      bytes = 0;
    }
    bytes += size;
    part.push_back(std::move(a));
  }
  if (!part.empty()) commit_part(part);
}

void EventStore::commit_part(std::vector<Append>& taken) {
  auto batch = refuse_poisoned(taken);
  if (batch.empty()) return;
  auto start = std::chrono::steady_clock::now();
  std::vector<Append> fenced;
  Status s = write(batch, fenced);
  answer_fenced(fenced);
  // A batch refused for its data (not for the database being away): one append broke it.
  bool data = !s.ok() && s.error().code != ErrorCode::unavailable && s.error().code != ErrorCode::unknown_outcome;
  if (data && batch.size() > 1) return write_singly(batch);
  if (!s.ok()) {
    std::lock_guard lock(poisoned_mutex_);
    for (const auto& a : batch) poisoned_.insert(a.session_id);
  }
  if (s.ok() && observer_) {
    observer_(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), batch.size());
  }
  for (auto& a : batch) answer(a, s);
}

void EventStore::write_singly(std::vector<Append>& batch) {
  for (auto& a : batch) {
    std::vector<Append> one;
    one.push_back(std::move(a));
    // A session whose earlier append in this batch failed takes no later one: its log never gets a gap.
    one = refuse_poisoned(one);
    if (one.empty()) continue;
    std::vector<Append> fenced;
    Status s = write(one, fenced);
    if (!fenced.empty()) {
      answer_fenced(fenced);
      continue;
    }
    if (!s.ok()) {
      std::lock_guard lock(poisoned_mutex_);
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

// A node stopped in the middle of a commit would hold its sessions' lease
// rows locked, and no other node could take them over: the database ends
// such a transaction once it has waited on us longer than the timeout.
void EventStore::open_connection() {
  conn_ = std::make_unique<pqxx::connection>(url_);
  if (idle_timeout_ms_ > 0) {
    pqxx::nontransaction tx(*conn_);
    tx.exec("SET idle_in_transaction_session_timeout = " + std::to_string(idle_timeout_ms_));
  }
}

// Not poisoned: a later append at the same epoch is fenced out too (epochs
// only grow), and one of a newer host of the session must go through.
void EventStore::answer_fenced(std::vector<Append>& fenced) {
  for (auto& a : fenced) answer(a, fail(ErrorCode::fenced, "session " + a.session_id + " is owned by another node now"));
}

namespace {
std::set<Holding> holdings_of(const std::vector<Append>& batch) {
  std::set<Holding> holdings;
  for (const auto& a : batch) {
    if (a.epoch != 0) holdings.insert({a.session_id, a.epoch});
  }
  return holdings;
}
}  // namespace

// The fence and the inserts in one text, so one round trip stores the batch.
bool EventStore::write_at_once(const std::vector<Append>& batch) {
  CommitScript script(*conn_);
  if (!node_id_.empty()) script.fence(node_id_, holdings_of(batch));
  for (const auto& a : batch) script.add(a);
  pqxx::nontransaction tx(*conn_);
  try {
    tx.exec(script.text());
  } catch (const pqxx::sql_error& e) {
    if (e.sqlstate() == CommitScript::kFencedState) return false;
    throw;
  } catch (const pqxx::broken_connection& e) {
    // The text ends in its commit: it may have been stored before the connection broke.
    throw pqxx::in_doubt_error(e.what());
  }
  return true;
}

// After the fence refused a batch: which sessions this node lost, and the rest stored without them.
void EventStore::write_without_lost(std::vector<Append>& batch, std::vector<Append>& fenced) {
  pqxx::work tx(*conn_);
  auto lost = fenced_out(tx, node_id_, holdings_of(batch));
  auto kept = std::stable_partition(batch.begin(), batch.end(),
                                    [&](const Append& a) { return !lost.count({a.session_id, a.epoch}); });
  std::move(kept, batch.end(), std::back_inserter(fenced));
  batch.erase(kept, batch.end());
  CommitScript script(*conn_);
  for (const auto& a : batch) script.add(a);
  if (!batch.empty()) tx.exec(script.text());
  tx.commit();
}

Status EventStore::write(std::vector<Append>& batch, std::vector<Append>& fenced) {
  try {
    if (!conn_ || !conn_->is_open()) open_connection();
    if (!write_at_once(batch)) write_without_lost(batch, fenced);
    return {};
  } catch (const pqxx::in_doubt_error& e) {
    conn_.reset();
    log::warn("storage", "the outcome of a commit of " + std::to_string(batch.size()) + " appends is unknown: " + db_error_line(e));
    return fail(ErrorCode::unknown_outcome, "storage unavailable: the outcome of the commit is unknown");
  } catch (const pqxx::broken_connection& e) {
    conn_.reset();
    log::warn("storage", "commit of " + std::to_string(batch.size()) + " appends failed: " + db_error_line(e));
    return db_error(e, "storage unavailable");
  } catch (const std::exception& e) {
    conn_.reset();
    log::warn("storage", "commit of " + std::to_string(batch.size()) + " appends failed: " + db_error_line(e));
    return db_error(e, "storing the events failed");
  }
}

}  // namespace parley::storage
