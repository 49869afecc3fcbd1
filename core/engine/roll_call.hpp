#pragma once
// Counting a vote on a text under the scenario's adoption rule: the roll
// call (every eligible delegation under yes, no, abstain or did not vote),
// what the rule makes of silence and of a quorum, and a sentence saying
// why the text passed or failed. Pure; used when a vote phase closes.

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

parley::v1::Tally count_votes(const ScenarioIndex& index, const parley::v1::DecisionRule& rule,
                              const parley::v1::TreatyText& text);

// How the adopted text is picked among those that passed, for people.
inline constexpr const char* kAdoptionPick =
    "of the texts that passed, the one with the most yes votes is adopted; a tie goes to the earliest tabled";

// The rule in one sentence, e.g. "consensus: a text passes with at least one
// yes and no objection; a delegation that does not vote counts as abstaining".
std::string describe_rule(const parley::v1::DecisionRule& rule);
// How the adopted text is chosen among those that pass, and what becomes of
// one adopted earlier, in a sentence.
std::string adoption_pick(const parley::v1::Structure& structure);
// How many yes votes a text needs to displace the standing one (0: any passing text does).
std::uint32_t yes_to_displace(const parley::v1::Structure& structure, std::uint32_t standing_yes);

}  // namespace parley::engine
