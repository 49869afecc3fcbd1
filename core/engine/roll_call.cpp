#include "engine/roll_call.hpp"

#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

bool silence_is_no(const pb::DecisionRule& rule) { return rule.non_voter() == pb::DecisionRule::COUNTS_AS_NO; }

std::string count(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// Whether the counted tally passes, and why, under the rule.
std::pair<bool, std::string> judge(const pb::DecisionRule& rule, const pb::Tally& t) {
  std::size_t silent = static_cast<std::size_t>(t.not_voted_size());
  std::size_t no = t.no() + (silence_is_no(rule) ? silent : 0);
  std::size_t cast = t.yes() + t.no() + t.abstain();
  std::string silence = silent == 0 ? "" : "; " + count(silent, "delegation", "delegations") + " did not vote and " +
                                               (silence_is_no(rule) ? "count as no" : "count as abstaining");
  if (rule.quorum() > 0 && cast < rule.quorum()) {
    return {false, "failed: " + count(cast, "vote was", "votes were") + " cast, short of the quorum of " + std::to_string(rule.quorum())};
  }
  switch (rule.kind()) {
    case pb::DecisionRule::UNANIMITY:
      if (t.voters() > 0 && t.yes() == t.voters()) return {true, "passed: every eligible delegation voted yes"};
      return {false, "failed: unanimity needs all " + std::to_string(t.voters()) + " yes, it had " + std::to_string(t.yes()) + silence};
    case pb::DecisionRule::CONSENSUS:
      if (t.yes() > 0 && no == 0) return {true, "passed: consensus, no objection" + silence};
      if (t.yes() == 0) return {false, "failed: consensus needs at least one yes" + silence};
      return {false, "failed: consensus, " + count(no, "objection", "objections") + silence};
    case pb::DecisionRule::QUALIFIED_MAJORITY: {
      bool ok = t.yes() > 0 && t.yes() * rule.denominator() >= rule.numerator() * t.voters();
      return {ok, std::string(ok ? "passed" : "failed") + ": " + std::to_string(t.yes()) + " yes of " + std::to_string(t.voters()) +
                      " eligible, " + std::to_string(rule.numerator()) + "/" + std::to_string(rule.denominator()) + " needed" + silence};
    }
    case pb::DecisionRule::SIMPLE_MAJORITY: {
      bool ok = t.yes() > no;
      return {ok, std::string(ok ? "passed" : "failed") + ": " + std::to_string(t.yes()) + " yes against " + std::to_string(no) +
                      " no" + silence};
    }
    case pb::DecisionRule::KIND_UNSPECIFIED:
    case pb::DecisionRule_Kind_DecisionRule_Kind_INT_MIN_SENTINEL_DO_NOT_USE_:
    case pb::DecisionRule_Kind_DecisionRule_Kind_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return {false, "failed: the scenario names no adoption rule"};
}

}  // namespace

pb::Tally count_votes(const ScenarioIndex& index, const pb::DecisionRule& rule, const pb::TreatyText& text) {
  pb::Tally t;
  t.set_text_id(text.text_id());
  auto eligible = index.eligible(to_text(index, text.options()));
  t.set_voters(static_cast<std::uint32_t>(eligible.size()));
  for (int r : eligible) {
    const auto& id = index.role(r).id();
    auto it = text.votes().find(id);
    if (it == text.votes().end() || it->second == pb::VOTE_CHOICE_UNSPECIFIED) {
      t.add_not_voted(id);
    } else if (it->second == pb::YES) {
      t.add_yes_roles(id);
    } else if (it->second == pb::NO) {
      t.add_no_roles(id);
    } else {
      t.add_abstain_roles(id);
    }
  }
  t.set_yes(static_cast<std::uint32_t>(t.yes_roles_size()));
  t.set_no(static_cast<std::uint32_t>(t.no_roles_size()));
  t.set_abstain(static_cast<std::uint32_t>(t.abstain_roles_size()));
  auto [passed, reason] = judge(rule, t);
  t.set_passed(passed);
  t.set_reason(reason);
  return t;
}

std::string adoption_pick(const pb::Structure& structure) {
  std::string pick = kAdoptionPick;
  if (structure.standing() == pb::Structure::LATEST) return pick + "; it replaces any text adopted before";
  return pick + "; a text adopted earlier stands until another passes with at least as many yes votes as it had, "
                "and silence never displaces it";
}

std::uint32_t yes_to_displace(const pb::Structure& structure, std::uint32_t standing_yes) {
  return structure.standing() == pb::Structure::LATEST ? 0 : standing_yes;
}

std::string describe_rule(const pb::DecisionRule& rule) {
  std::string text;
  switch (rule.kind()) {
    case pb::DecisionRule::UNANIMITY: text = "unanimity: a text passes only if every eligible delegation votes yes"; break;
    case pb::DecisionRule::CONSENSUS: text = "consensus: a text passes with at least one yes and no objection"; break;
    case pb::DecisionRule::QUALIFIED_MAJORITY:
      text = "qualified majority: a text passes with yes votes from " + std::to_string(rule.numerator()) + "/" +
             std::to_string(rule.denominator()) + " of the eligible delegations";
      break;
    case pb::DecisionRule::SIMPLE_MAJORITY: text = "simple majority: a text passes with more yes than no votes"; break;
    default: return "no rule";
  }
  text += silence_is_no(rule) ? "; a delegation that does not vote counts as voting no"
                              : "; a delegation that does not vote counts as abstaining";
  if (rule.quorum() > 0) text += "; at least " + std::to_string(rule.quorum()) + " votes must be cast";
  return text;
}

}  // namespace parley::engine
