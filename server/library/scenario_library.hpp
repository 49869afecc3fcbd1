#pragma once
// Every scenario a session can be created from: the files shipped in
// scenarios/ (read-only, loaded at start) and the library in PostgreSQL,
// where authors save versions, publish and archive them while the server
// runs. The database is the library's only copy, so every node of a cluster
// offers a version the moment it is stored; parsed versions come from the
// shared ScenarioIndexes (a version never changes once stored). Calls answer on the library's
// database worker.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "library/scenario_catalog.hpp"
#include "library/scenario_indexes.hpp"
#include "common/result.hpp"
#include "engine/scenario_index.hpp"
#include "storage/db_worker.hpp"
#include "storage/scenario_store.hpp"

namespace parley::app {

// A scenario to create a session from.
struct ScenarioRef {
  std::shared_ptr<const engine::ScenarioIndex> index;
  int version = 0;  // 0: a shipped file
};

// One scenario as the library lists it: its newest version.
struct LibraryEntry {
  storage::ScenarioVersion row;  // for a shipped file: version 0, state "published", author "shipped"
  std::shared_ptr<const engine::ScenarioIndex> index;
  bool shipped = false;
};

class ScenarioLibrary {
 public:
  ScenarioLibrary(const ScenarioCatalog& shipped, storage::DbWorker& db, ScenarioIndexes& indexes)
      : shipped_(shipped), db_(db), indexes_(indexes) {}

  const ScenarioCatalog& shipped() const { return shipped_; }
  bool is_shipped(const std::string& id) const { return shipped_.find(id) != nullptr; }

  // A shipped scenario, or the library's version (0: the newest published).
  // An archived version is refused: the library no longer offers it.
  void resolve(const std::string& id, int version, std::function<void(Result<ScenarioRef>)> done);
  // Shipped files first, then the library's scenarios by id; without
  // `everything`, only those a session can be created from (published).
  void list(bool everything, std::function<void(Result<std::vector<LibraryEntry>>)> done);
  // One version with its source (0: the newest of any state); shipped files as version 0.
  void get(const std::string& id, int version, std::function<void(Result<LibraryEntry>)> done);
  void save(storage::NewScenarioVersion v, std::function<void(Result<storage::ScenarioVersion>)> done);
  void publish(const std::string& id, int version, std::function<void(Result<storage::ScenarioVersion>)> done);
  void archive(const std::string& id, int version, std::function<void(Result<storage::ScenarioVersion>)> done);
  // A new author token for `name` (only its hash is stored).
  void add_author(const std::string& name, std::function<void(Result<std::string>)> done);
  // The name of the author whose token this is; nothing for an unknown token.
  void author_of(const std::string& token, std::function<void(Result<std::optional<std::string>>)> done);

 private:
  // Runs fn on the database worker with its connection, or answers the error.
  template <class T>
  void on_db(std::function<void(Result<T>)> done, std::function<Result<T>(pqxx::connection&)> fn);
  Result<std::shared_ptr<const engine::ScenarioIndex>> index_for(const storage::ScenarioVersion& v);
  // A shipped file's entry; with_source: its text too (a read of one scenario, not a listing).
  LibraryEntry shipped_entry(const std::string& id, bool with_source) const;
  Error unoffered(pqxx::connection& conn, const std::string& id, int version) const;

  const ScenarioCatalog& shipped_;
  storage::DbWorker& db_;
  ScenarioIndexes& indexes_;
  std::mutex mutex_;
  std::map<std::string, std::string> authors_;  // by SHA-256 of the token: known authors, bounded
};

}  // namespace parley::app
