#include "storage/event_rows.hpp"

#include <pqxx/binarystring>

namespace parley::storage {
namespace {
constexpr const char* kEventRow = "($%,$%,$%,$%::bytea,$%::integer,$%,to_timestamp($%::double precision / 1000))";
}  // namespace

EventRows::EventRows() : rows_(kInsertEventsHead, kEventRow) {}

void EventRows::add(pqxx::transaction_base& tx, const std::string& session_id, const StoredEvent& e) {
  rows_.add(tx, {session_id, std::to_string(e.seq), e.type, bytea_literal(e.payload), std::to_string(e.round), e.phase,
                 std::to_string(e.at_ms)});
}

void EventRows::flush(pqxx::transaction_base& tx) { rows_.flush(tx); }

std::string field_bytes(const pqxx::field& field) {
  pqxx::binarystring b(field);
  return b.str();
}

StoredEvent event_from(const pqxx::row& row, int first) {
  StoredEvent e;
  e.seq = row[first].as<std::uint64_t>();
  e.type = row[first + 1].as<std::string>();
  e.payload = field_bytes(row[first + 2]);
  e.round = row[first + 3].as<int>();
  e.phase = row[first + 4].as<std::string>();
  e.at_ms = row[first + 5].as<std::int64_t>();
  return e;
}

}  // namespace parley::storage
