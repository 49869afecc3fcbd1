#include "engine/power_index.hpp"

#include <cmath>

#include "engine/roll_call.hpp"
#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

// wins[mask]: whether the voters in mask voting yes (the rest no) pass the text.
std::vector<bool> winning_sets(const ScenarioIndex& index, const pb::DecisionRule& rule, const pb::TreatyText& text,
                               const std::vector<int>& voters) {
  std::size_t n = voters.size();
  std::vector<bool> wins(std::size_t{1} << n);
  pb::TreatyText ballot = text;
  for (std::size_t mask = 0; mask < wins.size(); ++mask) {
    ballot.clear_votes();
    for (std::size_t i = 0; i < n; ++i) {
      (*ballot.mutable_votes())[index.role(voters[i]).id()] = (mask >> i) & 1 ? pb::YES : pb::NO;
    }
    wins[mask] = count_votes(index, rule, ballot).passed();
  }
  return wins;
}

double factorial(std::size_t k) { return std::tgamma(static_cast<double>(k) + 1); }

}  // namespace

VotingPower voting_power(const ScenarioIndex& index, const pb::DecisionRule& rule, const pb::TreatyText& text) {
  VotingPower out;
  auto voters = index.eligible(to_text(index, text.options()));
  if (voters.size() > static_cast<std::size_t>(kMaxPowerVoters)) {
    out.computed = false;
    return out;
  }
  auto wins = winning_sets(index, rule, text, voters);
  std::size_t n = voters.size();
  for (std::size_t i = 0; i < n; ++i) out.voters.push_back({voters[i], 0, 0, 0});
  int total_swings = 0;
  for (std::size_t mask = 0; mask < wins.size(); ++mask) {
    if (!wins[mask]) continue;
    ++out.winning_coalitions;
    auto size = static_cast<std::size_t>(__builtin_popcountll(mask));
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t without = mask & ~(std::size_t{1} << i);
      if (!((mask >> i) & 1) || wins[without]) continue;
      ++out.voters[i].swings;
      ++total_swings;
      // i is pivotal when the others in `without` come before it and the rest after.
      out.voters[i].shapley_shubik += factorial(size - 1) * factorial(n - size) / factorial(n);
    }
  }
  for (auto& v : out.voters) v.banzhaf = total_swings == 0 ? 0 : static_cast<double>(v.swings) / total_swings;
  return out;
}

}  // namespace parley::engine
