#include "storage/presence_log.hpp"

#include <pqxx/pqxx>

#include "log/logger.hpp"
#include "storage/db_error.hpp"

namespace parley::storage {

void PresenceLog::connected(const std::string& session_id, const std::string& connection, const std::string& role,
                            std::uint32_t seat, const std::string& client, const std::string& display_name, std::int64_t at_ms) {
  run("noting a connection", [=](pqxx::connection& conn) {
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO seat_presence (session_id, connection, role_id, seat, client, connected_ms, display_name) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                   session_id, connection, role, static_cast<std::int64_t>(seat), client, at_ms, display_name);
    tx.commit();
  });
}

void PresenceLog::disconnected(const std::string& session_id, const std::string& connection, std::int64_t at_ms) {
  run("noting a disconnection", [=](pqxx::connection& conn) {
    pqxx::work tx(conn);
    tx.exec_params("UPDATE seat_presence SET disconnected_ms = $3 WHERE session_id = $1 AND connection = $2", session_id, connection, at_ms);
    tx.commit();
  });
}

void PresenceLog::run(std::string what, std::function<void(pqxx::connection&)> write) {
  db_.perform(what, std::move(write), [](const Error& e) { log::warn("presence", e.message); });
}

Result<std::vector<PresenceRow>> load_presence(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<PresenceRow> out;
    for (const auto& r : tx.exec_params("SELECT role_id, seat, client, connected_ms, coalesce(disconnected_ms, 0), display_name FROM seat_presence "
                                        "WHERE session_id = $1 ORDER BY connected_ms, connection",
                                        session_id)) {
      out.push_back({r[0].as<std::string>(), r[1].as<std::uint32_t>(), r[2].as<std::string>(), r[3].as<std::int64_t>(), r[4].as<std::int64_t>(),
                     r[5].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading who was connected failed");
  }
}

}  // namespace parley::storage
