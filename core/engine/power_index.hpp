#pragma once
// Voting power under the scenario's adoption rule, for the review's "who
// could swing it". The game is the vote on one text: a coalition wins when
// its members voting yes and every other eligible delegation voting no
// passes the text (roll_call.hpp decides, so quorum and non-voter rules
// count exactly as in play). Banzhaf counts the winning coalitions a voter
// is critical to; Shapley–Shubik the orderings in which it is pivotal.

#include <vector>

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

struct VoterPower {
  int role = 0;           // role index
  int swings = 0;         // winning coalitions that lose without it
  double banzhaf = 0;     // its share of all swings (sums to 1 when anyone swings)
  double shapley_shubik = 0;
};

struct VotingPower {
  std::vector<VoterPower> voters;  // the text's eligible delegations, in scenario order
  int winning_coalitions = 0;
  bool computed = true;            // false: too many voters to enumerate (over kMaxPowerVoters)
};

inline constexpr int kMaxPowerVoters = 16;

VotingPower voting_power(const ScenarioIndex& index, const parley::v1::DecisionRule& rule, const parley::v1::TreatyText& text);

}  // namespace parley::engine
