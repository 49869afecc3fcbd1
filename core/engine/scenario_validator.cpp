#include "engine/scenario_validator.hpp"

#include "engine/text_check.hpp"

#include <algorithm>
#include <cmath>

#include "engine/action.hpp"
#include "engine/generated_ids.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

std::string fmt(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string label(const std::string& id, int index) { return "[" + (id.empty() ? std::to_string(index) : id) + "]"; }

bool has_profile_role(pb::RoleKind kind) { return kind == pb::DELEGATION || kind == pb::OUTSIDE_POWER; }

}  // namespace

void ScenarioValidator::add(int line, const std::string& path, const std::string& message) {
  problems_.push_back({line, path, message});
}

bool ScenarioValidator::is_delegation(const std::string& id) const {
  auto it = roles_.find(id);
  return it != roles_.end() && it->second->kind() == pb::DELEGATION;
}

void ScenarioValidator::check_role_ref(const std::string& id, int line, const std::string& path, bool delegation_only) {
  if (!roles_.count(id)) {
    add(line, path, "unknown role '" + id + "'");
  } else if (delegation_only && !is_delegation(id)) {
    add(line, path, "role '" + id + "' is not a delegation");
  }
}

ScenarioProblems ScenarioValidator::validate() {
  // Bad bytes first, and alone: every later problem could quote them back.
  check_utf8(s_, root_, "", problems_);
  if (!problems_.empty()) return problems_;
  if (s_.id().empty()) add(root_.line("id"), "id", "missing; every scenario needs an id");
  if (s_.title().empty()) add(root_.line("title"), "title", "missing");
  index();
  check_roles();
  check_issues();
  check_structure();
  check_injects();
  check_stress_test();
  check_outcomes();
  return problems_;
}

// Records ids, reporting duplicates, before anything refers to them.
void ScenarioValidator::index() {
  for (int i = 0; i < s_.roles_size(); ++i) {
    const auto& r = s_.roles(i);
    std::string path = "roles" + label(r.id(), i);
    if (r.id().empty()) add(root_.child("roles", i).line(), path, "missing id");
    else if (!roles_.emplace(r.id(), &r).second) add(root_.child("roles", i).line("id"), path, "duplicate role id '" + r.id() + "'");
    check_namespace(r.id(), root_.child("roles", i), path);
  }
  for (int i = 0; i < s_.issues_size(); ++i) {
    const auto& issue = s_.issues(i);
    auto at = root_.child("issues", i);
    std::string path = "issues" + label(issue.id(), i);
    if (issue.id().empty()) add(at.line(), path, "missing id");
    else if (!issues_.emplace(issue.id(), &issue).second) add(at.line("id"), path, "duplicate issue id '" + issue.id() + "'");
    check_namespace(issue.id(), at, path);
    for (int j = 0; j < issue.options_size(); ++j) {
      const auto& o = issue.options(j);
      std::string opath = path + ".options" + label(o.id(), j);
      if (o.id().empty()) add(at.child("options", j).line(), opath, "missing id");
      else if (!option_issue_.emplace(o.id(), &issue).second)
        add(at.child("options", j).line("id"), opath, "duplicate option id '" + o.id() + "' (option ids are unique across issues)");
      check_namespace(o.id(), at.child("options", j), opath);
    }
  }
  for (int i = 0; i < s_.injects_size(); ++i) {
    const auto& inj = s_.injects(i);
    if (inj.id().empty()) add(root_.child("injects", i).line(), "injects" + label("", i), "missing id");
    else if (!injects_.emplace(inj.id(), &inj).second)
      add(root_.child("injects", i).line("id"), "injects[" + inj.id() + "]", "duplicate inject id '" + inj.id() + "'");
    check_namespace(inj.id(), root_.child("injects", i), "injects[" + inj.id() + "]");
  }
}

// Drafts, pledges, messages and rooms get generated ids; a scenario id that
// looks like one would make a table or a command ambiguous.
void ScenarioValidator::check_namespace(const std::string& id, const SourceMap& at, const std::string& path) {
  if (auto kind = generated_id_kind(id)) {
    add(at.line("id"), path, "id '" + id + "' looks like a " + *kind + " id, which Parley generates; choose another");
  }
}

