#pragma once
// The fold: state' = apply(state, event). Total and deterministic: any event
// the rules produced can be applied to the state it was produced from, and
// replaying a session's log reproduces its state byte for byte.

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

void apply_event(const ScenarioIndex& index, parley::v1::SessionState& state, const parley::v1::Event& event);

}  // namespace parley::engine
