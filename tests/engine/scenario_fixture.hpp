#pragma once
// The shipped scenario files, read once per test executable.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/scenario_parser.hpp"

namespace parley::test {

inline std::string read_source_file(const std::string& relative, const std::string& what) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/" + relative);
  if (!in) throw std::runtime_error("cannot read " + what);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string read_scenario_text(const std::string& name) { return read_source_file("scenarios/" + name + ".textproto", "scenario " + name); }

// A scenario kept for a test under tests/fixtures/ (not shipped).
inline std::string read_fixture_text(const std::string& name) {
  return read_source_file("tests/fixtures/" + name + ".textproto", "test fixture " + name);
}

inline parley::v1::Scenario parse_or_throw(const std::string& text, const std::string& name) {
  auto parsed = engine::parse_scenario(text);
  if (!parsed.ok()) throw std::runtime_error(parsed.report(name));
  return parsed.scenario;
}

inline parley::v1::Scenario load_fixture(const std::string& name) { return parse_or_throw(read_fixture_text(name), name); }

inline parley::v1::Scenario load_scenario(const std::string& name) { return parse_or_throw(read_scenario_text(name), name); }

constexpr const char* kDefaultScenario = "collective-security-pact";
constexpr const char* kSmallScenario = "river-basin-accord";
// The default scenario as its design note gave it, with the note's expected analysis.
constexpr const char* kDesignOracle = "design-oracle";

}  // namespace parley::test