void ScenarioValidator::check_roles() {
  int delegations = 0;
  int white = 0;
  for (int i = 0; i < s_.roles_size(); ++i) {
    const auto& r = s_.roles(i);
    auto at = root_.child("roles", i);
    std::string path = "roles" + label(r.id(), i);
    if (r.kind() == pb::ROLE_KIND_UNSPECIFIED) {
      add(at.line(), path + ".kind", "missing; one of DELEGATION, OUTSIDE_POWER, WHITE_CELL, OBSERVER");
    }
    if (r.name().empty()) add(at.line(), path + ".name", "missing");
    delegations += r.kind() == pb::DELEGATION;
    white += r.kind() == pb::WHITE_CELL;
    if (has_profile_role(r.kind())) {
      if (!r.has_profile()) add(at.line(), path + ".profile", "missing; delegations and outside powers need a preference profile");
      else check_profile(r, at.child("profile"), path + ".profile");
      if (r.public_brief().empty()) add(at.line(), path + ".public_brief", "missing");
      if (r.private_brief().empty()) add(at.line(), path + ".private_brief", "missing");
    } else if (r.has_profile()) {
      add(at.line("profile"), path + ".profile", "only delegations and outside powers have preference profiles");
    }
    check_voice(r, at.child("voice"), path + ".voice");
  }
  if (delegations < 2) add(root_.line(), "roles", "needs at least two delegations, has " + std::to_string(delegations));
  if (white != 1) add(root_.line(), "roles", "needs exactly one WHITE_CELL role, has " + std::to_string(white));
}

// A bot's lines: short, and with no placeholder but {to} and {me}.
void ScenarioValidator::check_voice(const pb::Role& role, const SourceMap& at, const std::string& path) {
  if (!role.has_voice()) return;
  if (!has_profile_role(role.kind())) add(at.line(), path, "only delegations and outside powers are played by bots");
  auto lines = [&](const google::protobuf::RepeatedPtrField<std::string>& list, const char* field) {
    for (int i = 0; i < list.size(); ++i) {
      std::string where = path + "." + field + "[" + std::to_string(i) + "]";
      const auto& text = list.Get(i);
      if (text.empty() || text.size() > kMaxVoiceLine) {
        add(at.line(field, i), where, "a line must have 1 to " + std::to_string(kMaxVoiceLine) + " characters");
      }
      for (auto open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        auto close = text.find('}', open);
        std::string name = close == std::string::npos ? text.substr(open) : text.substr(open, close - open + 1);
        if (name != "{to}" && name != "{me}") add(at.line(field, i), where, "unknown placeholder '" + name + "'; use {to} or {me}");
      }
    }
  };
  lines(role.voice().courting(), "courting");
  lines(role.voice().replies(), "replies");
}

