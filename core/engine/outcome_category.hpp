#pragma once
// Which of the scenario's named outcomes a session reached: its categories
// tried in order against how the session ended (who signed, what the adopted
// text holds, whether it entered into force, how its crises went), the first
// that holds winning; "other" when none does. Pure; the scenario must have
// passed validation.

#include <optional>

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

// The outcome of `state` (nullopt when the scenario names none).
std::optional<parley::v1::OutcomeReached> outcome_category(const ScenarioIndex& index, const parley::v1::SessionState& state);

// The outcome as the engine recorded it when the session ended, else as it names `state` now
// (sessions recorded before scenarios named outcomes, games cut short).
std::optional<parley::v1::OutcomeReached> reached_outcome(const ScenarioIndex& index, const parley::v1::SessionState& state);

// Whether one condition holds for `state`.
bool condition_holds(const ScenarioIndex& index, const parley::v1::OutcomeCondition& condition, const parley::v1::SessionState& state);

// The id and name given to a session none of the scenario's categories fits.
inline constexpr const char* kOtherOutcomeId = "other";
inline constexpr const char* kOtherOutcomeName = "Other";

}  // namespace parley::engine
