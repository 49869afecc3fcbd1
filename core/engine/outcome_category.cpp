#include "engine/outcome_category.hpp"

#include <algorithm>

#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

bool flag_holds(pb::OutcomeCondition::Flag flag, bool value) {
  return flag == pb::OutcomeCondition::FLAG_UNSPECIFIED || (flag == pb::OutcomeCondition::YES) == value;
}

bool crises_hold(pb::OutcomeCondition::Crises want, const pb::SessionState& s) {
  auto any = [&](const char* outcome) {
    return std::any_of(s.crisis_outcomes().begin(), s.crisis_outcomes().end(), [&](const auto& c) { return c.outcome() == outcome; });
  };
  bool invoked = std::any_of(s.crisis_outcomes().begin(), s.crisis_outcomes().end(), [](const auto& c) { return c.obligation(); });
  switch (want) {
    case pb::OutcomeCondition::NONE_INVOKED: return !invoked;
    case pb::OutcomeCondition::SOME_INVOKED: return invoked;
    case pb::OutcomeCondition::SOME_HELD: return any("held");
    case pb::OutcomeCondition::SOME_FAILED: return any("failed");
    default: return true;
  }
}

// Whether the adopted text holds option `id` (false when nothing was adopted).
bool adopted_holds(const ScenarioIndex& index, const pb::TreatyText* adopted, const std::string& id) {
  if (adopted == nullptr) return false;
  auto at = index.option_index(id);
  if (!at) return false;
  auto it = adopted->options().find(index.issue(at->first).id());
  return it != adopted->options().end() && it->second == id;
}

}  // namespace

bool condition_holds(const ScenarioIndex& index, const pb::OutcomeCondition& c, const pb::SessionState& s) {
  const auto* adopted = find_text(s, s.adopted_text_id());
  auto signers = signatories(index, s);
  auto signed_by = [&](const std::string& id) {
    auto r = index.role_index(id);
    return r && std::find(signers.begin(), signers.end(), *r) != signers.end();
  };
  if (!flag_holds(c.in_force(), s.in_force()) || !flag_holds(c.adopted(), adopted != nullptr)) return false;
  if (!std::all_of(c.signed_().begin(), c.signed_().end(), signed_by)) return false;
  if (std::any_of(c.not_signed().begin(), c.not_signed().end(), signed_by)) return false;
  if (c.min_signatories() > 0 && signers.size() < c.min_signatories()) return false;
  if (c.max_signatories() > 0 && signers.size() > c.max_signatories()) return false;
  auto holds = [&](const std::string& id) { return adopted_holds(index, adopted, id); };
  if (!c.options_any().empty() && std::none_of(c.options_any().begin(), c.options_any().end(), holds)) return false;
  if (std::any_of(c.options_none().begin(), c.options_none().end(), holds)) return false;
  return crises_hold(c.crises(), s);
}

std::optional<pb::OutcomeReached> outcome_category(const ScenarioIndex& index, const pb::SessionState& s) {
  const auto& categories = index.scenario().outcomes();
  if (categories.empty()) return std::nullopt;
  pb::OutcomeReached out;
  for (const auto& category : categories) {
    bool holds = std::any_of(category.when().begin(), category.when().end(), [&](const auto& c) { return condition_holds(index, c, s); });
    if (!holds) continue;
    out.set_id(category.id());
    out.set_name(category.name());
    out.set_description(category.description());
    return out;
  }
  out.set_id(kOtherOutcomeId);
  out.set_name(kOtherOutcomeName);
  out.set_description("none of the scenario's named outcomes");
  return out;
}

std::optional<pb::OutcomeReached> reached_outcome(const ScenarioIndex& index, const pb::SessionState& s) {
  if (s.has_outcome()) return s.outcome();
  return outcome_category(index, s);
}

}  // namespace parley::engine
