#include "storage/session_repository.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

#include "engine/state_access.hpp"
#include "storage/binary_rows.hpp"
#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/event_rows.hpp"
#include "storage/lease_store.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace pb = parley::v1;
namespace {

constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, scenario_id, scenario, title, status, forked_from, forked_at_seq, scenario_version) "
    "VALUES ($1, $2, $3::bytea, $4, $7, $5, $6, nullif($8, 0))";
constexpr const char* kInsertCredential =
    "INSERT INTO credentials (token_hash, session_id, kind, role_id, seat) VALUES ($1::bytea, $2, $3, $4, $5)";
// $1, an array of session ids: those sessions, ended or not.
std::string wanted(const std::string& s) { return "(" + s + ".id = ANY($1::text[]))"; }
const std::string kWantedSessions =
    "SELECT id, scenario, title, status, coalesce(forked_from, ''), coalesce(forked_at_seq, 0), "
    "CASE WHEN names_required THEN 1 ELSE 0 END::bigint FROM sessions s "
    "WHERE " + wanted("s") + " ORDER BY created_at, id";
const std::string kLatestSnapshots =
    "SELECT DISTINCT ON (s.session_id) s.session_id, s.seq, s.state FROM snapshots s "
    "JOIN sessions ss ON ss.id = s.session_id WHERE " + wanted("ss") + " ORDER BY s.session_id, s.seq DESC";
// Only the events after each session's latest snapshot (the snapshot stands for the rest), and
// only their seqs and payloads, all a rebuild reads: converting the time column in SQL, through
// numeric, was most of the read's cost. Each session's are read through the log's key, in its
// order, so nothing is sorted as a whole; the lateral read keeps the planner from scanning every
// session's events, most of which the snapshots stand for. load_sessions checks the order.
const std::string kWantedEvents =
    "SELECT w.id, e.seq, e.payload "
    "FROM unnest($1::text[]) AS w(id) "
    "CROSS JOIN LATERAL (SELECT coalesce(max(seq), 0) AS seq FROM snapshots WHERE session_id = w.id) snap "
    "CROSS JOIN LATERAL (SELECT seq, payload FROM events WHERE session_id = w.id AND seq > snap.seq ORDER BY seq) e";
const std::string kWantedCredentials =
    "SELECT c.token_hash, c.session_id, c.kind, c.role_id, c.seat FROM credentials c "
    "JOIN sessions s ON s.id = c.session_id WHERE " + wanted("s");
// Oldest first, as they were stored: the answer cache keeps each seat's latest.
const std::string kWantedCommands =
    "SELECT c.session_id, c.role_id, c.seat, c.request_id, c.result FROM command_results c "
    "JOIN sessions s ON s.id = c.session_id WHERE " + wanted("s") + " ORDER BY c.stored_order";
constexpr const char* kAllCredentials = "SELECT token_hash, session_id, kind, role_id, seat FROM credentials";
constexpr const char* kFindSession =
    "SELECT id, scenario_id, scenario, title, status, coalesce(forked_from, ''), coalesce(forked_at_seq, 0), "
    "coalesce(scenario_version, 0) FROM sessions WHERE id = $1";
constexpr const char* kLoadSnapshotAt =
    "SELECT seq, state FROM snapshots WHERE session_id = $1 AND seq <= $2::bigint ORDER BY seq DESC LIMIT 1";
constexpr const char* kLoadPayloads =
    "SELECT seq, payload FROM events WHERE session_id = $1 AND seq > $2::bigint AND seq <= $3::bigint ORDER BY seq";
constexpr const char* kLoadEvents =
    "SELECT seq, type, payload, round, phase, (extract(epoch from created_at) * 1000)::bigint FROM events "
    "WHERE session_id = $1 AND seq > $2::bigint AND ($3::bigint = 0 OR seq <= $3::bigint) ORDER BY seq";

}  // namespace

Status insert_session(pqxx::connection& conn, const NewSession& s) {
  try {
    pqxx::work tx(conn);
    std::optional<std::string> forked_from = s.forked_from;
    std::optional<std::uint64_t> forked_at;
    if (s.forked_from) forked_at = s.forked_at_seq;
    tx.exec_params(kInsertSession, s.id, s.scenario_id, bytea_literal(s.scenario), s.title, forked_from, forked_at, stored_status(s.status),
                   s.scenario_version);
    for (const auto& c : s.credentials) {
      tx.exec_params(kInsertCredential, bytea_literal(c.token_hash), s.id, credential_kind_name(c.kind), c.role, c.seat);
    }
    EventRows events;
    for (const auto& e : s.events) events.add(tx, s.id, e);
    events.flush(tx);
    if (!s.owner.empty()) insert_lease(tx, s.id, s.owner, s.lease_ms);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the session failed");
  }
}

Status add_credential(pqxx::connection& conn, const Credential& c) {
  try {
    pqxx::work tx(conn);
    tx.exec_params(kInsertCredential, bytea_literal(c.token_hash), c.session_id, credential_kind_name(c.kind), c.role, c.seat);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the credential failed");
  }
}

