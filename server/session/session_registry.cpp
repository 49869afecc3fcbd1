// Over 400 lines on purpose: creating, recovering, hosting again, forking and evicting
// sessions are one lifecycle over one map of hosts under one lock; codes live in SeatCodes.
#include "session/session_registry.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "session/join_code.hpp"
#include "session/snapshot_codec.hpp"
#include "storage/stored_message.hpp"
#include "common/crypto.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "log/logger.hpp"
#include "storage/session_repository.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace {

Result<std::vector<CommittedEvent>> parse_events(const std::string& session_id, const std::vector<storage::StoredEvent>& stored) {
  std::vector<CommittedEvent> out;
  out.reserve(stored.size());
  for (const auto& s : stored) {
    CommittedEvent e{s.seq, {}};
    if (auto ok = parse_stored(e.event, s.payload, "session " + session_id + ": event " + std::to_string(s.seq)); !ok) return ok.error();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

SessionRegistry::SessionRegistry(SessionHostDeps deps, storage::DbWorker& db, storage::DbWorker& reader, ScenarioIndexes& scenarios,
                                 std::size_t max_sessions,
                                 std::chrono::milliseconds keep_ended, Placement placement, std::chrono::milliseconds keep_idle)
    : deps_(deps),
      db_(db),
      reader_(reader),
      scenarios_(scenarios),
      max_sessions_(max_sessions),
      keep_ended_(keep_ended),
      keep_idle_(keep_idle),
      placement_(std::move(placement)),
      sweeper_({0, 1, std::clamp(std::min(keep_ended, keep_idle) / 2, std::chrono::milliseconds(100), std::chrono::milliseconds(30000))},
               [this](std::vector<int>&) { evict_idle(); },
               [](const std::string& what) { log::error("session", "evicting ended sessions failed: " + what); }) {
  deps_.lost = [this](const std::string& id, std::int64_t epoch) {
    drop(id, "another node took the session (its lease epoch moved on)", epoch);
  };
  sweeper_.start();
}

Result<std::shared_ptr<const engine::ScenarioIndex>> SessionRegistry::index_for(const std::string& bytes, const std::string& session_id) {
  return scenarios_.get(bytes, "session " + session_id + ": the scenario");
}

void SessionRegistry::add(std::shared_ptr<SessionHost> host, const std::vector<storage::Credential>& credentials) {
  std::lock_guard lock(mutex_);
  codes_.remember(credentials);
  sessions_[host->id()] = std::move(host);
  deps_.metrics.set_live_sessions(static_cast<std::int64_t>(sessions_.size()));
}

Result<std::size_t> SessionRegistry::recover(pqxx::connection& conn, const std::vector<storage::Lease>& claimed) {
  std::map<std::string, std::int64_t> epochs;
  std::vector<std::string> ids;
  for (const auto& l : claimed) {
    epochs[l.session_id] = l.epoch;
    ids.push_back(l.session_id);
  }
  auto loaded = storage::load_sessions(conn, ids);
  if (!loaded) return loaded.error();
  std::size_t recovered = 0;
  for (auto& s : loaded.value()) {
    // A session whose clock is stopped needs no host until someone comes: it stays dormant, its lease renewed.
    if (placement_.lease_ms > 0 && (s.status == pb::LOBBY || s.status == pb::PAUSED)) {
      std::lock_guard lock(mutex_);
      dormant_[s.id] = epochs.at(s.id);
      ++recovered;
      continue;
    }
    // A corrupt session is reported and left out; the others are served.
    if (auto hosted = recover_one(s, epochs.at(s.id)); !hosted) {
      log::error("session", hosted.error().message + "; the session is not recovered");
      continue;
    }
    ++recovered;
  }
  auto credentials = storage::load_credentials(conn);
  if (!credentials) return credentials.error();
  codes_.remember(credentials.value());
  return recovered;
}

Status SessionRegistry::recover_one(const storage::LoadedSession& s, std::int64_t epoch) {
  auto host = rebuild(s);
  if (!host) return host.error();
  host.value()->set_epoch(epoch);
  deps_.log.reset_session(s.id);  // it may have been fenced here before, under an older epoch
  host.value()->start();
  add(host.value(), s.credentials);
  return {};
}

Status SessionRegistry::host_claimed(pqxx::connection& conn, const storage::Lease& lease) {
  auto loaded = storage::load_session(conn, lease.session_id);
  if (!loaded) return loaded.error();
  if (!loaded.value()) return fail(ErrorCode::not_found, "no session '" + lease.session_id + "'");
  drop(lease.session_id, "hosted again at a newer epoch");  // this node's own host from an older epoch, if any
  if (auto s = recover_one(*loaded.value(), lease.epoch); !s) return s;
  log::info("session", "took over session " + lease.session_id + " at epoch " + std::to_string(lease.epoch));
  return {};
}

void SessionRegistry::drop(const std::string& id, const std::string& why, std::int64_t epoch) {
  std::shared_ptr<SessionHost> host;
  {
    std::lock_guard lock(mutex_);
    if (auto d = dormant_.find(id); d != dormant_.end() && (epoch == 0 || d->second == epoch)) dormant_.erase(d);
    auto it = sessions_.find(id);
    if (it == sessions_.end() || (epoch != 0 && it->second->epoch() != epoch)) return;
    host = std::move(it->second);
    sessions_.erase(it);
    deps_.metrics.set_live_sessions(static_cast<std::int64_t>(sessions_.size()));
  }
  host->lose(why);
}

void SessionRegistry::forget(const std::string& id) {
  std::shared_ptr<SessionHost> host;
  {
    std::lock_guard lock(mutex_);
    codes_.forget_session(id);
    dormant_.erase(id);
    if (auto it = sessions_.find(id); it != sessions_.end()) {
      host = std::move(it->second);
      sessions_.erase(it);
      deps_.metrics.set_live_sessions(static_cast<std::int64_t>(sessions_.size()));
    }
  }
  if (host) host->lose("deleted", "this session was deleted");
}

std::vector<storage::Lease> SessionRegistry::leases() const {
  std::lock_guard lock(mutex_);
  std::vector<storage::Lease> out;
  for (const auto& [id, host] : sessions_) {
    if (host->epoch() > 0 && !host->ended()) out.push_back({id, host->epoch(), ""});
  }
  for (const auto& [id, epoch] : dormant_) out.push_back({id, epoch, ""});
  return out;
}

void SessionRegistry::locate(const std::string& id, std::function<void(std::optional<storage::NodeRow>)> done) {
  reader_.call(
      "finding the session's node", [id](pqxx::connection& conn) { return storage::find_owner(conn, id); },
      [this, done](Result<std::optional<storage::NodeRow>> owner) {
        if (!owner || !owner.value() || owner.value()->id == placement_.node_id) return done(std::nullopt);
        done(owner.value());
      });
}

Result<std::shared_ptr<SessionHost>> SessionRegistry::rebuild(const storage::LoadedSession& s) {
  auto index = index_for(s.scenario, s.id);
  if (!index) return index.error();
  pb::SessionState base = engine::initial_state(*index.value());
  std::uint64_t base_seq = 0;
  if (s.snapshot) {
    if (auto ok = decode_snapshot(s.snapshot->second, base, "session " + s.id + ": the snapshot at " + std::to_string(s.snapshot->first)); !ok) {
      return ok.error();
    }
    base_seq = s.snapshot->first;
  }
  auto events = parse_events(s.id, s.events);
  if (!events) return events.error();
  auto host = std::make_shared<SessionHost>(deps_, s.id, s.title, index.value(), std::move(base), std::move(events.value()), base_seq);
  host->set_lineage(s.forked_from, s.forked_at_seq);
  host->set_names_required(s.names_required);
  // The cache keeps each seat's last answers only: older ones are neither parsed nor handed over.
  auto seat_of = [](const storage::CommandRecord& c) { return c.role + "/" + std::to_string(c.seat); };
  std::unordered_map<std::string, std::size_t> left;
  for (const auto& c : s.commands) ++left[seat_of(c)];
  std::vector<std::pair<RequestKey, pb::ServerEnvelope>> answers;
  for (const auto& c : s.commands) {
    if (left[seat_of(c)]-- > AnswerCache::kPerSeat) continue;
    pb::ServerEnvelope answer;
    if (auto ok = parse_stored(answer, c.result, "session " + s.id + ": the stored answer to " + c.request_id); !ok) return ok.error();
    answers.emplace_back(RequestKey{c.role, c.seat, c.request_id}, std::move(answer));
  }
  host->remember(std::move(answers));
  return host;
}

void SessionRegistry::open(const std::string& id, std::function<void(Result<std::shared_ptr<SessionHost>>)> done) {
  if (auto host = attach(id)) return done(host);
  // The hello (or request) waiting on it is answered whatever happens, a throw included.
  reader_.call("hosting the session again", [this, id](pqxx::connection& conn) { return host_again(conn, id); },
               [id, done](Result<std::shared_ptr<SessionHost>> host) {
                 if (!host && host.error().code != ErrorCode::not_found) log::warn("session", "hosting " + id + " again: " + host.error().message);
                 done(std::move(host));
               });
}

void SessionRegistry::use(const std::string& id, std::function<void(Result<std::shared_ptr<SessionHost>>)> fn) {
  open(id, [fn](Result<std::shared_ptr<SessionHost>> host) {
    fn(host);
    if (host) host.value()->release();
  });
}

Result<std::shared_ptr<SessionHost>> SessionRegistry::host_again(pqxx::connection& conn, const std::string& id) {
  auto loaded = storage::load_session(conn, id);
  if (!loaded) return loaded.error();
  if (!loaded.value()) return fail(ErrorCode::not_found, "no session '" + id + "'");
  // An ended session, or a dormant one whose lease this node holds, is hosted on demand; one
  // that should be live and is not was left out at recovery.
  std::int64_t epoch = 0;
  if (loaded.value()->status != pb::ENDED) {
    std::lock_guard lock(mutex_);
    auto d = dormant_.find(id);
    if (d == dormant_.end()) {
      return fail(ErrorCode::unavailable, "session " + id + " is not hosted by any server just now (it may be moving to another node); try again in a few seconds");
    }
    epoch = d->second;
  }
  auto host = rebuild(*loaded.value());
  if (!host) return host.error();
  if (epoch > 0) {
    host.value()->set_epoch(epoch);
    deps_.log.reset_session(id);  // it may have been fenced here before, under an older epoch
  }
  log::info("session", std::string(epoch > 0 ? "hosting idle session " : "hosting ended session ") + id + " again");
  return adopt(host.value());
}

std::shared_ptr<SessionHost> SessionRegistry::adopt(std::shared_ptr<SessionHost> host) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = sessions_.emplace(host->id(), host);
  if (inserted) host->start();
  dormant_.erase(host->id());
  it->second->attach();
  deps_.metrics.set_live_sessions(static_cast<std::int64_t>(sessions_.size()));
  return it->second;
}

std::shared_ptr<SessionHost> SessionRegistry::attach(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second->attach();
  return it->second;
}

void SessionRegistry::evict_idle() {
  std::vector<std::string> evicted;
  {
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      const auto& host = *it->second;
      bool ended = host.ended() && host.unheld_for(keep_ended_);
      // Unfinished, with its clock stopped and its lease this node's: dormant until the next hello or call.
      bool dormant = !host.ended() && host.epoch() > 0 && host.quiet() && host.unheld_for(keep_idle_);
      if (dormant) dormant_[it->first] = host.epoch();
      if (ended || dormant) evicted.push_back(it->first);
      it = ended || dormant ? sessions_.erase(it) : std::next(it);
    }
    if (!evicted.empty()) deps_.metrics.set_live_sessions(static_cast<std::int64_t>(sessions_.size()));
  }
  for (const auto& id : evicted) {
    log::info("session", "session " + id + " left memory (nobody held it, and its clock is stopped or it ended); it is hosted again when someone joins");
  }
}

