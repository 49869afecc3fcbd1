#pragma once
// Parses a scenario from protobuf text format and validates it. The caller
// reads the file: the engine does no I/O.

#include <string>
#include <string_view>

#include "engine/scenario_problem.hpp"
#include "parley/v1/scenario.pb.h"

namespace parley::engine {

struct ParsedScenario {
  parley::v1::Scenario scenario;
  ScenarioProblems problems;  // empty when the scenario is usable

  bool ok() const { return problems.empty(); }
  // Every problem as "source:line: path: message", one per line.
  std::string report(const std::string& source) const;
};

ParsedScenario parse_scenario(std::string_view text);
// The same from protobuf's JSON mapping (as the browser's studio sends it):
// problems name their field paths; JSON has no lines to give.
ParsedScenario parse_scenario_json(std::string_view json);

// Validates a scenario built in code or decoded from storage (no lines).
ScenarioProblems validate_scenario(const parley::v1::Scenario& scenario);

}  // namespace parley::engine
