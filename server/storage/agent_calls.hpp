#pragma once
// The record of a language-model seat's calls to its model (migration 0010):
// one JSON document per call, stored as the agent client sent it, under the
// role and seat its code opens. Runs on a database worker's connection.

#include <cstdint>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct AgentCall {
  std::string role;
  std::uint32_t seat = 0;
  std::string at;      // ISO 8601, UTC
  std::string record;  // JSON text
};

Status insert_agent_call(pqxx::connection& conn, const std::string& session_id, const std::string& role, std::uint32_t seat,
                         const std::string& record);
// One role's calls when `role` is not empty; the latest `latest` of them when it is above 0; oldest first.
Result<std::vector<AgentCall>> load_agent_calls(pqxx::connection& conn, const std::string& session_id, const std::string& role = "",
                                                std::int64_t latest = 0);

}  // namespace parley::storage
