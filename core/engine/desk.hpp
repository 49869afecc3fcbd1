#pragma once
// One seat's desk: which actions it may take now (and the engine's reason
// for each closed one), what every live text is worth to its role against
// its BATNA, the ballot of an open vote and the offer of an open crisis.
// Computed by the same checks the rules run, so a client can show it as is.

#include <cstdint>

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

// `role`: the seat's role index; `seat`: 0 for the head of delegation.
parley::v1::Desk role_desk(const ScenarioIndex& index, const parley::v1::SessionState& state, int role, std::uint32_t seat);

}  // namespace parley::engine