void ScenarioValidator::check_profile(const pb::Role& role, const SourceMap& at, const std::string& path) {
  const auto& p = role.profile();
  double sum = 0;
  std::set<std::string> seen;
  for (int i = 0; i < p.issues_size(); ++i) {
    const auto& pref = p.issues(i);
    auto pat = at.child("issues", i);
    std::string ipath = path + ".issues" + label(pref.issue(), i);
    sum += pref.weight();
    auto it = issues_.find(pref.issue());
    if (it == issues_.end()) {
      add(pat.line("issue"), ipath, "unknown issue '" + pref.issue() + "'");
      continue;
    }
    if (!seen.insert(pref.issue()).second) add(pat.line("issue"), ipath, "issue listed twice");
    if (pref.weight() < 0) add(pat.line("weight"), ipath + ".weight", "is negative");
    if (pref.scores_size() != it->second->options_size()) {
      add(pat.line("scores"), ipath + ".scores",
          "has " + std::to_string(pref.scores_size()) + " scores, issue has " + std::to_string(it->second->options_size()) + " options");
    }
    for (int j = 0; j < pref.scores_size(); ++j) {
      if (pref.scores(j) < 0 || pref.scores(j) > 100) {
        add(pat.line("scores", j), ipath + ".scores[" + std::to_string(j) + "]", "score " + fmt(pref.scores(j)) + " is outside 0..100");
      }
    }
  }
  for (const auto& [id, issue] : issues_) {
    if (!seen.count(id)) add(at.line(), path + ".issues", "no preference for issue '" + id + "'");
  }
  if (std::fabs(sum - 100.0) > 1e-6) add(at.line("issues"), path + ".weights", "sum is " + fmt(sum) + ", must be 100");
  if (p.batna() < 0 || p.batna() > 100) add(at.line("batna"), path + ".batna", "BATNA " + fmt(p.batna()) + " is outside 0..100");
  for (int i = 0; i < p.red_lines_size(); ++i) {
    if (!option_issue_.count(p.red_lines(i))) {
      add(at.line("red_lines", i), path + ".red_lines[" + std::to_string(i) + "]", "red line names unknown option '" + p.red_lines(i) + "'");
    }
  }
  if (p.pledge_budget() < 0) add(at.line("pledge_budget"), path + ".pledge_budget", "is negative");
  if (p.pledge_point_utility() < 0) add(at.line("pledge_point_utility"), path + ".pledge_point_utility", "is negative");
}

void ScenarioValidator::check_issues() {
  if (s_.issues_size() == 0) add(root_.line(), "issues", "a scenario needs at least one issue");
  std::map<int, std::string> kinds;
  for (int i = 0; i < s_.issues_size(); ++i) {
    const auto& issue = s_.issues(i);
    auto at = root_.child("issues", i);
    std::string path = "issues" + label(issue.id(), i);
    if (issue.options_size() < 2) add(at.line(), path, "needs at least two options");
    if (issue.kind() != pb::CLAUSE_KIND_UNSPECIFIED) {
      auto [it, fresh] = kinds.emplace(issue.kind(), issue.id());
      if (!fresh) {
        add(at.line("kind"), path + ".kind", pb::ClauseKind_Name(issue.kind()) + " is already the kind of issue '" + it->second + "'");
      }
    }
    for (int j = 0; j < issue.options_size(); ++j) {
      check_option(issue, issue.options(j), at.child("options", j), path + ".options" + label(issue.options(j).id(), j));
    }
  }
}

void ScenarioValidator::check_option(const pb::Issue& issue, const pb::Option& o, const SourceMap& at, const std::string& path) {
  if (o.label().empty()) add(at.line(), path + ".label", "missing");
  if (o.effectiveness() < 0 || o.effectiveness() > 1) {
    add(at.line("effectiveness"), path + ".effectiveness", "effectiveness " + fmt(o.effectiveness()) + " is outside 0..1");
  }
  check_semantics_present(issue, o, at, path);
  if (o.has_membership()) {
    for (int k = 0; k < o.membership().eligible_size(); ++k) {
      check_role_ref(o.membership().eligible(k), at.child("membership").line("eligible", k), path + ".membership.eligible", true);
    }
    if (o.membership().has_entry_into_force()) {
      std::vector<std::string> eligible(o.membership().eligible().begin(), o.membership().eligible().end());
      check_entry_into_force(o.membership().entry_into_force(), at.child("membership").child("entry_into_force"),
                             path + ".membership.entry_into_force", eligible);
    }
  }
  if (o.has_command()) {
    const auto& c = o.command();
    auto cat = at.child("command");
    if (c.mode() == pb::CommandClause::LEAD_ROLE) check_role_ref(c.lead_role(), cat.line("lead_role"), path + ".command.lead_role", true);
    if (c.mode() == pb::CommandClause::ROTATION) {
      if (c.rotation_size() == 0) add(cat.line(), path + ".command.rotation", "ROTATION needs a rotation order");
      for (int k = 0; k < c.rotation_size(); ++k) check_role_ref(c.rotation(k), cat.line("rotation", k), path + ".command.rotation", true);
    }
  }
  if (o.has_cost()) {
    const auto& c = o.cost();
    auto cat = at.child("cost");
    if (c.formula() == pb::CostClause::BY_QUANTITY) {
      for (const auto& [id, role] : roles_) {
        if (role->kind() == pb::DELEGATION && !role->quantities().count(c.quantity())) {
          add(cat.line("quantity"), path + ".cost.quantity", "delegation '" + id + "' has no quantity '" + c.quantity() + "'");
        }
      }
    }
    if (c.formula() == pb::CostClause::FISCAL_CAPACITY) {
      if (c.payers_size() == 0) add(cat.line(), path + ".cost.payers", "FISCAL_CAPACITY needs payers");
      for (int k = 0; k < c.payers_size(); ++k) check_role_ref(c.payers(k), cat.line("payers", k), path + ".cost.payers", true);
      if (c.payer_share() <= 0 || c.payer_share() > 1) add(cat.line("payer_share"), path + ".cost.payer_share", "must be in (0, 1]");
    }
  }
  if (o.has_scope() && o.scope().categories_size() == 0) add(at.child("scope").line(), path + ".scope.categories", "a scope clause covers at least one crisis category");
  if (o.has_trigger() && o.trigger().procedure() == pb::TriggerClause::VOTE) {
    check_rule(o.trigger().rule(), at.child("trigger").child("rule"), path + ".trigger.rule");
  }
}

