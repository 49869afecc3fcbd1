#pragma once
// The codes and tokens that open sessions: seats', observers' and the white
// cell's. Only their SHA-256 is kept (of the full code and of its short,
// spoken form), in memory for every session this node knows and in the
// database for the others. Issues new ones, checks one in constant time, and
// looks up a code another node issued. Thread-safe.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/scenario_index.hpp"
#include "storage/db_worker.hpp"
#include "storage/session_repository.hpp"

namespace parley::app {

// What a code opens (its token_hash is the hash it was found by).
using CredentialInfo = storage::Credential;

struct SeatCode {
  std::string role;
  std::uint32_t seat;
  std::string code;
};

class SeatCodes {
 public:
  SeatCodes(storage::DbWorker& db, storage::DbWorker& reader) : db_(db), reader_(reader) {}

  void remember(const std::vector<storage::Credential>& credentials);
  // A deleted session's codes stop working.
  void forget_session(const std::string& session_id);
  std::optional<CredentialInfo> authenticate(const std::string& code) const;
  // A code this node has not seen (issued by another node): looked up by its
  // hash in the database on the reader worker, and remembered when found.
  void lookup(const std::string& code, std::function<void(Result<std::optional<CredentialInfo>>)> done);
  // Another token for the session's white cell: the first white-cell seat no token holds
  // yet; once every seat has one, they are shared in turn.
  void add_facilitator(const std::string& session_id, const engine::ScenarioIndex& index, std::function<void(Result<SeatCode>)> done);
  // A new join code for a seat (for bots, or to replace a lost code).
  void issue(const std::string& session_id, const engine::ScenarioIndex& index, const std::string& role, std::uint32_t seat,
             std::function<void(Result<SeatCode>)> done);

 private:
  // Stores a credential (its hashes filled in here) and remembers it.
  void store(storage::Credential credential, std::function<void(Result<SeatCode>)> done);

  storage::DbWorker& db_;
  storage::DbWorker& reader_;
  mutable std::mutex mutex_;
  std::map<std::string, CredentialInfo> credentials_;  // by SHA-256 of the code
};

}  // namespace parley::app
