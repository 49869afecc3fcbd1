#pragma once
// The shipped scenario files, read once per test executable.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/scenario_parser.hpp"

namespace parley::test {

inline std::string read_scenario_text(const std::string& name) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/scenarios/" + name + ".textproto");
  if (!in) throw std::runtime_error("cannot read scenario " + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline parley::v1::Scenario load_scenario(const std::string& name) {
  auto parsed = engine::parse_scenario(read_scenario_text(name));
  if (!parsed.ok()) throw std::runtime_error(parsed.report(name));
  return parsed.scenario;
}

constexpr const char* kDefaultScenario = "collective-security-pact";
constexpr const char* kSmallScenario = "river-basin-accord";

}  // namespace parley::test
