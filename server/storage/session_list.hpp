#pragma once
// The list of recorded sessions, newest first, for the console and for
// facilitators who have lost a session id: filtered by state, scenario and
// words of the title or id, paged; and deleting one for good. Runs on a
// database worker thread (it blocks).

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::storage {

struct SessionFilter {
  std::optional<parley::v1::SessionStatus> status;  // none: any
  std::string scenario;  // a scenario id; empty: any
  std::string search;    // words of the title, or the id's start; empty: any
  bool archived = false; // the archived sessions instead of the others
  std::uint32_t limit = 50;
  std::uint64_t offset = 0;
};

struct SessionSummary {
  std::string id;
  std::string scenario_id;
  std::string title;
  parley::v1::SessionStatus status = parley::v1::LOBBY;
  std::optional<std::string> forked_from;
  std::uint64_t forked_at_seq = 0;
  std::string created_at;               // ISO 8601, UTC
  std::optional<std::string> ended_at;  // ISO 8601, UTC
  std::uint64_t last_seq = 0;
  int scenario_version = 0;             // 0: a shipped scenario file
  int round = 0;                        // of the last event
  std::string phase;                    // of the last event
  std::optional<std::string> last_at;   // ISO 8601, UTC: the last event's time
};

struct SessionPage {
  std::vector<SessionSummary> sessions;
  std::uint64_t total = 0;  // every session the filter matches, over all pages
};

Result<SessionPage> list_sessions(pqxx::connection& conn, const SessionFilter& filter);

// The session's status; not_found when there is none.
Result<parley::v1::SessionStatus> session_status(pqxx::connection& conn, const std::string& id);

// Archives a session (it leaves the default list; nothing of it is deleted), or brings it back.
Status set_archived(pqxx::connection& conn, const std::string& id, bool archived);

// Deletes a session that is not running or paused, with its events, snapshots, codes,
// answers, seat presence, cohort seats (participants' names), model calls and lease; its forks stay, without the link
// back. conflict while it runs; not_found when there is none.
Status delete_session(pqxx::connection& conn, const std::string& id);

}  // namespace parley::storage
