#pragma once
// What a scenario's negotiation space looks like before anyone plays it: the
// size of the text space, how many texts could enter into force, the Nash
// text for each number of signatories with every delegation's utility, the
// Pareto frontier, and each delegation's best and worst text on it. One JSON
// shape for `parley scenario analyze --json`, the validate endpoint and the
// studio. Pure: the analysis runs on the caller's thread.

#include <boost/json/object.hpp>

#include "engine/scenario_index.hpp"

namespace parley::review {

boost::json::object scenario_summary(const engine::ScenarioIndex& index);

}  // namespace parley::review
