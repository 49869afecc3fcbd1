#pragma once
// Reads of a recorded session for review: its events as one role saw them
// (replayed through the engine, so visibility is exactly the live rules),
// and forks — a new live session whose history is the original's up to a
// seq. Reads run on their own database worker, so a long review or a page of
// history never holds up session creation; answers come through callbacks.

#include <cstdint>
#include <functional>
#include <string>

#include "session/session_registry.hpp"
#include "common/result.hpp"
#include "review/session_record.hpp"
#include "storage/db_worker.hpp"
#include "storage/db_worker_pool.hpp"
#include "storage/session_list.hpp"

namespace parley::app {

struct ReviewQuery {
  std::string session_id;
  std::string role;    // whose view; empty: the white cell's
  std::string format;  // html, md, json or csv
  bool with_messages = false;
};

struct ReviewDocument {
  std::string content_type;
  std::string body;
};

struct EventQuery {
  std::string session_id;
  std::string role;        // whose view; empty: the white cell's
  std::uint64_t after = 0; // only events with a larger seq
  int round = 0;           // 0: every round
  std::uint64_t limit = 5000;  // a page covers the seqs after..after+limit
  bool binary = false;     // a parley.v1.EventPage instead of JSON
};

class SessionArchive {
 public:
  // pages builds history pages; reader serves the other reads; db (the registry's) stores forks.
  SessionArchive(storage::DbWorkerPool& pages, storage::DbWorker& reader, storage::DbWorker& db, SessionRegistry& registry,
                 ScenarioIndexes& scenarios)
      : pages_(pages), reader_(reader), db_(db), registry_(registry), scenarios_(scenarios) {}

  // One page, JSON: {"session_id", "role", "scenario", "last_seq", "next_after", "events": [{"seq", "at_ms",
  // "round", "phase", "actor", "type", "event"}]}. The page replays from the latest snapshot at or before
  // `after`, not from the start; next_after is null on the last page. With query.binary: a
  // serialized parley.v1.EventPage (events packed as in a WebSocket batch; next_after 0 on the last page).
  void events(EventQuery query, std::function<void(Result<std::string>)> done);
  // JSON: {"sessions": [{"session_id", "scenario", "title", "state", "created_at", "ended_at", "last_seq",
  // "forked_from", "forked_at"}], "total", "limit", "offset"}, newest first.
  void list(storage::SessionFilter filter, std::function<void(Result<std::string>)> done);
  // JSON: {"session_id", "title", "role", "at", "last_seq", "event", "round", "phase", "scenario",
  // "state", "desk"}: the role's view after event `at` (capped at the last), the event at `at` as
  // the role saw it (empty when it did not see it), and the seat's desk then (head seat).
  void view(std::string session_id, std::string role, std::uint64_t at, std::function<void(Result<std::string>)> done);
  // The class list's people on this session's seats (empty for a session not made by a cohort).
  void roster(std::string session_id, std::function<void(Result<std::vector<review::RosterName>>)> done);
  // Archives a session (out of the default list, nothing deleted) or brings it back.
  void archive(std::string session_id, bool archived, std::function<void(Status)> done);
  // Deletes a session that is not running: first out of memory (its connections closed,
  // its codes forgotten), then every stored trace of it (storage::delete_session).
  void remove(std::string session_id, std::function<void(Status)> done);
  // The after-action review (review/review_model.hpp) in one format; the
  // white cell's view compares the session with each of its forks.
  void review(ReviewQuery query, std::function<void(Result<ReviewDocument>)> done);
  // Forks `session_id` after event `at`; the fork starts paused if the
  // original was running then. done gets the new session's codes.
  void fork(std::string session_id, std::uint64_t at, std::string title, std::function<void(Result<CreatedSession>)> done);

 private:
  // Connections (and requests) holding the session here now; 0 when it is not in memory.
  int connected(const std::string& id) const;

  storage::DbWorkerPool& pages_;
  storage::DbWorker& reader_;
  storage::DbWorker& db_;
  SessionRegistry& registry_;
  ScenarioIndexes& scenarios_;
};

}  // namespace parley::app
