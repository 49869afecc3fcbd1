#include "storage/agent_control.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"

namespace parley::storage {
namespace {

constexpr std::pair<AgentMode, const char*> kModes[] = {
    {AgentMode::act, "act"}, {AgentMode::propose, "propose"}, {AgentMode::paused, "paused"}, {AgentMode::human, "human"}};
constexpr std::pair<ProposalStatus, const char*> kStatuses[] = {
    {ProposalStatus::pending, "pending"}, {ProposalStatus::approved, "approved"}, {ProposalStatus::rejected, "rejected"},
    {ProposalStatus::withdrawn, "withdrawn"}};

Result<Proposal> proposal_row(const pqxx::row& r) {
  Proposal p{r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(), ProposalStatus::pending};
  auto word = r[4].as<std::string>();
  for (const auto& [status, name] : kStatuses) {
    if (word == name) {
      p.status = status;
      return p;
    }
  }
  return fail(ErrorCode::corrupt, "proposal " + std::to_string(p.id) + " has the unknown status '" + word + "'");
}

}  // namespace

const char* agent_mode_name(AgentMode mode) {
  for (const auto& [m, name] : kModes) {
    if (m == mode) return name;
  }
  return "act";
}

std::optional<AgentMode> agent_mode_from(const std::string& word) {
  for (const auto& [m, name] : kModes) {
    if (word == name) return m;
  }
  return std::nullopt;
}

const char* proposal_status_name(ProposalStatus status) {
  for (const auto& [s, name] : kStatuses) {
    if (s == status) return name;
  }
  return "pending";
}

Status set_agent_mode(pqxx::connection& conn, const std::string& session_id, const std::string& role, AgentMode mode) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO agent_modes (session_id, role_id, mode) VALUES ($1, $2, $3) "
                   "ON CONFLICT (session_id, role_id) DO UPDATE SET mode = excluded.mode, updated_at = now()",
                   session_id, role, agent_mode_name(mode));
    // A seat no longer proposing has nothing waiting on the white cell: what it proposed is set aside.
    if (mode != AgentMode::propose) {
      tx.exec_params("UPDATE agent_proposals SET status = $3, decided_at = now() WHERE session_id = $1 AND role_id = $2 AND status = $4",
                     session_id, role, proposal_status_name(ProposalStatus::withdrawn), proposal_status_name(ProposalStatus::pending));
    }
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "storing the seat's mode failed");
  }
}

Result<AgentMode> agent_mode(pqxx::connection& conn, const std::string& session_id, const std::string& role) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params("SELECT mode FROM agent_modes WHERE session_id = $1 AND role_id = $2", session_id, role);
    if (rows.empty()) return AgentMode::act;
    auto mode = agent_mode_from(rows[0][0].as<std::string>());
    if (!mode) return fail(ErrorCode::corrupt, "the seat " + role + " of session " + session_id + " has an unknown mode");
    return *mode;
  } catch (const std::exception& e) {
    return db_error(e, "reading the seat's mode failed");
  }
}

Result<std::vector<std::pair<std::string, AgentMode>>> agent_modes(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<std::pair<std::string, AgentMode>> out;
    for (const auto& r : tx.exec_params("SELECT role_id, mode FROM agent_modes WHERE session_id = $1 ORDER BY role_id", session_id)) {
      auto mode = agent_mode_from(r[1].as<std::string>());
      if (!mode) return fail(ErrorCode::corrupt, "the seat " + r[0].as<std::string>() + " of session " + session_id + " has an unknown mode");
      out.emplace_back(r[0].as<std::string>(), *mode);
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the seats' modes failed");
  }
}

Result<std::int64_t> add_proposal(pqxx::connection& conn, const std::string& session_id, const std::string& role, const std::string& tool,
                                  const std::string& arguments) {
  try {
    pqxx::work tx(conn);
    // The mode row is held until the proposal is stored, so a change of mode cannot miss it.
    auto mode = tx.exec_params("SELECT mode FROM agent_modes WHERE session_id = $1 AND role_id = $2 FOR SHARE", session_id, role);
    if (mode.empty() || mode[0][0].as<std::string>() != agent_mode_name(AgentMode::propose)) {
      return fail(ErrorCode::conflict, "the seat " + role + " is not in propose mode now; the white cell changed it");
    }
    auto id = tx.exec_params1("INSERT INTO agent_proposals (session_id, role_id, tool, arguments) VALUES ($1, $2, $3, $4) RETURNING id",
                              session_id, role, tool, arguments)[0]
                  .as<std::int64_t>();
    tx.commit();
    return id;
  } catch (const std::exception& e) {
    return db_error(e, "storing the proposal failed");
  }
}

Status decide_proposal(pqxx::connection& conn, const std::string& session_id, std::int64_t id, ProposalStatus decision) {
  try {
    pqxx::work tx(conn);
    auto rows = tx.exec_params("SELECT status FROM agent_proposals WHERE session_id = $1 AND id = $2 FOR UPDATE", session_id, id);
    if (rows.empty()) return fail(ErrorCode::not_found, "no proposal " + std::to_string(id) + " in session " + session_id);
    if (rows[0][0].as<std::string>() != proposal_status_name(ProposalStatus::pending)) {
      return fail(ErrorCode::conflict, "proposal " + std::to_string(id) + " was already " + rows[0][0].as<std::string>());
    }
    tx.exec_params("UPDATE agent_proposals SET status = $3, decided_at = now() WHERE session_id = $1 AND id = $2", session_id, id,
                   proposal_status_name(decision));
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "deciding the proposal failed");
  }
}

Result<std::vector<Proposal>> proposals(pqxx::connection& conn, const std::string& session_id, const std::string& role) {
  try {
    pqxx::read_transaction tx(conn);
    std::vector<Proposal> out;
    for (const auto& r : tx.exec_params("SELECT id, role_id, tool, arguments, status FROM agent_proposals "
                                        "WHERE session_id = $1 AND ($2 = '' OR role_id = $2) ORDER BY id",
                                        session_id, role)) {
      auto p = proposal_row(r);
      if (!p) return p.error();
      out.push_back(std::move(p.value()));
    }
    return out;
  } catch (const std::exception& e) {
    return db_error(e, "reading the proposals failed");
  }
}

}  // namespace parley::storage
