#pragma once
// The scenarios the server offers: every *.textproto in a directory, each
// parsed and validated at start. A broken file stops start-up with every
// problem listed, so nobody discovers it mid-exercise.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/scenario_index.hpp"

namespace parley::app {

class ScenarioCatalog {
 public:
  static Result<ScenarioCatalog> load(const std::filesystem::path& dir);

  // nullptr when no scenario has that id.
  std::shared_ptr<const engine::ScenarioIndex> find(const std::string& id) const;
  std::vector<std::string> ids() const;
  // The file's text as shipped (comments kept); empty when no scenario has that id.
  std::string source(const std::string& id) const;

 private:
  std::map<std::string, std::shared_ptr<const engine::ScenarioIndex>> by_id_;
  std::map<std::string, std::string> sources_;
};

}  // namespace parley::app
