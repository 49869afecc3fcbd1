#include "storage/session_list.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/session_repository.hpp"

namespace parley::storage {
namespace {

constexpr const char* kListSessions =
    "SELECT s.id, s.scenario_id, s.title, s.status, s.forked_from, coalesce(s.forked_at_seq, 0), "
    "to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(s.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(last.seq, 0), count(*) OVER (), coalesce(s.scenario_version, 0), coalesce(last.round, 0), "
    "coalesce(last.phase, ''), to_char(last.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM sessions s LEFT JOIN LATERAL (SELECT e.seq, e.round, e.phase, e.created_at FROM events e "
    "WHERE e.session_id = s.id ORDER BY e.seq DESC LIMIT 1) last ON true "
    "WHERE ($1 = '' OR s.status = $1) AND ($2 = '' OR s.scenario_id = $2) "
    "AND ($5 = '' OR s.title ILIKE '%' || $5 || '%' OR s.id LIKE $5 || '%') AND s.archived = $6 "
    "ORDER BY s.created_at DESC, s.id LIMIT $3::integer OFFSET $4::bigint";

// Children first: events and answers carry no foreign key (0003), the rest do.
constexpr const char* kDeleteSession[] = {
    "DELETE FROM command_results WHERE session_id = $1", "DELETE FROM events WHERE session_id = $1",
    "DELETE FROM snapshots WHERE session_id = $1",       "DELETE FROM seat_presence WHERE session_id = $1",
    "DELETE FROM credentials WHERE session_id = $1",     "DELETE FROM session_leases WHERE session_id = $1",
    "DELETE FROM cohort_seats WHERE session_id = $1",    "DELETE FROM cohort_tables WHERE session_id = $1",
    "DELETE FROM agent_calls WHERE session_id = $1",     "DELETE FROM agent_modes WHERE session_id = $1",
    "DELETE FROM agent_proposals WHERE session_id = $1",
    "UPDATE sessions SET forked_from = NULL WHERE forked_from = $1", "DELETE FROM sessions WHERE id = $1"};

Result<SessionSummary> summary_from(const pqxx::row& row) {
  SessionSummary s;
  s.id = row[0].as<std::string>();
  s.scenario_id = row[1].as<std::string>();
  s.title = row[2].as<std::string>();
  auto status = parse_stored_status(row[3].as<std::string>(), s.id);
  if (!status) return status.error();
  s.status = status.value();
  if (!row[4].is_null()) s.forked_from = row[4].as<std::string>();
  s.forked_at_seq = row[5].as<std::uint64_t>();
  s.created_at = row[6].as<std::string>();
  if (!row[7].is_null()) s.ended_at = row[7].as<std::string>();
  s.last_seq = row[8].as<std::uint64_t>();
  s.scenario_version = row[10].as<int>();
  s.round = row[11].as<int>();
  s.phase = row[12].as<std::string>();
  if (!row[13].is_null()) s.last_at = row[13].as<std::string>();
  return s;
}

}  // namespace

Result<SessionPage> list_sessions(pqxx::connection& conn, const SessionFilter& filter) {
  try {
    pqxx::read_transaction tx(conn);
    auto status = filter.status ? stored_status(*filter.status) : std::string();
    auto rows = tx.exec_params(kListSessions, status, filter.scenario, filter.limit, filter.offset, filter.search, filter.archived);
    SessionPage page;
    for (const auto& row : rows) {
      auto summary = summary_from(row);
      if (!summary) return summary.error();
      page.sessions.push_back(std::move(summary.value()));
      page.total = row[9].as<std::uint64_t>();
    }
    return page;
  } catch (const std::exception& e) {
    return db_error(e, "listing sessions failed");
  }
}

Result<parley::v1::SessionStatus> session_status(pqxx::connection& conn, const std::string& id) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params("SELECT status FROM sessions WHERE id = $1", id);
    if (rows.empty()) return fail(ErrorCode::not_found, "no session '" + id + "'");
    return parse_stored_status(rows[0][0].as<std::string>(), id);
  } catch (const std::exception& e) {
    return db_error(e, "reading the session failed");
  }
}

Status set_archived(pqxx::connection& conn, const std::string& id, bool archived) {
  try {
    pqxx::work tx(conn);
    auto r = tx.exec_params("UPDATE sessions SET archived = $2 WHERE id = $1", id, archived);
    if (r.affected_rows() == 0) return fail(ErrorCode::not_found, "no session '" + id + "'");
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "archiving the session failed");
  }
}

Status delete_session(pqxx::connection& conn, const std::string& id) {
  try {
    pqxx::work tx(conn);
    auto rows = tx.exec_params("SELECT status FROM sessions WHERE id = $1 FOR UPDATE", id);
    if (rows.empty()) return fail(ErrorCode::not_found, "no session '" + id + "'");
    auto status = parse_stored_status(rows[0][0].as<std::string>(), id);
    if (!status) return status.error();
    if (status.value() == parley::v1::RUNNING || status.value() == parley::v1::PAUSED) {
      return fail(ErrorCode::conflict, "session " + id + " is " + stored_status(status.value()) + "; end it before deleting it");
    }
    for (const char* sql : kDeleteSession) tx.exec_params(sql, id);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "deleting the session failed");
  }
}

}  // namespace parley::storage