// Each clause kind needs its semantics on every option, and only those.
void ScenarioValidator::check_semantics_present(const pb::Issue& issue, const pb::Option& o, const SourceMap& at,
                                               const std::string& path) {
  struct Kind {
    pb::ClauseKind kind;
    const char* field;
    bool present;
    bool set;  // its enum is specified
  };
  const Kind kinds[] = {
      {pb::MEMBERSHIP, "membership", o.has_membership(), o.membership().eligible_size() > 0},
      {pb::COMMAND, "command", o.has_command(), o.command().mode() != pb::CommandClause::MODE_UNSPECIFIED},
      {pb::COST_SHARING, "cost", o.has_cost(), o.cost().formula() != pb::CostClause::FORMULA_UNSPECIFIED},
      {pb::THREAT_SCOPE, "scope", o.has_scope(), true},
      {pb::TRIGGER, "trigger", o.has_trigger(), o.trigger().procedure() != pb::TriggerClause::PROCEDURE_UNSPECIFIED},
      {pb::PRECEDENCE, "precedence", o.has_precedence(), o.precedence().conflict() != pb::PrecedenceClause::CONFLICT_UNSPECIFIED},
      {pb::DETERRENCE, "deterrence", o.has_deterrence(),
       std::isfinite(o.deterrence().strength_multiplier()) && o.deterrence().strength_multiplier() > 0},
  };
  for (const auto& k : kinds) {
    if (issue.kind() == k.kind && !k.present) {
      add(at.line(), path, std::string("a ") + pb::ClauseKind_Name(k.kind) + " clause needs '" + k.field + "' semantics on every option");
    } else if (issue.kind() == k.kind && !k.set) {
      add(at.line(k.field), path + "." + k.field, "semantics are incomplete (no eligible roles, mode, formula, procedure, conflict rule or positive strength multiplier)");
    } else if (issue.kind() != k.kind && k.present) {
      add(at.line(k.field), path + "." + k.field, std::string("'") + k.field + "' semantics on an option of a " +
                                                       pb::ClauseKind_Name(issue.kind()) + " issue");
    }
  }
}

void ScenarioValidator::check_rule(const pb::DecisionRule& rule, const SourceMap& at, const std::string& path) {
  if (rule.kind() == pb::DecisionRule::KIND_UNSPECIFIED) {
    add(at.line(), path, "missing decision rule kind (UNANIMITY, CONSENSUS, QUALIFIED_MAJORITY, SIMPLE_MAJORITY)");
  }
  if (rule.kind() == pb::DecisionRule::QUALIFIED_MAJORITY &&
      (rule.denominator() == 0 || rule.numerator() == 0 || rule.numerator() > rule.denominator())) {
    add(at.line(), path, "a qualified majority needs 0 < numerator <= denominator, has " +
                             std::to_string(rule.numerator()) + "/" + std::to_string(rule.denominator()));
  }
  if (rule.quorum() > delegation_count()) {
    add(at.line(), path, "quorum " + std::to_string(rule.quorum()) + " is more than the " + std::to_string(delegation_count()) +
                             " delegations that can vote");
  }
}