const char* credential_kind_name(CredentialKind kind) {
  switch (kind) {
    case CredentialKind::facilitator: return "facilitator";
    case CredentialKind::observer: return "observer";
    case CredentialKind::seat: return "seat";
  }
  return "seat";
}

std::string stored_status(pb::SessionStatus status) { return engine::status_name(status); }

Result<pb::SessionStatus> parse_stored_status(const std::string& word, const std::string& session_id) {
  if (auto status = engine::status_from_name(word)) return *status;
  return fail(ErrorCode::corrupt, "session " + session_id + " has the unknown status '" + word + "'");
}

namespace {
// A credentials row (token_hash, session_id, kind, role_id, seat); a kind no code has is damage.
Result<Credential> credential_row(const pqxx::row& row) {
  auto word = row[2].as<std::string>();
  Credential c{field_bytes(row[0]), row[1].as<std::string>(), CredentialKind::seat, row[3].as<std::string>(), row[4].as<std::uint32_t>()};
  for (auto kind : {CredentialKind::seat, CredentialKind::facilitator, CredentialKind::observer}) {
    if (word == credential_kind_name(kind)) {
      c.kind = kind;
      return c;
    }
  }
  return fail(ErrorCode::corrupt, "a credential of session " + c.session_id + " has the unknown kind '" + word + "'");
}
}  // namespace

Result<std::vector<Credential>> load_credentials(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<Credential> out;
    for (const auto& row : tx.exec(kAllCredentials)) {
      auto c = credential_row(row);
      if (!c) return c.error();
      out.push_back(std::move(c.value()));
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "loading credentials failed");
  }
}

namespace {

// Rows come in each session's seq order unless a plan reorders them; sorting costs nothing then.
void in_seq_order(std::vector<StoredEvent>& events) {
  auto by_seq = [](const StoredEvent& a, const StoredEvent& b) { return a.seq < b.seq; };
  if (!std::is_sorted(events.begin(), events.end(), by_seq)) std::stable_sort(events.begin(), events.end(), by_seq);
}

}  // namespace

// Sessions as recovery rebuilds them: each with its latest snapshot, the
// events after it, its credentials and its stored answers.
Result<std::vector<LoadedSession>> load_sessions(pqxx::connection& conn, const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<LoadedSession>{};
  auto only = array_literal(ids);
  try {
    // One snapshot for the five reads: another node may create a session meanwhile.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
    // These reads are cheap but estimated dear: compiling them would cost more than running them.
    tx.exec("SET LOCAL jit = off");
    // The stored answers are read in the order they were stored: a sort of every live
    // session's answers, which would spill to disk at the default work_mem.
    tx.exec("SET LOCAL work_mem = '128MB'");
    std::vector<LoadedSession> out;
    std::map<std::string, std::size_t> at;
    // In binary: no hex to decode.
    auto sessions = BinaryRows::query(tx, kWantedSessions.c_str(), {only});
    if (!sessions) return fail(ErrorCode::unavailable, "loading sessions failed: " + sessions.error().message);
    const auto& rs = sessions.value();
    for (int i = 0; i < rs.size(); ++i) {
      auto status = parse_stored_status(rs.text(i, 3), rs.text(i, 0));
      if (!status) return status.error();
      at[rs.text(i, 0)] = out.size();
      out.push_back({rs.text(i, 0), rs.text(i, 1), rs.text(i, 2), status.value(), {}, {}, {}, {}, rs.text(i, 4), rs.int8(i, 5), rs.int8(i, 6) != 0});
    }
    auto snapshots = BinaryRows::query(tx, kLatestSnapshots.c_str(), {only});
    if (!snapshots) return fail(ErrorCode::unavailable, "loading snapshots failed: " + snapshots.error().message);
    for (int i = 0; i < snapshots.value().size(); ++i) {
      const auto& r = snapshots.value();
      out[at.at(r.text(i, 0))].snapshot = std::make_pair(r.int8(i, 1), r.text(i, 2));
    }
    auto events = BinaryRows::query(tx, kWantedEvents.c_str(), {only});
    if (!events) return fail(ErrorCode::unavailable, "loading events failed: " + events.error().message);
    for (int i = 0; i < events.value().size(); ++i) {
      const auto& r = events.value();
      out[at.at(r.text(i, 0))].events.push_back({r.int8(i, 1), {}, r.text(i, 2), 0, {}, 0});
    }
    for (auto& session : out) in_seq_order(session.events);
    for (const auto& row : tx.exec_params(kWantedCredentials, only)) {
      auto c = credential_row(row);
      if (!c) return c.error();
      out[at.at(c.value().session_id)].credentials.push_back(std::move(c.value()));
    }
    auto commands = BinaryRows::query(tx, kWantedCommands.c_str(), {only});
    if (!commands) return fail(ErrorCode::unavailable, "loading stored answers failed: " + commands.error().message);
    for (int i = 0; i < commands.value().size(); ++i) {
      const auto& r = commands.value();
      out[at.at(r.text(i, 0))].commands.push_back(
          {r.text(i, 1), static_cast<std::uint32_t>(r.integer(i, 2)), r.text(i, 3), r.text(i, 4)});
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "loading sessions failed");
  }
}

