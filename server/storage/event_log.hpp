#pragma once
// The port a live session writes through: ordered, durable appends of its
// events, and after a commit of unknown outcome, a read-back of what was
// stored. storage::EventStore implements it on PostgreSQL; the session host
// sees nothing else of storage, so its tests give it a log that fails,
// fences, stalls or loses a commit's outcome on demand.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/request_key.hpp"
#include "common/result.hpp"
#include "parley/v1/engine.pb.h"
#include "storage/event_rows.hpp"

namespace parley::storage {

struct CommandRecord {
  std::string role;
  std::uint32_t seat = 0;
  std::string request_id;
  std::string result;  // the serialized answer (a ServerEnvelope)
};

struct Append {
  std::string session_id;
  std::vector<StoredEvent> events;
  std::optional<CommandRecord> command;
  std::optional<std::pair<std::uint64_t, std::string>> snapshot;  // seq, serialized state
  std::optional<parley::v1::SessionStatus> status;  // new session status, when it changed
  std::int64_t epoch = 0;  // the writer's lease epoch; 0: not fenced (an ended session hosted again)
  // Runs once, on the log's thread: ok once stored; fenced (another node owns the session),
  // unknown_outcome (it may be stored), or another error (nothing stored).
  std::function<void(const Status&)> done;
};

// What a session holds after a seq: its events, and the answers stored for some of its requests.
struct StoredTail {
  std::vector<StoredEvent> events;
  std::vector<std::pair<RequestKey, std::string>> answers;  // serialized ServerEnvelopes; absent: not stored
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Queues an append. False when the log is full: then done never runs.
  virtual bool append(Append a) = 0;
  // After a failed append the session's later appends fail too, so its log never has a gap,
  // until the session, having rolled back to what is stored, resets it.
  virtual void reset_session(const std::string& session_id) = 0;
  // What is stored for the session after seq `after`, and the stored answers to these
  // requests. done runs once, on another thread (or on the caller's if it cannot be queued).
  virtual void read_back(const std::string& session_id, std::uint64_t after, std::vector<RequestKey> keys,
                         std::function<void(Result<StoredTail>)> done) = 0;
};

}  // namespace parley::storage