storage::NewSession SessionRegistry::new_session(const engine::ScenarioIndex& scenario, const std::string& title,
                                                 CreatedSession& created) {
  storage::NewSession row;
  row.id = crypto::random_hex(8);
  row.scenario_id = scenario.scenario().id();
  row.scenario = engine::serialize_deterministic(scenario.scenario());
  row.title = title.empty() ? scenario.scenario().title() : title;
  created.session_id = row.id;
  auto credential = [&](storage::CredentialKind kind, const std::string& role, std::uint32_t seat) {
    std::string code = crypto::random_hex(kCodeBytes);
    row.credentials.push_back({crypto::sha256_raw(code), row.id, kind, role, seat});
    row.credentials.push_back({crypto::sha256_raw(normalize_code(short_code(code))), row.id, kind, role, seat});  // its short form
    return code;
  };
  bool observer_done = false;
  for (int r = 0; r < scenario.role_count(); ++r) {
    const auto& role = scenario.role(r);
    if (role.kind() == pb::WHITE_CELL) {
      created.facilitator_token = credential(storage::CredentialKind::facilitator, role.id(), 0);
    } else if (role.kind() == pb::OBSERVER) {
      if (!observer_done) created.observer_code = credential(storage::CredentialKind::observer, role.id(), 0);
      observer_done = true;
    } else {
      for (std::uint32_t seat = 0; seat <= role.advisers(); ++seat) {
        created.seats.push_back({role.id(), seat, credential(storage::CredentialKind::seat, role.id(), seat)});
      }
    }
  }
  return row;
}