std::uint32_t ScenarioValidator::delegation_count() const {
  return static_cast<std::uint32_t>(std::count_if(s_.roles().begin(), s_.roles().end(),
                                                  [](const pb::Role& r) { return r.kind() == pb::DELEGATION; }));
}

void ScenarioValidator::check_structure() {
  const auto& st = s_.structure();
  auto at = root_.child("structure");
  if (st.rounds_size() == 0) add(at.line(), "structure.rounds", "a scenario needs at least one round");
  int sign_phases = 0;
  bool vote_before_sign = false;
  bool seen_vote = false;
  for (int r = 0; r < st.rounds_size(); ++r) {
    auto rat = at.child("rounds", r);
    std::set<std::string> ids;
    if (st.rounds(r).phases_size() == 0) add(rat.line(), "structure.rounds[" + std::to_string(r + 1) + "]", "a round needs phases");
    for (int p = 0; p < st.rounds(r).phases_size(); ++p) {
      const auto& ph = st.rounds(r).phases(p);
      auto pat = rat.child("phases", p);
      std::string path = "structure.rounds[" + std::to_string(r + 1) + "].phases" + label(ph.id(), p);
      if (ph.id().empty()) add(pat.line(), path, "missing id");
      else if (!ids.insert(ph.id()).second) add(pat.line("id"), path, "duplicate phase id '" + ph.id() + "' in this round");
      if (ph.duration_seconds() == 0) add(pat.line(), path + ".duration_seconds", "must be positive");
      for (int a = 0; a < ph.allowed_size(); ++a) {
        auto action = parse_action(ph.allowed(a));
        if (!action) {
          add(pat.line("allowed", a), path + ".allowed", "unknown action '" + ph.allowed(a) + "'; actions are " + std::string(action_names()));
          continue;
        }
        if (*action == Action::vote) seen_vote = true;
        if (*action == Action::sign) {
          ++sign_phases;
          vote_before_sign = seen_vote;
        }
      }
    }
  }
  if (sign_phases != 1) add(at.line(), "structure", "exactly one phase must allow 'sign', found " + std::to_string(sign_phases));
  else if (!vote_before_sign) add(at.line(), "structure", "the phase that allows 'sign' must come after a phase that allows 'vote'");
  check_rule(st.adoption(), at.child("adoption"), "structure.adoption");
  std::vector<std::string> all;
  for (const auto& [id, role] : roles_) {
    if (is_delegation(id)) all.push_back(id);
  }
  check_entry_into_force(st.entry_into_force(), at.child("entry_into_force"), "structure.entry_into_force", all);
}

void ScenarioValidator::check_injects() {
  for (int i = 0; i < s_.injects_size(); ++i) {
    const auto& inj = s_.injects(i);
    check_inject(inj, root_.child("injects", i), "injects" + label(inj.id(), i));
  }
}

