#include "bots/game_outcome.hpp"

#include <algorithm>

#include "engine/outcome_category.hpp"
#include "engine/state_access.hpp"

namespace parley::bots {
namespace pb = parley::v1;

namespace {

std::string classify(std::size_t signed_count, std::size_t eligible) {
  // Two is a bilateral pact even when only two could sign; one signature allies nobody.
  if (signed_count < 2) return "none";
  if (signed_count == 2) return "bilateral";
  return signed_count >= eligible ? "full bloc" : "small core";
}

}  // namespace

GameOutcome summarize(const engine::Session& session) {
  const auto& index = session.index();
  const auto& s = session.state();
  GameOutcome out;
  out.in_force = s.in_force();
  if (const auto* t = engine::find_text(s, s.adopted_text_id())) out.adopted = engine::to_text(index, t->options());
  auto signers = engine::signatories(index, s);
  for (int r : signers) out.signatories.push_back(index.role(r).id());
  std::size_t eligible = out.adopted.empty() ? index.delegations().size() : index.eligible(out.adopted).size();
  out.signatory_set = classify(signers.size(), eligible);
  // The engine's own account of each crisis: no second copy of the rule here.
  for (const auto& c : s.crisis_outcomes()) out.crises.push_back({c.inject_id(), c.outcome(), c.deciding_kind()});
  if (auto named = engine::reached_outcome(index, s)) out.category = named->id();
  auto profiles = engine::current_profiles(index, s);
  for (int r : index.delegations()) {
    const auto& p = *profiles[r];
    const auto& rs = engine::role_state(s, r);
    bool party = out.in_force && std::find(signers.begin(), signers.end(), r) != signers.end();
    // A party lives with the treaty, its crisis bills and penalties; anyone else keeps its BATNA.
    double value = party ? engine::utility(p, out.adopted) - rs.crisis_cost() * p.point_utility - rs.penalty() : p.batna;
    value += static_cast<double>(rs.received() - rs.paid()) * p.point_utility;
    out.gains.push_back({index.role(r).id(), value - p.batna});
  }
  return out;
}

}  // namespace parley::bots