void SessionRegistry::create(std::shared_ptr<const engine::ScenarioIndex> scenario, int scenario_version, const std::string& title,
                             std::function<void(Result<CreatedSession>)> done) {
  if (size() >= max_sessions_) {
    done(fail(ErrorCode::unavailable, "the server hosts its maximum of " + std::to_string(max_sessions_) + " sessions"));
    return;
  }
  CreatedSession created;
  auto row = new_session(*scenario, title, created);
  scenarios_.remember(row.scenario, scenario);  // its rebuilds, forks and pages parse nothing
  row.scenario_version = scenario_version;
  row.owner = placement_.node_id;
  row.lease_ms = placement_.lease_ms;
  db_.call("storing the session", [row](pqxx::connection& conn) { return storage::insert_session(conn, row); },
           [this, row, created = std::move(created), scenario, done](Status stored) mutable {
    if (!stored) return done(stored.error());
    auto host = std::make_shared<SessionHost>(deps_, row.id, row.title, scenario, engine::initial_state(*scenario),
                                              std::vector<CommittedEvent>{}, 0);
    if (!row.owner.empty()) host->set_epoch(1);
    host->start();
    add(host, row.credentials);
    std::string version = row.scenario_version ? " version " + std::to_string(row.scenario_version) : "";
    log::info("session", "created session " + row.id + " (" + row.scenario_id + version + ", \"" + row.title + "\")");
    done(std::move(created));
  });
}

