#include "storage/scenario_store.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/event_rows.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace {

constexpr const char* kColumns =
    "id, version, scenario, source, author, state, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
// One author at a time per scenario id: the newest version is read and the next stored under this lock.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(hashtext('parley.scenario:' || $1))";
constexpr const char* kNewest = "SELECT coalesce(max(version), 0) FROM scenarios WHERE id = $1";

ScenarioVersion version_from(const pqxx::row& row) {
  ScenarioVersion v;
  v.id = row[0].as<std::string>();
  v.version = row[1].as<int>();
  v.scenario = field_bytes(row[2]);
  v.source = row[3].as<std::string>();
  v.author = row[4].as<std::string>();
  v.state = row[5].as<std::string>();
  v.created_at = row[6].as<std::string>();
  return v;
}

Error stale(const std::string& id, int named, int newest) {
  return fail(ErrorCode::conflict, "scenario '" + id + "' is at version " + std::to_string(newest) + ", not " +
                                       std::to_string(named) + ": someone saved it since; load version " +
                                       std::to_string(newest) + " and make the change there");
}

Error not_newest(const std::string& id, int named, int newest) {
  return fail(ErrorCode::conflict, "scenario '" + id + "' has a newer version (" + std::to_string(newest) + ") than " +
                                       std::to_string(named) + ": publish or archive the newest version, which holds every edit");
}

// Locks the id and reads its newest version (0: none).
int lock_newest(pqxx::work& tx, const std::string& id) {
  tx.exec_params(kLock, id);
  return tx.exec_params1(kNewest, id)[0].as<int>();
}

Result<ScenarioVersion> set_state(pqxx::connection& conn, const std::string& id, int version, const std::string& state) {
  try {
    pqxx::work tx(conn);
    int newest = lock_newest(tx, id);
    if (newest == 0) return fail(ErrorCode::not_found, "the library has no scenario '" + id + "'");
    if (version != 0 && version != newest) return not_newest(id, version, newest);
    if (state == "archived") {
      tx.exec_params("UPDATE scenarios SET state = 'archived' WHERE id = $1", id);
    } else {
      tx.exec_params("UPDATE scenarios SET state = $3 WHERE id = $1 AND version = $2", id, newest, state);
    }
    auto row = tx.exec_params1(std::string("SELECT ") + kColumns + " FROM scenarios WHERE id = $1 AND version = $2", id, newest);
    tx.commit();
    return version_from(row);
  } catch (const std::exception& e) {
    return db_error(e, "changing scenario '" + id + "' failed");
  }
}

}  // namespace

Result<ScenarioVersion> add_scenario_version(pqxx::connection& conn, const NewScenarioVersion& v) {
  try {
    pqxx::work tx(conn);
    int newest = lock_newest(tx, v.id);
    if (newest != v.base) {
      if (v.base == 0) {
        return fail(ErrorCode::conflict, "the library already has a scenario '" + v.id + "' (newest version " + std::to_string(newest) +
                                             "): give yours another id, or save it as an edit of version " + std::to_string(newest) +
                                             " (base " + std::to_string(newest) + ")");
      }
      if (v.base > newest) return fail(ErrorCode::conflict, "scenario '" + v.id + "' has no version " + std::to_string(v.base));
      return stale(v.id, v.base, newest);
    }
    auto row = tx.exec_params1(std::string("INSERT INTO scenarios (id, version, scenario, source, author, state) "
                                           "VALUES ($1, $2, $3::bytea, $4, $5, $6) RETURNING ") + kColumns,
                               v.id, newest + 1, bytea_literal(v.scenario), v.source, v.author, v.publish ? "published" : "draft");
    tx.commit();
    return version_from(row);
  } catch (const std::exception& e) {
    return db_error(e, "storing scenario '" + v.id + "' failed");
  }
}

Result<std::vector<ScenarioVersion>> list_scenario_versions(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<ScenarioVersion> out;
    auto rows = tx.exec(std::string("SELECT DISTINCT ON (id) ") + kColumns +
                        ", (SELECT coalesce(max(p.version), 0) FROM scenarios p WHERE p.id = s.id AND p.state = 'published') "
                        "FROM scenarios s ORDER BY id, version DESC");
    for (const auto& row : rows) {
      out.push_back(version_from(row));
      out.back().published = row[7].as<int>();
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "listing scenarios failed");
  }
}

Result<std::optional<ScenarioVersion>> find_scenario_version(pqxx::connection& conn, const std::string& id, int version,
                                                             bool published_only) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(std::string("SELECT ") + kColumns +
                                   " FROM scenarios WHERE id = $1 AND ($2 = 0 OR version = $2) AND (NOT $3 OR state = 'published') "
                                   "ORDER BY version DESC LIMIT 1",
                               id, version, published_only);
    if (rows.empty()) return std::optional<ScenarioVersion>{};
    return std::optional<ScenarioVersion>{version_from(rows[0])};
  } catch (const std::exception& e) {
    return db_error(e, "reading scenario '" + id + "' failed");
  }
}

Result<ScenarioVersion> publish_scenario(pqxx::connection& conn, const std::string& id, int version) {
  return set_state(conn, id, version, "published");
}

Result<ScenarioVersion> archive_scenario(pqxx::connection& conn, const std::string& id, int version) {
  return set_state(conn, id, version, "archived");
}

Status add_scenario_author(pqxx::connection& conn, const std::string& token_hash, const std::string& name) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO scenario_authors (token_hash, name) VALUES ($1::bytea, $2)", bytea_literal(token_hash), name);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the author's token failed");
  }
}

Result<std::optional<std::string>> find_scenario_author(pqxx::connection& conn, const std::string& token_hash) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params("SELECT name FROM scenario_authors WHERE token_hash = $1::bytea", bytea_literal(token_hash));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>{rows[0][0].as<std::string>()};
  } catch (const std::exception& e) {
    return db_error(e, "reading authors failed");
  }
}

}  // namespace parley::storage
