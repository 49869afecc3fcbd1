#pragma once
// The live sessions and the credentials that open them. Creates sessions
// (stored first, then hosted), recovers every unfinished session at start,
// and authenticates join codes and tokens by their hash. Thread-safe.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "library/scenario_indexes.hpp"
#include "library/scenario_catalog.hpp"
#include "session/seat_codes.hpp"
#include "session/session_host.hpp"
#include "common/result.hpp"
#include "storage/worker_thread.hpp"
#include "storage/db_worker.hpp"
#include "storage/lease_store.hpp"
#include "storage/presence_log.hpp"
#include "storage/session_repository.hpp"

namespace parley::app {

struct CreatedSession {
  std::string session_id;
  std::string facilitator_token;
  std::string observer_code;
  std::vector<SeatCode> seats;
};

// Where this node's sessions are recorded as its own: new sessions get a
// lease for node_id; empty node_id: no leases (a registry without a cluster).
struct Placement {
  std::string node_id;
  std::int64_t lease_ms = 0;
};

class SessionRegistry {
 public:
  // An ended session nobody has held for `keep_ended` leaves memory (its
  // record stays in the database and is hosted again when someone joins).
  // db stores sessions and credentials; reader loads ended sessions to host
  // them again, so a long one never holds up session creation.
  // An unfinished session whose clock is stopped (lobby, paused) and that nobody has held for
  // `keep_idle` leaves memory too, keeping its lease, and is hosted again the same way.
  SessionRegistry(SessionHostDeps deps, storage::DbWorker& db, storage::DbWorker& reader, ScenarioIndexes& scenarios, std::size_t max_sessions,
                  std::chrono::milliseconds keep_ended = std::chrono::minutes(10), Placement placement = {},
                  std::chrono::milliseconds keep_idle = std::chrono::minutes(10));

  // Rebuilds the unfinished sessions whose leases this node claimed
  // (snapshot plus later events), each writing at its lease's epoch, and
  // restarts their clocks; loads every credential. Returns how many were recovered.
  Result<std::size_t> recover(pqxx::connection& conn, const std::vector<storage::Lease>& claimed);
  // Hosts a session whose lease this node just took from a node that died or
  // stalled (after storage::await_writer for that node).
  Status host_claimed(pqxx::connection& conn, const storage::Lease& lease);
  // A deleted session: out of memory for good, its connections closed and its codes forgotten.
  void forget(const std::string& id);
  // Lets a session go that another node owns now; its connections are
  // closed. With an epoch, only the host at that epoch.
  void drop(const std::string& id, const std::string& why, std::int64_t epoch = 0);
  // The leases of the unfinished sessions hosted here, to renew.
  std::vector<storage::Lease> leases() const;
  // A code this node has not seen (issued by another node): looked up by its
  // hash in the database on the reader worker, and remembered when found.
  void lookup(const std::string& code, std::function<void(Result<std::optional<CredentialInfo>>)> done) {
    codes_.lookup(code, std::move(done));
  }
  // The other node that owns the session, read from the database (for a
  // session newer than this node's cluster map); none when it is this node,
  // nobody, or the database cannot say. done runs on the reader worker.
  void locate(const std::string& id, std::function<void(std::optional<storage::NodeRow>)> done);

  // scenario_version: the library version it comes from (0: a shipped file), recorded with the session.
  void create(std::shared_ptr<const engine::ScenarioIndex> scenario, int scenario_version, const std::string& title,
              std::function<void(Result<CreatedSession>)> done);

  // Hosts a new session whose history is `history` (the original's first
  // events), stored on `conn`. If the original was running at that point,
  // the fork starts paused with the time that was left.
  void create_fork(pqxx::connection& conn, const storage::SessionRow& original, std::uint64_t at, const std::string& title,
                   std::vector<storage::StoredEvent> history, const std::function<void(Result<CreatedSession>)>& done);

  // Another token for the session's white cell (a facilitation team), seated
  // in turn on the white cell's seats.
  void add_facilitator(const std::string& session_id, std::function<void(Result<SeatCode>)> done);

  // A new join code for a seat (for bots, or to replace a lost code).
  void issue_seat_code(const std::string& session_id, const std::string& role, std::uint32_t seat,
                       std::function<void(Result<SeatCode>)> done);

  std::optional<CredentialInfo> authenticate(const std::string& code) const { return codes_.authenticate(code); }
  // The hosted session, attached for a connection about to join it; null
  // when it is not in memory.
  std::shared_ptr<SessionHost> attach(const std::string& id);
  // An ended session that left memory, hosted again from the database and
  // attached; done runs on the database worker (or at once when hosted).
  void open(const std::string& id, std::function<void(Result<std::shared_ptr<SessionHost>>)> done);
  // The session for a request that needs it in memory (status, analysis,
  // bots, codes), hosted again if it ended and left; held only while fn runs.
  void use(const std::string& id, std::function<void(Result<std::shared_ptr<SessionHost>>)> fn);
  // Where connections to seats are noted, for the review's participants.
  storage::PresenceLog& presence() { return presence_; }
  std::shared_ptr<SessionHost> find(const std::string& id) const;
  // A number that moves whenever one of these sessions changes in a way its watchers see
  // (SessionHost::changes; a session hosted again or let go counts too).
  std::uint64_t changes(const std::vector<std::string>& ids) const;
  std::size_t size() const;
  // Sessions in memory, ended ones included.
  std::size_t hosted() const;

 private:
  Result<std::shared_ptr<const engine::ScenarioIndex>> index_for(const std::string& scenario_bytes, const std::string& session_id);
  Status recover_one(const storage::LoadedSession& session, std::int64_t epoch);
  // A host for a stored session: its latest snapshot, the events after it and its stored answers. Not started.
  Result<std::shared_ptr<SessionHost>> rebuild(const storage::LoadedSession& session);
  // Starts and registers a session hosted again on demand (or takes the one
  // another join registered meanwhile), attached.
  std::shared_ptr<SessionHost> adopt(std::shared_ptr<SessionHost> host);
  // open()'s database side: loads an ended session and hosts it, attached.
  Result<std::shared_ptr<SessionHost>> host_again(pqxx::connection& conn, const std::string& id);
  void evict_idle();
  // A session row with fresh codes for every seat, the white cell and observers.
  storage::NewSession new_session(const engine::ScenarioIndex& scenario, const std::string& title, CreatedSession& codes);
  void add(std::shared_ptr<SessionHost> host, const std::vector<storage::Credential>& credentials);

  SessionHostDeps deps_;
  storage::DbWorker& db_;
  storage::DbWorker& reader_;
  ScenarioIndexes& scenarios_;
  storage::PresenceLog presence_{db_};
  SeatCodes codes_{db_, reader_};
  std::size_t max_sessions_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<SessionHost>> sessions_;
  std::chrono::milliseconds keep_ended_;
  std::chrono::milliseconds keep_idle_;
  // Unfinished sessions out of memory (lobby or paused, nobody connected), by id: the epoch of
  // this node's lease, which the keeper goes on renewing so the session stays this node's.
  std::map<std::string, std::int64_t> dormant_;
  Placement placement_;
  WorkerThread<int> sweeper_;  // last: takes no items, evicts idle ended sessions now and then
};

}  // namespace parley::app
