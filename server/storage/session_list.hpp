#pragma once
// The list of recorded sessions, newest first, for facilitators who have
// lost a session id: filtered by state and scenario, paged. Runs on a
// database worker thread (it blocks).

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct SessionFilter {
  std::string status;    // lobby, running, paused, ended; empty: any
  std::string scenario;  // a scenario id; empty: any
  std::uint32_t limit = 50;
  std::uint64_t offset = 0;
};

struct SessionSummary {
  std::string id;
  std::string scenario_id;
  std::string title;
  std::string status;
  std::optional<std::string> forked_from;
  std::uint64_t forked_at_seq = 0;
  std::string created_at;               // ISO 8601, UTC
  std::optional<std::string> ended_at;  // ISO 8601, UTC
  std::uint64_t last_seq = 0;
};

struct SessionPage {
  std::vector<SessionSummary> sessions;
  std::uint64_t total = 0;  // every session the filter matches, over all pages
};

Result<SessionPage> list_sessions(pqxx::connection& conn, const SessionFilter& filter);

}  // namespace parley::storage
