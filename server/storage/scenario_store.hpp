#pragma once
// The scenario library's rows: versions of scenarios written while the
// server runs. A version's scenario is never rewritten; a new edit is a new
// version, and only a version's state moves. Every function runs on a
// caller-provided connection (a DbWorker's) and turns driver exceptions into
// errors; two authors writing one scenario at once are told apart by the
// version each started from (ErrorCode::conflict for the one who lost).

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct ScenarioVersion {
  std::string id;
  int version = 0;
  std::string scenario;  // serialized parley.v1.Scenario
  std::string source;    // as the author sent it
  std::string author;
  std::string state;     // draft, published, archived
  std::string created_at;  // ISO 8601, UTC
  int published = 0;       // in listings: the newest published version of this id (0: none)
};

struct NewScenarioVersion {
  std::string id;
  std::string scenario;
  std::string source;
  std::string author;
  bool publish = false;
  // The version the author edited; 0 for a scenario that must not exist
  // yet. Refused as a conflict unless it is the newest version.
  int base = 0;
};

// Stores the next version of the scenario (1 for a new one).
Result<ScenarioVersion> add_scenario_version(pqxx::connection& conn, const NewScenarioVersion& v);
// The newest version of every scenario in the library, with its newest published version number.
Result<std::vector<ScenarioVersion>> list_scenario_versions(pqxx::connection& conn);
// One version; version 0: the newest one (of those published, with
// published_only). Nothing when there is none.
Result<std::optional<ScenarioVersion>> find_scenario_version(pqxx::connection& conn, const std::string& id, int version,
                                                             bool published_only);
// Publishes a version (0: the newest), which must be the newest: publishing
// an older one would hide an edit made since.
Result<ScenarioVersion> publish_scenario(pqxx::connection& conn, const std::string& id, int version);
// Takes every version out of the library's offer. Sessions created from it
// keep their copy. version, when not 0, must be the newest.
Result<ScenarioVersion> archive_scenario(pqxx::connection& conn, const std::string& id, int version);

// An author's token (its SHA-256) and name.
Status add_scenario_author(pqxx::connection& conn, const std::string& token_hash, const std::string& name);
// The name of the author with this token hash, if any.
Result<std::optional<std::string>> find_scenario_author(pqxx::connection& conn, const std::string& token_hash);

}  // namespace parley::storage