void ScenarioValidator::check_inject(const pb::Inject& inj, const SourceMap& at, const std::string& path) {
  if (inj.title().empty()) add(at.line(), path + ".title", "missing");
  if (inj.text().empty() && !inj.leak()) add(at.line(), path + ".text", "missing");
  if (!inj.held()) {
    const auto& rounds = s_.structure().rounds();
    if (inj.round() < 1 || static_cast<int>(inj.round()) > rounds.size()) {
      add(at.line("round"), path + ".round", "round " + std::to_string(inj.round()) + " does not exist (scheduled injects need a round, or held: true)");
    } else {
      const auto& phases = rounds[static_cast<int>(inj.round()) - 1].phases();
      bool found = std::any_of(phases.begin(), phases.end(), [&](const pb::Phase& p) { return p.id() == inj.phase(); });
      if (!found) add(at.line("phase"), path + ".phase", "round " + std::to_string(inj.round()) + " has no phase '" + inj.phase() + "'");
    }
  }
  for (int k = 0; k < inj.audience_size(); ++k) check_role_ref(inj.audience(k), at.line("audience", k), path + ".audience");
  for (int k = 0; k < inj.effects_size(); ++k) {
    const auto& e = inj.effects(k);
    auto eat = at.child("effects", k);
    std::string epath = path + ".effects[" + std::to_string(k) + "]";
    auto role = roles_.find(e.role());
    if (role == roles_.end()) add(eat.line("role"), epath + ".role", "unknown role '" + e.role() + "'");
    else if (!has_profile_role(role->second->kind())) add(eat.line("role"), epath + ".role", "role '" + e.role() + "' has no profile to change");
    int kinds = e.has_weight_shift() + e.has_score() + (e.batna_delta() != 0);
    if (kinds != 1) add(eat.line(), epath, "an effect changes exactly one of weight_shift, score, batna_delta; has " + std::to_string(kinds));
    if (e.has_weight_shift()) {
      const auto& w = e.weight_shift();
      for (const auto& issue : {w.from_issue(), w.to_issue()}) {
        if (!issues_.count(issue)) add(eat.child("weight_shift").line(), epath + ".weight_shift", "unknown issue '" + issue + "'");
      }
      if (w.amount() <= 0) add(eat.child("weight_shift").line("amount"), epath + ".weight_shift.amount", "must be positive");
    }
    if (e.has_score() && !option_issue_.count(e.score().option())) {
      add(eat.child("score").line("option"), epath + ".score.option", "unknown option '" + e.score().option() + "'");
    }
  }
  if (inj.has_crisis()) {
    const auto& c = inj.crisis();
    auto cat = at.child("crisis");
    if (!inj.held()) add(at.line("crisis"), path, "a crisis inject must be held: the stress test runs it");
    if (c.category().empty()) add(cat.line(), path + ".crisis.category", "missing");
    check_role_ref(c.victim(), cat.line("victim"), path + ".crisis.victim", true);
    if (c.cost() < 0) add(cat.line("cost"), path + ".crisis.cost", "is negative");
    if (!std::isfinite(c.required_strength()) || c.required_strength() < 0) {
      add(cat.line("required_strength"), path + ".crisis.required_strength", "must be a finite number of 0 or more");
    }
    for (int k = 0; k < c.conflicting_size(); ++k) check_role_ref(c.conflicting(k), cat.line("conflicting", k), path + ".crisis.conflicting", true);
  }
}

void ScenarioValidator::check_stress_test() {
  if (!s_.has_stress_test()) return;
  const auto& st = s_.stress_test();
  auto at = root_.child("stress_test");
  for (auto kind : {pb::THREAT_SCOPE, pb::TRIGGER}) {
    bool found = std::any_of(s_.issues().begin(), s_.issues().end(), [&](const pb::Issue& i) { return i.kind() == kind; });
    if (!found) add(at.line(), "stress_test", "a stress test needs an issue of kind " + pb::ClauseKind_Name(kind));
  }
  if (st.duration_seconds() == 0) add(at.line(), "stress_test.duration_seconds", "must be positive");
  if (st.default_crises_size() == 0) add(at.line(), "stress_test.default_crises", "name at least one crisis inject");
  for (int i = 0; i < st.default_crises_size(); ++i) {
    auto it = injects_.find(st.default_crises(i));
    if (it == injects_.end()) add(at.line("default_crises", i), "stress_test.default_crises", "unknown inject '" + st.default_crises(i) + "'");
    else if (!it->second->has_crisis()) add(at.line("default_crises", i), "stress_test.default_crises", "inject '" + st.default_crises(i) + "' is not a crisis");
  }
  if (!st.forces_quantity().empty()) {
    for (const auto& [id, role] : roles_) {
      if (role->kind() == pb::DELEGATION && !role->quantities().count(st.forces_quantity())) {
        add(at.line("forces_quantity"), "stress_test.forces_quantity", "delegation '" + id + "' has no quantity '" + st.forces_quantity() + "'");
      }
    }
  }
}

}  // namespace parley::engine
