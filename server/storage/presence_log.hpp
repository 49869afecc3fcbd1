#pragma once
// Connections to seats, noted for the review (who played, human or bot, for
// how long). Best effort on the database worker: a failed note is logged and
// never holds up or fails anything a participant does.

#include <cstdint>
#include <functional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/db_worker.hpp"

namespace parley::storage {

struct PresenceRow {
  std::string role;
  std::uint32_t seat = 0;
  std::string client;
  std::int64_t connected_ms = 0;
  std::int64_t disconnected_ms = 0;  // 0: still open
  std::string display_name;          // personal data: empty when none was given
};

class PresenceLog {
 public:
  explicit PresenceLog(DbWorker& db) : db_(db) {}

  void connected(const std::string& session_id, const std::string& connection, const std::string& role, std::uint32_t seat,
                 const std::string& client, const std::string& display_name, std::int64_t at_ms);
  void disconnected(const std::string& session_id, const std::string& connection, std::int64_t at_ms);

 private:
  void run(std::string what, std::function<void(pqxx::connection&)> write);

  DbWorker& db_;
};

Result<std::vector<PresenceRow>> load_presence(pqxx::connection& conn, const std::string& session_id);

}  // namespace parley::storage
