#include "engine/rules/crisis_account.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace parley::engine::rules {
namespace pb = parley::v1;
namespace {

std::string named(const ClauseRef& c) {
  if (c.option == nullptr) return "no such clause";
  return c.option->id() + " '" + c.option->label() + "'";
}

std::string points(double v) { return std::to_string(std::llround(v)); }

std::string role_name(const ScenarioIndex& index, const std::string& id) {
  auto r = index.role_index(id);
  return r ? index.role(*r).name() : id;
}

// "Pakistan, Turkey" for the members matching a flag, or "".
std::string who(const ScenarioIndex& index, const pb::CrisisResolved& out, const std::function<bool(const pb::MemberOutcome&)>& flag) {
  std::string names;
  for (const auto& m : out.members()) {
    if (flag(m)) names += (names.empty() ? "" : ", ") + role_name(index, m.role());
  }
  return names;
}

void decide(pb::CrisisResolved& out, const ClauseRef& c, const char* fallback_kind) {
  out.set_deciding_issue(c.issue ? c.issue->id() : "");
  out.set_deciding_kind(c.issue ? pb::ClauseKind_Name(c.issue->kind()) : fallback_kind);
}

pb::TriggerClause::Procedure procedure_of(const CrisisFacts& f) {
  return f.trigger.option ? f.trigger.option->trigger().procedure() : pb::TriggerClause::CONSULTATION;
}

void scope_reason(const ScenarioIndex& index, const CrisisFacts& f, pb::CrisisResolved& out) {
  const auto& crisis = f.inject->crisis();
  std::string victim = role_name(index, crisis.victim());
  if (!f.victim_is_member) {
    out.add_reasons("out of scope: " + victim + ", the victim, is not a member of the treaty");
  } else if (!out.in_scope()) {
    out.add_reasons("out of scope: the adopted threat scope, " + named(f.scope) + ", does not cover '" + crisis.category() +
                    "' attacks");
  } else {
    out.add_reasons("in scope: " + named(f.scope) + " covers '" + crisis.category() + "' attacks on " + victim + ", a member");
  }
}

void trigger_reason(const CrisisFacts& f, pb::CrisisResolved& out) {
  switch (procedure_of(f)) {
    case pb::TriggerClause::AUTOMATIC:
      out.add_reasons("the automatic trigger, " + named(f.trigger) + ", obliged every member to respond");
      break;
    case pb::TriggerClause::VOTE:
      out.add_reasons(std::string("the trigger vote under ") + named(f.trigger) + (out.obligation() ? " passed" : " failed") + ": " +
                      std::to_string(out.votes_yes()) + " yes, " + std::to_string(out.votes_no()) + " no of " +
                      std::to_string(f.members) + " members" + (out.obligation() ? ", so every member was obliged" : ", so nobody was obliged"));
      break;
    default:
      out.add_reasons("consultation only under " + named(f.trigger) + ": nobody was obliged to respond");
      break;
  }
}

void members_reason(const ScenarioIndex& index, pb::CrisisResolved& out) {
  std::string line;
  auto add = [&](const char* label, const std::string& names) {
    if (!names.empty()) line += (line.empty() ? "" : "; ") + std::string(label) + " " + names;
  };
  add("committed:", who(index, out, [](const auto& m) { return m.committed(); }));
  add("defected:", who(index, out, [](const auto& m) { return m.defected(); }));
  add("opted out on the record:", who(index, out, [](const auto& m) { return m.opted_out(); }));
  add("exempt (prior commitments):", who(index, out, [](const auto& m) { return m.exempt(); }));
  out.add_reasons(line.empty() ? "no member committed forces" : line);
}

void cost_reason(const CrisisFacts& f, pb::CrisisResolved& out, bool anyone) {
  if (!anyone) return;
  bool voluntary = f.cost.option && f.cost.option->cost().formula() == pb::CostClause::VOLUNTARY;
  if (voluntary) {
    out.add_reasons(std::string(out.funded() ? "funded: " : "unfunded: ") + points(out.offered()) + " points offered against a cost of " +
                    points(out.cost()) + " under " + named(f.cost));
  } else {
    out.add_reasons("the cost of " + points(out.cost()) + " was shared under " + named(f.cost));
  }
  out.add_reasons(out.lead().empty() ? "national command: no common lead under " + named(f.command)
                                     : out.lead() + " led under " + named(f.command));
  std::string strength = "response strength " + points(out.strength());
  if (out.required_strength() > 0) strength += " against the " + points(out.required_strength()) + " needed";
  if (out.deterrence_multiplier() != 1.0 && out.deterrence_multiplier() > 0) {
    strength += ", with " + named(f.deterrence) + " multiplying it by " + points(out.deterrence_multiplier() * 100) + "% against '" +
                f.inject->crisis().category() + "' attacks";
  }
  out.add_reasons(strength);
}

// A defection by a member whose prior commitments conflicted, under a
// precedence clause that allowed no way out, is the precedence clause's doing.
bool precedence_decided(const CrisisFacts& f, const pb::CrisisResolved& out) {
  if (f.precedence.option == nullptr || f.precedence.option->precedence().conflict() != pb::PrecedenceClause::NO_OPT_OUT) return false;
  const auto& conflicting = f.inject->crisis().conflicting();
  for (const auto& m : out.members()) {
    if (m.defected() && std::find(conflicting.begin(), conflicting.end(), m.role()) != conflicting.end()) return true;
  }
  return false;
}

void conclude(const CrisisFacts& f, pb::CrisisResolved& out) {
  if (!out.obligation()) {
    // Members may still act on their own (the reasons say who), but the pact itself was not invoked.
    out.set_outcome("not invoked");
    if (!f.victim_is_member) decide(out, f.membership, "MEMBERSHIP");
    else if (!out.in_scope()) decide(out, f.scope, "THREAT_SCOPE");
    else decide(out, f.trigger, "TRIGGER");
  } else if (out.held()) {
    out.set_outcome("held");
    decide(out, f.trigger, "TRIGGER");
  } else if (!out.funded()) {
    out.set_outcome("failed");
    decide(out, f.cost, "COST_SHARING");
  } else if (std::any_of(out.members().begin(), out.members().end(), [](const auto& m) { return m.defected(); })) {
    out.set_outcome("failed");
    if (precedence_decided(f, out)) decide(out, f.precedence, "PRECEDENCE");
    else decide(out, f.trigger, "TRIGGER");
  } else {
    // Everyone obliged answered and it was paid for, but the force was too weak.
    out.set_outcome("failed");
    if (f.deterrence.issue) decide(out, f.deterrence, "DETERRENCE");
    else decide(out, f.command, "COMMAND");
  }
  std::string because = out.deciding_issue().empty() ? "" : " (decided by clause " + out.deciding_issue() + ")";
  out.add_reasons("the alliance " + std::string(out.outcome() == "not invoked" ? "was not invoked" : out.outcome()) + because);
}

}  // namespace

void account_for(const ScenarioIndex& index, const CrisisFacts& f, pb::CrisisResolved& out) {
  scope_reason(index, f, out);
  if (out.in_scope()) trigger_reason(f, out);
  members_reason(index, out);
  bool anyone = std::any_of(out.members().begin(), out.members().end(), [](const auto& m) { return m.committed(); });
  cost_reason(f, out, anyone);
  conclude(f, out);
}

}  // namespace parley::engine::rules
