#pragma once
// A shipped scenario read from scenarios/, for tests that replay a recorded
// session through the engine (the server loaded the same file).

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "engine/scenario_index.hpp"
#include "engine/scenario_parser.hpp"

namespace parley::test {

inline std::shared_ptr<const engine::ScenarioIndex> load_scenario(const std::string& name) {
  std::ifstream in(PARLEY_SOURCE_DIR "/scenarios/" + name + ".textproto");
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = engine::parse_scenario(text.str());
  REQUIRE_MESSAGE(parsed.ok(), parsed.report(name));
  return std::make_shared<const engine::ScenarioIndex>(std::move(parsed.scenario));
}

}  // namespace parley::test
