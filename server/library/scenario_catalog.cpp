#include "library/scenario_catalog.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine/scenario_parser.hpp"
#include "log/logger.hpp"

namespace parley::app {
namespace fs = std::filesystem;

Result<ScenarioCatalog> ScenarioCatalog::load(const fs::path& dir) {
  const std::string flag = "--scenarios (PARLEY_SCENARIOS_DIR)";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::invalid, flag + ": '" + dir.string() + "' is not a directory");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return fail(ErrorCode::invalid, flag + ": no *.textproto scenario files in '" + dir.string() + "'");

  ScenarioCatalog catalog;
  std::string problems;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      problems += file.string() + ": cannot read file\n";
      continue;
    }
    auto parsed = engine::parse_scenario(text.str());
    if (!parsed.ok()) {
      problems += parsed.report(file.string());
      continue;
    }
    std::string id = parsed.scenario.id();
    if (catalog.by_id_.count(id)) {
      problems += file.string() + ": id: scenario id '" + id + "' is used by another file\n";
      continue;
    }
    catalog.by_id_[id] = std::make_shared<const engine::ScenarioIndex>(std::move(parsed.scenario));
    catalog.sources_[id] = text.str();
    log::info("app", "loaded scenario '" + id + "' from " + file.string());
  }
  if (!problems.empty()) {
    problems.pop_back();
    return fail(ErrorCode::invalid, "invalid scenario files:\n" + problems);
  }
  return catalog;
}

std::shared_ptr<const engine::ScenarioIndex> ScenarioCatalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::string ScenarioCatalog::source(const std::string& id) const {
  auto it = sources_.find(id);
  return it == sources_.end() ? "" : it->second;
}

std::vector<std::string> ScenarioCatalog::ids() const {
  std::vector<std::string> out;
  for (const auto& [id, _] : by_id_) out.push_back(id);
  return out;
}

}  // namespace parley::app
