#pragma once
// The events table's row mapping in one place: the insert's columns (the event
// writer's commit script and session creation, for a fork's inherited
// history, both write them), and the reading of a selected row back into a
// StoredEvent.

#include <cstdint>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>

#include "storage/sql_rows.hpp"

namespace parley::storage {

struct StoredEvent {
  std::uint64_t seq = 0;
  std::string type;     // the event kind's name, for queries
  std::string payload;  // the serialized parley.v1.Event
  int round = 0;
  std::string phase;
  std::int64_t at_ms = 0;
};

// The head of a multi-row insert of events: (session_id, seq, type, payload, round, phase, created_at).
inline constexpr const char* kInsertEventsHead =
    "INSERT INTO events (session_id, seq, type, payload, round, phase, created_at) VALUES ";

class EventRows {
 public:
  EventRows();
  // Adds one event's row; sends the statement when it reaches the parameter limit.
  void add(pqxx::transaction_base& tx, const std::string& session_id, const StoredEvent& event);
  void flush(pqxx::transaction_base& tx);

 private:
  SqlRows rows_;
};

// A row selected as (seq, type, payload, round, phase, at_ms), from column `first` on.
StoredEvent event_from(const pqxx::row& row, int first);

// A bytea field's bytes.
std::string field_bytes(const pqxx::field& field);

}  // namespace parley::storage
