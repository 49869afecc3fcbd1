#include "library/scenario_library.hpp"

#include "common/crypto.hpp"

namespace parley::app {
namespace {
constexpr std::size_t kMaxAuthors = 4096;  // remembered author tokens; a miss only costs a read
}

template <class T>
void ScenarioLibrary::on_db(std::function<void(Result<T>)> done, std::function<Result<T>(pqxx::connection&)> fn) {
  db_.call("the scenario library", std::move(fn), std::move(done));
}

Result<std::shared_ptr<const engine::ScenarioIndex>> ScenarioLibrary::index_for(const storage::ScenarioVersion& v) {
  return indexes_.get(v.scenario, "scenario '" + v.id + "' version " + std::to_string(v.version));
}

// Why no version can be offered: an unknown id, a version that does not exist, drafts only, or archived.
Error ScenarioLibrary::unoffered(pqxx::connection& conn, const std::string& id, int version) const {
  const std::string listing = " (parley scenario list, or GET /api/scenarios, lists what can be played)";
  if (version > 0) return fail(ErrorCode::not_found, "scenario '" + id + "' has no version " + std::to_string(version) + listing);
  auto newest = storage::find_scenario_version(conn, id, 0, false);
  if (!newest) return newest.error();
  if (!newest.value()) return fail(ErrorCode::not_found, "no scenario '" + id + "' in the library or the shipped files" + listing);
  if (newest.value()->state == "archived") {
    return fail(ErrorCode::conflict, "scenario '" + id + "' is archived: publish it again to create sessions from it");
  }
  return fail(ErrorCode::not_found, "scenario '" + id + "' has no published version yet: publish one, or name a draft's version");
}

LibraryEntry ScenarioLibrary::shipped_entry(const std::string& id, bool with_source) const {
  LibraryEntry e;
  e.index = shipped_.find(id);
  e.shipped = true;
  e.row.id = id;
  e.row.state = "published";
  e.row.author = "shipped";
  if (with_source) e.row.source = shipped_.source(id);
  return e;
}

void ScenarioLibrary::resolve(const std::string& id, int version, std::function<void(Result<ScenarioRef>)> done) {
  if (auto shipped = shipped_.find(id)) {
    if (version > 0) return done(fail(ErrorCode::not_found, "'" + id + "' is a shipped scenario: it has no versions"));
    return done(ScenarioRef{shipped, 0});
  }
  on_db<ScenarioRef>(std::move(done), [this, id, version](pqxx::connection& conn) -> Result<ScenarioRef> {
    auto found = storage::find_scenario_version(conn, id, version, version == 0);
    if (!found) return found.error();
    if (!found.value()) return unoffered(conn, id, version);
    const auto& row = *found.value();
    if (row.state == "archived") {
      return fail(ErrorCode::conflict, "scenario '" + id + "' is archived: publish it again to create sessions from it");
    }
    auto index = index_for(row);
    if (!index) return index.error();
    return ScenarioRef{index.value(), row.version};
  });
}

void ScenarioLibrary::list(bool everything, std::function<void(Result<std::vector<LibraryEntry>>)> done) {
  on_db<std::vector<LibraryEntry>>(std::move(done), [this, everything](pqxx::connection& conn) -> Result<std::vector<LibraryEntry>> {
    std::vector<LibraryEntry> out;
    for (const auto& id : shipped_.ids()) out.push_back(shipped_entry(id, false));
    auto rows = storage::list_scenario_versions(conn);
    if (!rows) return rows.error();
    for (auto& row : rows.value()) {
      if (!everything && row.published == 0) continue;
      if (!everything && row.state != "published") {
        // Offer the newest published version, not a draft saved after it.
        auto published = storage::find_scenario_version(conn, row.id, row.published, true);
        if (!published) return published.error();
        if (!published.value()) continue;
        auto newest = row.published;
        row = *published.value();
        row.published = newest;
      }
      auto index = index_for(row);
      if (!index) return index.error();
      row.source.clear();  // a listing carries no texts
      out.push_back({std::move(row), index.value(), false});
    }
    return out;
  });
}

void ScenarioLibrary::get(const std::string& id, int version, std::function<void(Result<LibraryEntry>)> done) {
  if (is_shipped(id)) {
    if (version > 0) return done(fail(ErrorCode::not_found, "'" + id + "' is a shipped scenario: it has no versions"));
    return done(shipped_entry(id, true));
  }
  on_db<LibraryEntry>(std::move(done), [this, id, version](pqxx::connection& conn) -> Result<LibraryEntry> {
    auto found = storage::find_scenario_version(conn, id, version, false);
    if (!found) return found.error();
    if (!found.value()) {
      return fail(ErrorCode::not_found, version == 0 ? "the library has no scenario '" + id + "'"
                                                     : "scenario '" + id + "' has no version " + std::to_string(version));
    }
    auto index = index_for(*found.value());
    if (!index) return index.error();
    return LibraryEntry{std::move(*found.value()), index.value(), false};
  });
}

void ScenarioLibrary::save(storage::NewScenarioVersion v, std::function<void(Result<storage::ScenarioVersion>)> done) {
  if (is_shipped(v.id)) {
    return done(fail(ErrorCode::conflict, "'" + v.id + "' is shipped with Parley and cannot be changed here: "
                                          "save your copy under another id"));
  }
  on_db<storage::ScenarioVersion>(std::move(done), [v = std::move(v)](pqxx::connection& conn) {
    return storage::add_scenario_version(conn, v);
  });
}

void ScenarioLibrary::publish(const std::string& id, int version, std::function<void(Result<storage::ScenarioVersion>)> done) {
  if (is_shipped(id)) return done(fail(ErrorCode::conflict, "'" + id + "' is shipped with Parley: it is always published"));
  on_db<storage::ScenarioVersion>(std::move(done), [id, version](pqxx::connection& conn) {
    return storage::publish_scenario(conn, id, version);
  });
}

void ScenarioLibrary::archive(const std::string& id, int version, std::function<void(Result<storage::ScenarioVersion>)> done) {
  if (is_shipped(id)) return done(fail(ErrorCode::conflict, "'" + id + "' is shipped with Parley: remove its file to withdraw it"));
  on_db<storage::ScenarioVersion>(std::move(done), [id, version](pqxx::connection& conn) {
    return storage::archive_scenario(conn, id, version);
  });
}

void ScenarioLibrary::add_author(const std::string& name, std::function<void(Result<std::string>)> done) {
  std::string token = crypto::random_hex(16);
  on_db<std::string>(std::move(done), [this, token, name](pqxx::connection& conn) -> Result<std::string> {
    auto hash = crypto::sha256_raw(token);
    if (auto s = storage::add_scenario_author(conn, hash, name); !s) return s.error();
    std::lock_guard lock(mutex_);
    if (authors_.size() >= kMaxAuthors) authors_.clear();
    authors_[hash] = name;
    return token;
  });
}

void ScenarioLibrary::author_of(const std::string& token, std::function<void(Result<std::optional<std::string>>)> done) {
  auto hash = crypto::sha256_raw(token);
  {
    std::lock_guard lock(mutex_);
    if (auto it = authors_.find(hash); it != authors_.end()) return done(std::optional<std::string>{it->second});
  }
  // Issued by another node, or before a restart: read it once.
  on_db<std::optional<std::string>>(std::move(done), [this, hash](pqxx::connection& conn) -> Result<std::optional<std::string>> {
    auto found = storage::find_scenario_author(conn, hash);
    if (found && found.value()) {
      std::lock_guard lock(mutex_);
      if (authors_.size() >= kMaxAuthors) authors_.clear();
      authors_[hash] = *found.value();
    }
    return found;
  });
}

}  // namespace parley::app
