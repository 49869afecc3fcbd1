#pragma once
// A bot's temperament: the strategy it plays and the seeded choices that
// make one game differ from the next (how fast it concedes, how far above
// its BATNA it walks away, whom it courts and pays, how loyal it is in a
// crisis). Drawn once per role from (seed, role), so the same seed gives
// the same temperament on every machine and every run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario_index.hpp"

namespace parley::bots {

// mixed: each role draws one of the other three from the seed.
enum class Strategy { boulware, conceder, tit_for_tat, mixed };

struct BotTraits {
  Strategy strategy = Strategy::boulware;  // never mixed once drawn
  double pace = 3;             // concession exponent: aspiration falls as 1 - progress^pace
  double walk_away = 0;        // share (0..1) of its best attainable gain over BATNA it insists on; below, it declines to sign
  bool vetoes = true;          // votes no on a text it would not sign; else abstains and lets others go ahead
  std::vector<int> partners;   // delegations it courts (role indices)
  bool exclusive = false;      // prefers the smallest membership that holds its partners
  double generosity = 0.3;     // share of its pledge budget it offers for signatures
  int pledge_round = 1;        // the round in which it pledges
  double loyalty = 0.5;        // 0..1: willingness to commit in a crisis beyond what penalties force
  double greed = 1;            // when tabling, how much its own gain counts against nearness to others' proposals
};

// The temperament of `role` for this seed. `requested` may be mixed.
BotTraits draw_traits(const engine::ScenarioIndex& index, int role, Strategy requested, std::uint64_t seed);

// A per-role seed: stable across platforms (no std::hash).
std::uint64_t role_seed(std::uint64_t seed, const std::string& role);
std::uint64_t mix_seed(std::uint64_t x);

std::optional<Strategy> parse_strategy(const std::string& name);
const char* strategy_name(Strategy strategy);

}  // namespace parley::bots
