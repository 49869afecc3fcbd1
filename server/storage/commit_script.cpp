#include "storage/commit_script.hpp"

#include <pqxx/pqxx>

#include "storage/event_rows.hpp"
#include "storage/session_repository.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace {

constexpr const char* kInsertCommands =
    "INSERT INTO command_results (session_id, role_id, seat, request_id, result) VALUES ";

}  // namespace

void CommitScript::fence(const std::string& node_id, const std::set<Holding>& holdings) {
  if (holdings.empty()) return;
  std::string ids, epochs;
  for (const auto& [id, epoch] : holdings) {
    ids += ids.empty() ? "ARRAY[" : ",";
    text_literal(ids, id);
    epochs += (epochs.empty() ? "ARRAY[" : ",") + std::to_string(epoch);
  }
  fence_ = "SELECT parley_fence(";
  text_literal(fence_, node_id);
  fence_ += ", " + ids + "]::text[], " + epochs + "]::bigint[]);\n";
}

void CommitScript::add(const Append& a) {
  for (const auto& e : a.events) {
    events_ += events_.empty() ? kInsertEventsHead : ",";
    events_ += '(';
    text_literal(events_, a.session_id);
    events_ += ',' + std::to_string(e.seq) + ',';
    text_literal(events_, e.type);
    events_ += ',';
    bytea_literal(events_, e.payload);
    events_ += ',' + std::to_string(e.round) + ',';
    text_literal(events_, e.phase);
    events_ += ",to_timestamp(" + std::to_string(e.at_ms) + "::double precision / 1000))";
  }
  if (a.command) {
    commands_ += commands_.empty() ? kInsertCommands : ",";
    commands_ += '(';
    text_literal(commands_, a.session_id);
    commands_ += ',';
    text_literal(commands_, a.command->role);
    commands_ += ',' + std::to_string(a.command->seat) + ',';
    text_literal(commands_, a.command->request_id);
    commands_ += ',';
    bytea_literal(commands_, a.command->result);
    commands_ += ')';
  }
  if (a.snapshot) {
    others_ += "INSERT INTO snapshots (session_id, seq, state) VALUES (";
    text_literal(others_, a.session_id);
    others_ += ',' + std::to_string(a.snapshot->first) + ',';
    bytea_literal(others_, a.snapshot->second);
    others_ += ") ON CONFLICT DO NOTHING;\n";
  }
  if (a.status) {
    others_ += "UPDATE sessions SET status = ";
    text_literal(others_, stored_status(*a.status));
    others_ += *a.status == parley::v1::ENDED ? ", ended_at = now()" : "";
    others_ += " WHERE id = ";
    text_literal(others_, a.session_id);
    others_ += ";\n";
  }
}

std::string CommitScript::text() const {
  std::string out = fence_;
  if (!events_.empty()) out += events_ + ";\n";
  if (!commands_.empty()) out += commands_ + " ON CONFLICT DO NOTHING;\n";
  return out + others_;
}

void CommitScript::text_literal(std::string& out, const std::string& value) { out += conn_.quote(value); }

// An escape-string literal, so it reads the same whatever standard_conforming_strings says.
void CommitScript::bytea_literal(std::string& out, const std::string& bytes) {
  out += "E'\\\\x";
  append_hex(out, bytes);
  out += "'::bytea";
}

}  // namespace parley::storage
