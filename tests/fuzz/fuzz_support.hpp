#pragma once
// Shared by the libFuzzer harnesses: the shipped scenarios, loaded once, and
// a check that stops the run with a message (libFuzzer then saves the input).

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "engine/scenario_index.hpp"
#include "engine/scenario_parser.hpp"

namespace parley::fuzz {

// A broken promise: print why and abort, so the input is kept as a crash.
[[noreturn]] inline void broken(const std::string& why) {
  std::fprintf(stderr, "invariant broken: %s\n", why.c_str());
  std::abort();
}

inline void require(bool ok, const std::string& why) {
  if (!ok) broken(why);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A shipped scenario by file name, parsed and validated once per process.
inline std::shared_ptr<const engine::ScenarioIndex> shipped_scenario(const std::string& file) {
  auto parsed = engine::parse_scenario(read_text(PARLEY_SOURCE_DIR "/scenarios/" + file));
  require(parsed.ok(), "the shipped scenario " + file + " does not load: " + parsed.report(file));
  return std::make_shared<const engine::ScenarioIndex>(std::move(parsed.scenario));
}

}  // namespace parley::fuzz
