#pragma once
// Cohorts (class mode) in PostgreSQL: the cohort, its tables (sessions) and
// the roster's seats with their names and join codes. Runs on a database
// worker thread (it blocks). A table's rows go when its session is deleted
// (storage::delete_session), and with them the participants' names.

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <tuple>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct CohortTableRow {
  int table_no = 0;
  std::string session_id;
  std::string facilitator_token;
};

struct CohortSeatRow {
  int position = 0;  // roster order; bot seats after the people
  std::string session_id;
  std::optional<std::string> name;  // none for a bot's seat
  std::string group;
  std::string kind;  // seat, observer, bot
  std::string role;
  std::uint32_t seat = 0;
  std::string join_code;  // empty for a bot's seat
};

struct CohortRow {
  std::string id;
  std::string title;
  std::string scenario_id;
  int scenario_version = 0;
  bool names_required = false;
  std::string created_at;          // ISO 8601, UTC
  std::vector<CohortTableRow> tables;  // by table_no; tables whose session was deleted are gone
  std::vector<CohortSeatRow> seats;    // by position
};

// Stores a new cohort with its tables and seats in one transaction; token_hash is SHA-256 of its token.
Status insert_cohort(pqxx::connection& conn, const CohortRow& cohort, const std::string& token_hash);
// The cohort `id` when token_hash is its token's (or when token_hash is empty: the admin);
// not_found when there is none, invalid when the token is not this cohort's.
Result<CohortRow> load_cohort(pqxx::connection& conn, const std::string& id, const std::string& token_hash);

struct CohortSummary {
  std::string id;
  std::string title;
  std::string scenario_id;
  int scenario_version = 0;
  int tables = 0;  // still stored
  int people = 0;  // on the roster, of tables still stored
  std::string created_at;
};
// The names a class's roster gives this session's seats: role, seat, name (people only).
Result<std::vector<std::tuple<std::string, std::uint32_t, std::string>>> roster_names(pqxx::connection& conn, const std::string& session_id);

// Every cohort, newest first (at most `limit`).
Result<std::vector<CohortSummary>> list_cohorts(pqxx::connection& conn, int limit);

}  // namespace parley::storage
