#pragma once
// The white cell's hold on language-model seats (migration 0011): a seat's
// mode, and the moves a model in propose mode waits on. Runs on a database
// worker's connection.

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

// What a model seat may do: act on its own, propose each move, nothing (paused), or nothing
// because a person has taken the seat over.
enum class AgentMode { act, propose, paused, human };
const char* agent_mode_name(AgentMode mode);
std::optional<AgentMode> agent_mode_from(const std::string& word);

// withdrawn: the white cell changed the seat's mode while the proposal waited.
enum class ProposalStatus { pending, approved, rejected, withdrawn };
const char* proposal_status_name(ProposalStatus status);

struct Proposal {
  std::int64_t id = 0;
  std::string role;
  std::string tool;
  std::string arguments;  // JSON text, as the model wrote it
  ProposalStatus status = ProposalStatus::pending;
};

Status set_agent_mode(pqxx::connection& conn, const std::string& session_id, const std::string& role, AgentMode mode);
// The seat's mode; act when the white cell never set one.
Result<AgentMode> agent_mode(pqxx::connection& conn, const std::string& session_id, const std::string& role);
// Every role whose mode was set, with its mode.
Result<std::vector<std::pair<std::string, AgentMode>>> agent_modes(pqxx::connection& conn, const std::string& session_id);

// Only while the seat is in propose mode (conflict otherwise). Setting any other mode withdraws
// the seat's pending proposals.
Result<std::int64_t> add_proposal(pqxx::connection& conn, const std::string& session_id, const std::string& role, const std::string& tool,
                                  const std::string& arguments);
// Approves or rejects a pending proposal; not_found for none, conflict when it was decided already.
Status decide_proposal(pqxx::connection& conn, const std::string& session_id, std::int64_t id, ProposalStatus decision);
// The session's proposals (one role's when `role` is not empty), oldest first.
Result<std::vector<Proposal>> proposals(pqxx::connection& conn, const std::string& session_id, const std::string& role = "");

}  // namespace parley::storage