void SessionRegistry::add_facilitator(const std::string& session_id, std::function<void(Result<SeatCode>)> done) {
  use(session_id, [this, done](Result<std::shared_ptr<SessionHost>> host) {
    if (!host) return done(host.error());
    codes_.add_facilitator(host.value()->id(), *host.value()->index(), done);
  });
}

void SessionRegistry::issue_seat_code(const std::string& session_id, const std::string& role, std::uint32_t seat,
                                      std::function<void(Result<SeatCode>)> done) {
  use(session_id, [this, role, seat, done](Result<std::shared_ptr<SessionHost>> host) {
    if (!host) return done(host.error());
    codes_.issue(host.value()->id(), *host.value()->index(), role, seat, done);
  });
}

void SessionRegistry::create_fork(pqxx::connection& conn, const storage::SessionRow& original, std::uint64_t at,
                                  const std::string& title, std::vector<storage::StoredEvent> history,
                                  const std::function<void(Result<CreatedSession>)>& done) {
  if (size() >= max_sessions_) return done(fail(ErrorCode::unavailable, "the server hosts its maximum of " + std::to_string(max_sessions_) + " sessions"));
  auto parsed_index = index_for(original.scenario, original.id);
  if (!parsed_index) return done(parsed_index.error());
  auto index = parsed_index.value();
  auto parsed = parse_events(original.id, history);
  if (!parsed) return done(parsed.error());
  engine::Session replay(index);
  for (const auto& e : parsed.value()) replay.apply(e.event);
  if (replay.state().status() == pb::RUNNING) {
    // Paused as of the fork point, so the facilitator decides when play resumes.
    pb::Command pause;
    pause.mutable_pause();
    auto out = replay.handle({replay.state().now_ms(), index->role(index->white_cell()).id(), 0, pause});
    for (const auto& e : std::get<std::vector<pb::Event>>(out)) {
      history.push_back({history.size() + 1, "session_paused", engine::serialize_deterministic(e), e.round(), e.phase(), e.at_ms()});
    }
  }
  CreatedSession created;
  auto row = new_session(*index, title.empty() ? original.title + " (fork at " + std::to_string(at) + ")" : title, created);
  row.forked_from = original.id;
  row.forked_at_seq = at;
  row.scenario_version = original.scenario_version;
  row.events = std::move(history);
  auto status = replay.state().status();  // a fork of a running session starts paused
  row.status = status == pb::LOBBY || status == pb::ENDED ? status : pb::PAUSED;
  if (row.status != pb::ENDED) {
    row.owner = placement_.node_id;
    row.lease_ms = placement_.lease_ms;
  }
  if (auto s = storage::insert_session(conn, row); !s) return done(s.error());
  auto log = parse_events(row.id, row.events);  // our own bytes, just written
  if (!log) return done(log.error());
  auto host = std::make_shared<SessionHost>(deps_, row.id, row.title, index, engine::initial_state(*index), std::move(log.value()), 0);
  host->set_lineage(original.id, at);
  if (!row.owner.empty()) host->set_epoch(1);
  host->start();
  add(host, row.credentials);
  log::info("session", "forked session " + original.id + " at seq " + std::to_string(at) + " into " + row.id);
  done(std::move(created));
}

std::uint64_t SessionRegistry::changes(const std::vector<std::string>& ids) const {
  std::lock_guard lock(mutex_);
  std::uint64_t sum = 0;
  for (const auto& id : ids) {
    auto it = sessions_.find(id);
    // A host's own count starts at 0 again when it is hosted anew: its address tells the two apart.
    if (it != sessions_.end()) sum += it->second->changes() * 1009 + reinterpret_cast<std::uintptr_t>(it->second.get()) % 997;
  }
  return sum;
}

std::shared_ptr<SessionHost> SessionRegistry::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

// Ended sessions stay joinable (their final state) but do not take a place.
std::size_t SessionRegistry::hosted() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  std::size_t live = 0;
  for (const auto& [id, host] : sessions_) live += host->ended() ? 0 : 1;
  return live;
}

}  // namespace parley::app
