#pragma once
// The white cell's live analysis of the tabled drafts, as JSON for the
// dashboard: each delegation's utility for each complete draft (under the
// current, inject-adjusted profiles) against its BATNA, who would sign it,
// and its distance to the Nash text and the Pareto frontier. A thin
// rendering of engine::Analyzer; no rule is decided here.

#include <string>

#include "parley/v1/engine.pb.h"
#include "engine/scenario_index.hpp"

namespace parley::app {

// The state is the white cell's view (the whole state). max_enumerate bounds
// the work: larger text spaces are sampled (reported as "exact": false).
std::string draft_analysis_json(const engine::ScenarioIndex& index, const parley::v1::SessionState& state,
                                std::uint64_t max_enumerate = 200'000);

}  // namespace parley::app
