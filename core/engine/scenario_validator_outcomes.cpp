// ScenarioValidator's checks of what a session can end on: the named outcome
// categories and the entry-into-force rules (the structure's and any
// membership option's own). Kept apart from the rest of the validator only
// for length.
#include "engine/scenario_validator.hpp"

#include <algorithm>

namespace parley::engine {
namespace pb = parley::v1;
namespace {

bool empty_condition(const pb::OutcomeCondition& c) {
  return c.in_force() == pb::OutcomeCondition::FLAG_UNSPECIFIED && c.adopted() == pb::OutcomeCondition::FLAG_UNSPECIFIED &&
         c.signed__size() == 0 && c.not_signed_size() == 0 && c.min_signatories() == 0 && c.max_signatories() == 0 &&
         c.options_any_size() == 0 && c.options_none_size() == 0 && c.crises() == pb::OutcomeCondition::CRISES_UNSPECIFIED;
}

}  // namespace

void ScenarioValidator::check_entry_into_force(const pb::EntryIntoForce& eif, const SourceMap& at, const std::string& path,
                                               const std::vector<std::string>& eligible) {
  if (eif.min_signatories() == 0) add(at.line(), path + ".min_signatories", "must be at least 1");
  if (eif.min_signatories() > eligible.size()) {
    add(at.line(), path + ".min_signatories",
        std::to_string(eif.min_signatories()) + " signatories can never be reached: only " + std::to_string(eligible.size()) +
            " delegations may sign");
  }
  for (int i = 0; i < eif.required_size(); ++i) {
    const auto& id = eif.required(i);
    check_role_ref(id, at.line("required", i), path + ".required", true);
    if (is_delegation(id) && std::find(eligible.begin(), eligible.end(), id) == eligible.end()) {
      add(at.line("required", i), path + ".required", "'" + id + "' is required but may not sign under this membership");
    }
  }
}

void ScenarioValidator::check_outcomes() {
  std::set<std::string> ids, names;
  for (int i = 0; i < s_.outcomes_size(); ++i) {
    const auto& o = s_.outcomes(i);
    auto at = root_.child("outcomes", i);
    std::string path = "outcomes[" + (o.id().empty() ? std::to_string(i) : o.id()) + "]";
    if (o.id().empty()) add(at.line(), path, "missing id");
    else if (!ids.insert(o.id()).second) add(at.line("id"), path, "two outcomes have the id '" + o.id() + "'");
    if (o.name().empty()) add(at.line(), path + ".name", "missing");
    else if (!names.insert(o.name()).second) add(at.line("name"), path + ".name", "two outcomes have the name '" + o.name() + "'");
    if (o.when_size() == 0) add(at.line(), path + ".when", "missing: say when this outcome holds");
    for (int k = 0; k < o.when_size(); ++k) check_condition(o.when(k), at.child("when", k), path + ".when[" + std::to_string(k) + "]");
  }
}

void ScenarioValidator::check_condition(const pb::OutcomeCondition& c, const SourceMap& at, const std::string& path) {
  if (empty_condition(c)) return add(at.line(), path, "an empty condition holds for every session; set at least one part");
  for (int i = 0; i < c.signed__size(); ++i) check_role_ref(c.signed_(i), at.line("signed", i), path + ".signed", true);
  for (int i = 0; i < c.not_signed_size(); ++i) check_role_ref(c.not_signed(i), at.line("not_signed", i), path + ".not_signed", true);
  for (const auto* list : {&c.options_any(), &c.options_none()}) {
    const char* field = list == &c.options_any() ? "options_any" : "options_none";
    for (int i = 0; i < list->size(); ++i) {
      if (!option_issue_.count(list->Get(i))) add(at.line(field, i), path + "." + field, "unknown option '" + list->Get(i) + "'");
    }
  }
  if (c.max_signatories() > 0 && c.min_signatories() > c.max_signatories()) {
    add(at.line("min_signatories"), path + ".min_signatories", "is above max_signatories: the condition can never hold");
  }
}

}  // namespace parley::engine
