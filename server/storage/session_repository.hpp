#pragma once
// Reads and writes of sessions and their credentials, and reads of the
// event log. Every function runs on a caller-provided connection (a
// DbWorker's) and turns driver exceptions into errors.

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "parley/v1/engine.pb.h"
#include "storage/event_store.hpp"

namespace parley::storage {

// What a code opens: a delegation's seat, the white cell (a facilitator), or an observer's view.
enum class CredentialKind { seat, facilitator, observer };
// Its word in the credentials table ("seat", "facilitator", "observer").
const char* credential_kind_name(CredentialKind kind);
// A session's status as the sessions table spells it (engine::status_name), and back: a word
// that is no status is damage (corrupt), named with the session.
std::string stored_status(parley::v1::SessionStatus status);
Result<parley::v1::SessionStatus> parse_stored_status(const std::string& word, const std::string& session_id);

struct Credential {
  std::string token_hash;  // raw SHA-256 of the code
  std::string session_id;
  CredentialKind kind = CredentialKind::seat;
  std::string role;
  std::uint32_t seat = 0;
};

struct NewSession {
  std::string id;
  std::string scenario_id;
  std::string scenario;  // serialized parley.v1.Scenario
  int scenario_version = 0;  // the library version it was created from; 0: a shipped file
  std::string title;
  std::vector<Credential> credentials;
  std::optional<std::string> forked_from;
  std::uint64_t forked_at_seq = 0;
  std::vector<StoredEvent> events;  // a fork's inherited history
  parley::v1::SessionStatus status = parley::v1::LOBBY;
  std::string owner;  // the node that hosts it: its lease is stored with it (epoch 1)
  std::int64_t lease_ms = 0;
};

struct LoadedSession {
  std::string id;
  std::string scenario;
  std::string title;
  parley::v1::SessionStatus status = parley::v1::LOBBY;
  std::optional<std::pair<std::uint64_t, std::string>> snapshot;  // latest: seq, state
  std::vector<StoredEvent> events;                                 // after the snapshot: seq and payload only, all a rebuild reads
  std::vector<Credential> credentials;
  std::vector<CommandRecord> commands;
  std::string forked_from;  // empty: not a fork
  std::uint64_t forked_at_seq = 0;
  bool names_required = false;  // each seat must give a name to join
};

struct SessionRow {
  std::string id;
  std::string scenario_id;
  std::string scenario;
  int scenario_version = 0;  // 0: a shipped file
  std::string title;
  parley::v1::SessionStatus status = parley::v1::LOBBY;
  std::string forked_from;  // empty: not a fork
  std::uint64_t forked_at_seq = 0;
};

Status insert_session(pqxx::connection& conn, const NewSession& session);
// These sessions (the ones whose leases a node claimed), ready to be rebuilt.
Result<std::vector<LoadedSession>> load_sessions(pqxx::connection& conn, const std::vector<std::string>& ids);
// One session, ended or not, the same way (to host an ended session again on demand).
Result<std::optional<LoadedSession>> load_session(pqxx::connection& conn, const std::string& id);
// The credential with this SHA-256 hash (a code issued by another node of the cluster).
Result<std::optional<Credential>> find_credential(pqxx::connection& conn, const std::string& token_hash);
Result<std::optional<SessionRow>> find_session(pqxx::connection& conn, const std::string& id);
// Events with after < seq <= upto (upto 0: to the end), in order.
Result<std::vector<StoredEvent>> load_events(pqxx::connection& conn, const std::string& session_id,
                                             std::uint64_t after, std::uint64_t upto = 0);
// The same events' seqs and payloads only (a replay reads nothing else).
Result<std::vector<std::pair<std::uint64_t, std::string>>> load_event_payloads(pqxx::connection& conn, const std::string& session_id,
                                                                              std::uint64_t after, std::uint64_t upto);
// The latest snapshot at or before seq `at_most` (seq, serialized state), if any.
Result<std::optional<std::pair<std::uint64_t, std::string>>> load_snapshot_at(pqxx::connection& conn, const std::string& session_id,
                                                                             std::uint64_t at_most);
// The session's last stored seq (0: no events).
Result<std::uint64_t> last_seq(pqxx::connection& conn, const std::string& session_id);
// The stored answer to one command, if it was stored (the serialized ServerEnvelope).
Result<std::optional<std::string>> find_command_result(pqxx::connection& conn, const std::string& session_id, const std::string& role,
                                                       std::uint32_t seat, const std::string& request_id);
// Sessions forked from this one, oldest first.
Result<std::vector<std::string>> find_forks(pqxx::connection& conn, const std::string& id);
Status add_credential(pqxx::connection& conn, const Credential& credential);
// Every credential, of ended sessions too (facilitators review those).
Result<std::vector<Credential>> load_credentials(pqxx::connection& conn);

}  // namespace parley::storage
