#include "game_outcome.hpp"

#include <algorithm>

#include "engine/state_access.hpp"

namespace parley::cli {
namespace pb = parley::v1;

namespace {

std::string classify(std::size_t signed_count, std::size_t eligible) {
  // Two is a bilateral pact even when only two could sign; one signature allies nobody.
  if (signed_count < 2) return "none";
  if (signed_count == 2) return "bilateral";
  return signed_count >= eligible ? "full bloc" : "small core";
}

const pb::Option* adopted_clause(const engine::ScenarioIndex& index, const pb::SessionState& state, pb::ClauseKind kind) {
  auto issue = index.clause_issue(kind);
  const auto* text = engine::find_text(state, state.adopted_text_id());
  if (!issue || text == nullptr) return nullptr;
  auto t = engine::to_text(index, text->options());
  return t[*issue] < 0 ? nullptr : &index.option(*issue, t[*issue]);
}

}  // namespace

std::string decided_by(const engine::ScenarioIndex& index, const pb::SessionState& state, const pb::CrisisResolved& crisis) {
  if (!crisis.deciding_kind().empty()) return crisis.deciding_kind();  // the engine's own account
  // Crises recorded before they carried their account: derive it the same way.
  if (!crisis.in_scope()) return "THREAT_SCOPE";
  if (!crisis.obligation()) return "TRIGGER";  // consultation only, or the trigger vote failed
  bool defected = false, conflicted_defector = false;
  const auto* inj = index.inject(crisis.inject_id());
  for (const auto& m : crisis.members()) {
    if (!m.defected()) continue;
    defected = true;
    if (inj != nullptr) {
      const auto& c = inj->crisis().conflicting();
      conflicted_defector = conflicted_defector || std::find(c.begin(), c.end(), m.role()) != c.end();
    }
  }
  // A member bound against its prior commitment defected: the precedence clause gave it no way out.
  if (conflicted_defector) return "PRECEDENCE";
  if (defected) return "DEFECTION";
  if (!crisis.funded()) {
    const auto* cost = adopted_clause(index, state, pb::COST_SHARING);
    return cost != nullptr && cost->cost().formula() == pb::CostClause::VOLUNTARY ? "COST_SHARING" : "DEFECTION";
  }
  return "TRIGGER";  // obliged, committed and funded: the trigger did its work
}

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
  for (const auto& c : s.crisis_outcomes()) {
    std::string outcome = !c.outcome().empty() ? c.outcome() : c.held() ? "held" : "failed";
    out.crises.push_back({c.inject_id(), outcome, decided_by(index, s, c)});
  }
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

}  // namespace parley::cli
