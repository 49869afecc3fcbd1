#include "storage/agent_calls.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"

namespace parley::storage {

Status insert_agent_call(pqxx::connection& conn, const std::string& session_id, const std::string& role, std::uint32_t seat,
                         const std::string& record) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO agent_calls (session_id, role_id, seat, record) VALUES ($1, $2, $3, $4::jsonb)", session_id, role,
                   static_cast<std::int64_t>(seat), record);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the model call failed");
  }
}

Result<std::vector<AgentCall>> load_agent_calls(pqxx::connection& conn, const std::string& session_id, const std::string& role,
                                                std::int64_t latest) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<AgentCall> out;
    // The latest `latest` (all when 0), given oldest first.
    for (const auto& r : tx.exec_params("SELECT * FROM (SELECT id, role_id, seat, "
                                        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at, record::text "
                                        "FROM agent_calls WHERE session_id = $1 AND ($2 = '' OR role_id = $2) "
                                        "ORDER BY id DESC LIMIT CASE WHEN $3 > 0 THEN $3 END) latest ORDER BY id",
                                        session_id, role, latest)) {
      out.push_back({r[1].as<std::string>(), r[2].as<std::uint32_t>(), r[3].as<std::string>(), r[4].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the model calls failed");
  }
}

}  // namespace parley::storage