Result<std::optional<LoadedSession>> load_session(pqxx::connection& conn, const std::string& id) {
  if (id.empty()) return std::optional<LoadedSession>{};
  auto loaded = load_sessions(conn, {id});
  if (!loaded) return loaded.error();
  if (loaded.value().empty()) return std::optional<LoadedSession>{};
  return std::optional<LoadedSession>{std::move(loaded.value().front())};
}

Result<std::optional<SessionRow>> find_session(pqxx::connection& conn, const std::string& id) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(kFindSession, id);
    if (rows.empty()) return std::optional<SessionRow>{};
    const auto& r = rows[0];
    auto status = parse_stored_status(r[4].as<std::string>(), id);
    if (!status) return status.error();
    return std::optional<SessionRow>{SessionRow{r[0].as<std::string>(), r[1].as<std::string>(), field_bytes(r[2]), r[7].as<int>(),
                                                r[3].as<std::string>(), status.value(), r[5].as<std::string>(),
                                                r[6].as<std::uint64_t>()}};
  } catch (const std::exception& e) {
    return db_error(e, "reading the session failed");
  }
}

Result<std::optional<Credential>> find_credential(pqxx::connection& conn, const std::string& token_hash) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params("SELECT token_hash, session_id, kind, role_id, seat FROM credentials WHERE token_hash = $1::bytea",
                               bytea_literal(token_hash));
    if (rows.empty()) return std::optional<Credential>{};
    auto c = credential_row(rows[0]);
    if (!c) return c.error();
    return std::optional<Credential>{std::move(c.value())};
  } catch (const std::exception& e) {
    return db_error(e, "reading a credential failed");
  }
}

Result<std::optional<std::string>> find_command_result(pqxx::connection& conn, const std::string& session_id, const std::string& role,
                                                       std::uint32_t seat, const std::string& request_id) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params("SELECT result FROM command_results WHERE session_id = $1 AND role_id = $2 AND seat = $3 AND request_id = $4",
                               session_id, role, static_cast<std::int64_t>(seat), request_id);
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>{field_bytes(rows[0][0])};
  } catch (const std::exception& e) {
    return db_error(e, "reading a stored answer failed");
  }
}

Result<std::vector<std::string>> find_forks(pqxx::connection& conn, const std::string& id) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<std::string> out;
    for (const auto& r : tx.exec_params("SELECT id FROM sessions WHERE forked_from = $1 ORDER BY created_at, id", id)) {
      out.push_back(r[0].as<std::string>());
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the session's forks failed");
  }
}

Result<std::optional<std::pair<std::uint64_t, std::string>>> load_snapshot_at(pqxx::connection& conn, const std::string& session_id,
                                                                             std::uint64_t at_most) {
  using Snapshot = std::optional<std::pair<std::uint64_t, std::string>>;
  try {
    pqxx::read_transaction tx(conn);
    auto rows = BinaryRows::query(tx, kLoadSnapshotAt, {session_id, std::to_string(at_most)});
    if (!rows) return fail(ErrorCode::unavailable, "reading a snapshot failed: " + rows.error().message);
    if (rows.value().size() == 0) return Snapshot{};
    return Snapshot{std::make_pair(rows.value().int8(0, 0), std::string(rows.value().bytes(0, 1)))};
  } catch (const std::exception& e) {
    return db_error(e, "reading a snapshot failed");
  }
}

Result<std::uint64_t> last_seq(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    return tx.exec_params("SELECT coalesce(max(seq), 0) FROM events WHERE session_id = $1", session_id)[0][0].as<std::uint64_t>();
  } catch (const std::exception& e) {
    return db_error(e, "reading the last seq failed");
  }
}

Result<std::vector<StoredEvent>> load_events(pqxx::connection& conn, const std::string& session_id, std::uint64_t after,
                                             std::uint64_t upto) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<StoredEvent> out;
    for (const auto& row : tx.exec_params(kLoadEvents, session_id, after, upto)) out.push_back(event_from(row, 0));
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading events failed");
  }
}

Result<std::vector<std::pair<std::uint64_t, std::string>>> load_event_payloads(pqxx::connection& conn, const std::string& session_id,
                                                                              std::uint64_t after, std::uint64_t upto) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = BinaryRows::query(tx, kLoadPayloads, {session_id, std::to_string(after), std::to_string(upto)});
    if (!rows) return fail(ErrorCode::unavailable, "reading events failed: " + rows.error().message);
    std::vector<std::pair<std::uint64_t, std::string>> out;
    out.reserve(static_cast<std::size_t>(rows.value().size()));
    for (int i = 0; i < rows.value().size(); ++i) out.emplace_back(rows.value().int8(i, 0), rows.value().bytes(i, 1));
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading events failed");
  }
}

}  // namespace parley::storage
