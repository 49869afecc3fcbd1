#pragma once
// The benchmark programs' scenario: read from a file, parsed, or the program exits with the report.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/scenario_parser.hpp"

namespace parley::bench {

inline parley::v1::Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parley::engine::parse_scenario(text.str());
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s", parsed.report(path).c_str());
    std::exit(1);
  }
  return parsed.scenario;
}

}  // namespace parley::bench
