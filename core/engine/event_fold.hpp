#pragma once
// The fold: state' = apply(state, event). Total and deterministic: any event
// the rules produced can be applied to the state it was produced from, and
// replaying a session's log reproduces its state byte for byte.

#include "engine/message_log.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

// Messages go to `messages`, not to the state proto (message_log.hpp); `ahead`, a log that
// has already applied this event, lends its records.
void apply_event(const ScenarioIndex& index, parley::v1::SessionState& state, MessageLog& messages,
                 const parley::v1::Event& event, const MessageLog* ahead = nullptr);

}  // namespace parley::engine
