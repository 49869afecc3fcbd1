#include "storage/cohort_store.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace {

constexpr const char* kInsertCohort =
    "INSERT INTO cohorts (id, title, scenario_id, scenario_version, token_hash, names_required) VALUES ($1, $2, $3, $4, $5::bytea, $6)";
constexpr const char* kInsertTable = "INSERT INTO cohort_tables (cohort_id, table_no, session_id, facilitator_token) VALUES ($1, $2, $3, $4)";
constexpr const char* kInsertSeat =
    "INSERT INTO cohort_seats (cohort_id, session_id, position, name, grp, kind, role_id, seat, join_code) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr const char* kCohort =
    "SELECT title, scenario_id, scenario_version, names_required, token_hash = $2::bytea OR $3, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM cohorts WHERE id = $1";
constexpr const char* kTables = "SELECT table_no, session_id, facilitator_token FROM cohort_tables WHERE cohort_id = $1 ORDER BY table_no";
constexpr const char* kSeats =
    "SELECT position, session_id, name, grp, kind, role_id, seat, join_code FROM cohort_seats WHERE cohort_id = $1 ORDER BY position";

constexpr const char* kList =
    "SELECT c.id, c.title, c.scenario_id, c.scenario_version, "
    "(SELECT count(*) FROM cohort_tables t WHERE t.cohort_id = c.id), "
    "(SELECT count(*) FROM cohort_seats s WHERE s.cohort_id = c.id AND s.kind <> 'bot'), "
    "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM cohorts c ORDER BY c.created_at DESC, c.id LIMIT $1";

}  // namespace

Result<std::vector<CohortSummary>> list_cohorts(pqxx::connection& conn, int limit) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<CohortSummary> out;
    for (const auto& r : tx.exec_params(kList, limit)) {
      out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<int>(), r[4].as<int>(), r[5].as<int>(),
                     r[6].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "listing cohorts failed");
  }
}

Result<std::vector<std::tuple<std::string, std::uint32_t, std::string>>> roster_names(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<std::tuple<std::string, std::uint32_t, std::string>> out;
    for (const auto& r : tx.exec_params("SELECT role_id, seat, name FROM cohort_seats WHERE session_id = $1 AND kind = 'seat' "
                                        "AND name IS NOT NULL AND name <> '' ORDER BY position",
                                        session_id)) {
      out.emplace_back(r[0].as<std::string>(), r[1].as<std::uint32_t>(), r[2].as<std::string>());
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the class list failed");
  }
}

Status insert_cohort(pqxx::connection& conn, const CohortRow& c, const std::string& token_hash) {
  try {
    pqxx::work tx(conn);
    tx.exec_params(kInsertCohort, c.id, c.title, c.scenario_id, c.scenario_version, bytea_literal(token_hash), c.names_required);
    for (const auto& t : c.tables) {
      tx.exec_params(kInsertTable, c.id, t.table_no, t.session_id, t.facilitator_token);
      if (c.names_required) tx.exec_params("UPDATE sessions SET names_required = true WHERE id = $1", t.session_id);
    }
    for (const auto& s : c.seats) {
      tx.exec_params(kInsertSeat, c.id, s.session_id, s.position, s.name, s.group, s.kind, s.role, s.seat, s.join_code);
    }
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the cohort failed");
  }
}

Result<CohortRow> load_cohort(pqxx::connection& conn, const std::string& id, const std::string& token_hash) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(kCohort, id, bytea_literal(token_hash), token_hash.empty());
    if (rows.empty()) return fail(ErrorCode::not_found, "no cohort '" + id + "'");
    if (!rows[0][4].as<bool>()) return fail(ErrorCode::invalid, "that is not this cohort's token");
    CohortRow c;
    c.id = id;
    c.title = rows[0][0].as<std::string>();
    c.scenario_id = rows[0][1].as<std::string>();
    c.scenario_version = rows[0][2].as<int>();
    c.names_required = rows[0][3].as<bool>();
    c.created_at = rows[0][5].as<std::string>();
    for (const auto& r : tx.exec_params(kTables, id)) c.tables.push_back({r[0].as<int>(), r[1].as<std::string>(), r[2].as<std::string>()});
    for (const auto& r : tx.exec_params(kSeats, id)) {
      CohortSeatRow s;
      s.position = r[0].as<int>();
      s.session_id = r[1].as<std::string>();
      if (!r[2].is_null()) s.name = r[2].as<std::string>();
      s.group = r[3].as<std::string>();
      s.kind = r[4].as<std::string>();
      s.role = r[5].as<std::string>();
      s.seat = r[6].as<std::uint32_t>();
      s.join_code = r[7].as<std::string>();
      c.seats.push_back(std::move(s));
    }
    return c;
  } catch (const std::exception& e) {
    return db_error(e, "reading the cohort failed");
  }
}

}  // namespace parley::storage
