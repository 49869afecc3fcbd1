#include "storage/session_list.hpp"

#include <pqxx/pqxx>

#include "storage/db_worker.hpp"

namespace parley::storage {
namespace {

constexpr const char* kListSessions =
    "SELECT s.id, s.scenario_id, s.title, s.status, s.forked_from, coalesce(s.forked_at_seq, 0), "
    "to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(s.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce((SELECT max(e.seq) FROM events e WHERE e.session_id = s.id), 0), count(*) OVER () "
    "FROM sessions s WHERE ($1 = '' OR s.status = $1) AND ($2 = '' OR s.scenario_id = $2) "
    "ORDER BY s.created_at DESC, s.id LIMIT $3::integer OFFSET $4::bigint";

SessionSummary summary_from(const pqxx::row& row) {
  SessionSummary s;
  s.id = row[0].as<std::string>();
  s.scenario_id = row[1].as<std::string>();
  s.title = row[2].as<std::string>();
  s.status = row[3].as<std::string>();
  if (!row[4].is_null()) s.forked_from = row[4].as<std::string>();
  s.forked_at_seq = row[5].as<std::uint64_t>();
  s.created_at = row[6].as<std::string>();
  if (!row[7].is_null()) s.ended_at = row[7].as<std::string>();
  s.last_seq = row[8].as<std::uint64_t>();
  return s;
}

}  // namespace

Result<SessionPage> list_sessions(pqxx::connection& conn, const SessionFilter& filter) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(kListSessions, filter.status, filter.scenario, filter.limit, filter.offset);
    SessionPage page;
    for (const auto& row : rows) {
      page.sessions.push_back(summary_from(row));
      page.total = row[9].as<std::uint64_t>();
    }
    return page;
  } catch (const std::exception& e) {
    return fail(ErrorCode::unavailable, "listing sessions failed: " + db_error_line(e));
  }
}

}  // namespace parley::storage
