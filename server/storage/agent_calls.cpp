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

Result<std::vector<AgentCall>> load_agent_calls(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<AgentCall> out;
    for (const auto& r : tx.exec_params("SELECT role_id, seat, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                                        "record::text FROM agent_calls WHERE session_id = $1 ORDER BY id",
                                        session_id)) {
      out.push_back({r[0].as<std::string>(), r[1].as<std::uint32_t>(), r[2].as<std::string>(), r[3].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the model calls failed");
  }
}

}  // namespace parley::storage
