// The stress test: after entry into force, crises are run against the
// adopted clauses. Scope decides whether a crisis is covered; the trigger
// whether members are obliged (or must vote); precedence who may stand
// aside; command who leads; cost-sharing who pays. Members commit or defect
// in private, and the outcome is published when the crisis closes.

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "engine/rules/crisis_account.hpp"
#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;
namespace {

// The adopted text's option for a clause kind, if the scenario has the kind.
const pb::Option* clause(const Context& ctx, pb::ClauseKind kind) {
  auto issue = ctx.index.clause_issue(kind);
  const auto* text = find_text(ctx.state, ctx.state.adopted_text_id());
  if (!issue || text == nullptr) return nullptr;
  auto t = to_text(ctx.index, text->options());
  return t[*issue] < 0 ? nullptr : &ctx.index.option(*issue, t[*issue]);
}

ClauseRef clause_ref(const Context& ctx, pb::ClauseKind kind) {
  auto issue = ctx.index.clause_issue(kind);
  return {issue ? &ctx.index.issue(*issue) : nullptr, clause(ctx, kind)};
}

bool contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::vector<std::string> member_ids(const Context& ctx) {
  std::vector<std::string> out;
  for (int r : signatories(ctx.index, ctx.state)) out.push_back(ctx.index.role(r).id());
  return out;
}

bool is_member(const Context& ctx, const std::string& id) {
  auto m = member_ids(ctx);
  return std::find(m.begin(), m.end(), id) != m.end();
}

pb::TriggerClause::Procedure procedure(const Context& ctx) {
  const auto* t = clause(ctx, pb::TRIGGER);
  return t ? t->trigger().procedure() : pb::TriggerClause::CONSULTATION;
}

bool vote_passes(const pb::DecisionRule& rule, std::uint32_t yes, std::uint32_t no, std::uint32_t members) {
  switch (rule.kind()) {
    case pb::DecisionRule::UNANIMITY: return members > 0 && yes == members;
    case pb::DecisionRule::CONSENSUS: return yes > 0 && no == 0;
    case pb::DecisionRule::QUALIFIED_MAJORITY: return yes > 0 && yes * rule.denominator() >= rule.numerator() * members;
    case pb::DecisionRule::SIMPLE_MAJORITY: return yes > no;
    default: return false;
  }
}

std::pair<std::uint32_t, std::uint32_t> crisis_votes(const pb::CrisisState& cs) {
  std::uint32_t yes = 0, no = 0;
  for (const auto& [role, v] : cs.votes()) (v ? yes : no)++;
  return {yes, no};
}

// Whether the open crisis obliges the members, as its votes stand.
bool obliges(const Context& ctx, std::size_t members) {
  const auto& cs = ctx.state.crisis();
  auto proc = procedure(ctx);
  if (!cs.in_scope()) return false;
  if (proc == pb::TriggerClause::AUTOMATIC) return true;
  if (proc != pb::TriggerClause::VOTE) return false;
  auto [yes, no] = crisis_votes(cs);
  return vote_passes(clause(ctx, pb::TRIGGER)->trigger().rule(), yes, no, static_cast<std::uint32_t>(members));
}

pb::PrecedenceClause::Conflict conflict_rule(const Context& ctx) {
  const auto* prec = clause(ctx, pb::PRECEDENCE);
  return prec ? prec->precedence().conflict() : pb::PrecedenceClause::NO_OPT_OUT;
}

// A member with a conflicting commitment the precedence clause excuses (exempt), or one that opted out.
bool exempt(const Context& ctx, const pb::Inject& inj, const std::string& id) {
  return contains(inj.crisis().conflicting(), id) && conflict_rule(ctx) == pb::PrecedenceClause::EXEMPT;
}
bool opted_out(const Context& ctx, const pb::Inject& inj, const std::string& id) {
  auto it = ctx.state.crisis().responses().find(id);
  return contains(inj.crisis().conflicting(), id) && conflict_rule(ctx) == pb::PrecedenceClause::OPT_OUT_RECORDED &&
         it != ctx.state.crisis().responses().end() && it->second.opt_out();
}

double defection_penalty(const Context& ctx) {
  const auto& st = ctx.index.scenario().stress_test();
  return procedure(ctx) == pb::TriggerClause::AUTOMATIC ? st.automatic_defection_penalty() : st.defection_penalty();
}

// Who leads: the named role, the rotation holder, the council's unanimous
// nominee, or nobody (national command). Only a committing member can lead.
std::string choose_lead(const Context& ctx, const std::vector<std::string>& committed) {
  const auto* c = clause(ctx, pb::COMMAND);
  if (c == nullptr || committed.empty()) return "";
  auto committing = [&](const std::string& id) { return std::find(committed.begin(), committed.end(), id) != committed.end(); };
  const auto& cmd = c->command();
  switch (cmd.mode()) {
    case pb::CommandClause::LEAD_ROLE:
      return committing(cmd.lead_role()) ? cmd.lead_role() : "";
    case pb::CommandClause::ROTATION:
      for (int k = 0; k < cmd.rotation_size(); ++k) {
        const auto& holder = cmd.rotation((ctx.state.rotation_next() + k) % cmd.rotation_size());
        if (committing(holder)) return holder;
      }
      return "";
    case pb::CommandClause::COUNCIL: {
      std::string nominee;
      for (const auto& id : committed) {
        auto it = ctx.state.crisis().responses().find(id);
        std::string n = it == ctx.state.crisis().responses().end() ? "" : it->second.nominate_lead();
        if (n.empty() || (!nominee.empty() && n != nominee)) return "";
        nominee = n;
      }
      return committing(nominee) ? nominee : "";
    }
    default:
      return "";
  }
}

// Shares of the crisis cost among committing members, and whether it is funded.
bool split_cost(const Context& ctx, double cost, const std::vector<std::string>& committed, std::map<std::string, double>& share) {
  if (committed.empty()) return false;
  const auto* c = clause(ctx, pb::COST_SHARING);
  auto formula = c ? c->cost().formula() : pb::CostClause::EQUAL;
  auto quantity = [&](const std::string& id, const std::string& q) {
    const auto& qs = ctx.index.role(*ctx.index.role_index(id)).quantities();
    auto it = qs.find(q);
    return it == qs.end() ? 0.0 : it->second;
  };
  if (formula == pb::CostClause::BY_QUANTITY) {
    double total = 0;
    for (const auto& id : committed) total += quantity(id, c->cost().quantity());
    for (const auto& id : committed) share[id] = total > 0 ? cost * quantity(id, c->cost().quantity()) / total : cost / committed.size();
    return true;
  }
  if (formula == pb::CostClause::FISCAL_CAPACITY) {
    std::vector<std::string> payers, others;
    for (const auto& id : committed) (contains(c->cost().payers(), id) ? payers : others).push_back(id);
    double payer_part = payers.empty() ? 0 : (others.empty() ? cost : cost * c->cost().payer_share());
    for (const auto& id : payers) share[id] = payer_part / payers.size();
    for (const auto& id : others) share[id] = (cost - payer_part) / others.size();
    return true;
  }
  if (formula == pb::CostClause::VOLUNTARY) {
    double offered = 0;
    for (const auto& id : committed) {
      auto it = ctx.state.crisis().responses().find(id);
      share[id] = it == ctx.state.crisis().responses().end() ? 0 : it->second.contribution();
      offered += share[id];
    }
    return offered >= cost - 1e-9;
  }
  for (const auto& id : committed) share[id] = cost / committed.size();
  return true;
}

std::string option_words(const ClauseRef& c) {
  if (c.issue == nullptr) return "";
  std::string issue = c.issue->name().empty() ? c.issue->id() : c.issue->name();
  if (c.option == nullptr) return issue + ": left open";
  return issue + ": " + (c.option->label().empty() ? c.option->id() : c.option->label());
}

// Whether the crisis is covered, and why, in a sentence.
std::string scope_sentence(const Context& ctx, const pb::Inject& inj, bool in_scope) {
  auto ref = clause_ref(ctx, pb::THREAT_SCOPE);
  std::string clause = ref.issue ? " (" + option_words(ref) + ")" : "";
  if (in_scope) return "Inside the treaty's scope" + clause + ".";
  if (ref.option == nullptr) return "Outside the treaty's scope: the treaty has no scope clause that covers it.";
  if (!contains(ref.option->scope().categories(), inj.crisis().category())) {
    return "Outside the treaty's scope" + clause + ": it does not cover " + inj.crisis().category() + " crises.";
  }
  return "Outside the treaty's scope" + clause + ": the victim, " + inj.crisis().victim() + ", is not a member.";
}

// Members obliged to commit if the crisis closed now, and the sentence saying so.
std::vector<std::string> obliged_now(const Context& ctx, const pb::Inject& inj, std::string& why) {
  auto members = member_ids(ctx);
  auto proc = procedure(ctx);
  const auto& cs = ctx.state.crisis();
  bool obligation = obliges(ctx, members.size());
  if (!cs.in_scope()) {
    why = "Nobody is obliged to commit; members may still commit of their own accord.";
  } else if (proc == pb::TriggerClause::AUTOMATIC) {
    why = "Every member is obliged to commit at once (automatic trigger); one that holds back defects.";
  } else if (proc == pb::TriggerClause::VOTE) {
    auto [yes, no] = crisis_votes(cs);
    why = "Members are obliged only if their vote on collective action passes (so far " + std::to_string(yes) + " yes, " +
          std::to_string(no) + " no: it would " + (obligation ? "pass" : "fail") + ").";
  } else {
    why = "The trigger calls only for consultation: nobody is obliged; members may commit of their own accord.";
  }
  std::vector<std::string> out;
  if (!obligation) return out;
  for (const auto& id : members) {
    if (!exempt(ctx, inj, id) && !opted_out(ctx, inj, id)) out.push_back(id);
  }
  return out;
}

std::string offer_summary(const Context& ctx, const pb::CrisisOffer& o) {
  if (!o.member()) return "A crisis is open: only members of the treaty (its signatories) respond.";
  if (!o.may_respond()) return "A crisis is open: your head of delegation responds and votes.";
  std::string text = "A crisis is open: respond (commit forces, do not commit";
  if (o.may_opt_out()) text += ", opt out";
  text += ")";
  std::vector<std::string> extra;
  if (o.contribution_max() >= 0) extra.push_back("offer a contribution of up to " + std::to_string(o.contribution_max()) + " points");
  if (o.may_nominate()) extra.push_back("nominate a lead");
  for (std::size_t i = 0; i < extra.size(); ++i) text += (i == 0 ? ", " : " and ") + extra[i];
  if (o.may_vote()) text += ", and vote on collective action";
  text += ". ";
  bool obliged = std::find(o.obliged().begin(), o.obliged().end(), ctx.actor_id()) != o.obliged().end();
  if (obliged) {
    std::ostringstream p;
    p << defection_penalty(ctx);
    text += "You are obliged to commit: holding back counts as defection (penalty " + p.str() + ").";
  } else {
    text += "You are not obliged: committing is your choice.";
  }
  return text;
}

}  // namespace

Verdict crisis_gate(const Context& ctx, const char* doing) {
  if (auto r = require_running(ctx)) return r;
  if (ctx.state.stage() != pb::STRESS_TEST || ctx.state.crisis().inject_id().empty()) {
    return reject(pb::WRONG_PHASE, "no crisis is open");
  }
  if (auto r = require_kind(ctx, {pb::DELEGATION}, doing)) return r;
  if (auto r = require_head(ctx, doing)) return r;
  if (!is_member(ctx, ctx.actor_id())) return reject(pb::NOT_ELIGIBLE, ctx.actor_id() + " is not a member of the treaty");
  return std::nullopt;
}

pb::CrisisOffer crisis_offer(const Context& ctx) {
  pb::CrisisOffer o;
  const auto& cs = ctx.state.crisis();
  const auto* inj = ctx.index.inject(cs.inject_id());
  if (ctx.state.stage() != pb::STRESS_TEST || inj == nullptr) return o;
  o.set_inject_id(inj->id());
  o.set_in_scope(cs.in_scope());
  o.set_scope(scope_sentence(ctx, *inj, cs.in_scope()));
  o.set_procedure(pb::TriggerClause::Procedure_Name(procedure(ctx)));
  std::string why;
  for (auto& id : obliged_now(ctx, *inj, why)) o.add_obliged(std::move(id));
  o.set_obligation(why);
  o.set_required_strength(inj->crisis().required_strength());
  o.set_member(is_member(ctx, ctx.actor_id()));
  o.set_may_respond(!crisis_gate(ctx, "respond to a crisis").has_value());
  const auto* prec = clause(ctx, pb::PRECEDENCE);
  o.set_may_opt_out(o.may_respond() && prec != nullptr && prec->precedence().conflict() == pb::PrecedenceClause::OPT_OUT_RECORDED &&
                    contains(inj->crisis().conflicting(), ctx.actor_id()));
  const auto* cost = clause(ctx, pb::COST_SHARING);
  bool voluntary = cost != nullptr && cost->cost().formula() == pb::CostClause::VOLUNTARY;
  o.set_contribution_max(o.may_respond() && voluntary ? std::max<std::int64_t>(0, ctx.state.roles(ctx.actor).budget()) : -1);
  const auto* command = clause(ctx, pb::COMMAND);
  o.set_may_nominate(o.may_respond() && command != nullptr && command->command().mode() == pb::CommandClause::COUNCIL);
  if (o.may_nominate()) {
    for (auto& id : member_ids(ctx)) o.add_nominees(std::move(id));
  }
  o.set_may_vote(o.may_respond() && procedure(ctx) == pb::TriggerClause::VOTE);
  o.set_responded(cs.responses().count(ctx.actor_id()) > 0);
  o.set_summary(offer_summary(ctx, o));
  return o;
}

bool open_next_crisis(Context& ctx) {
  std::vector<std::string> queue;
  if (ctx.state.stage() == pb::NEGOTIATION) {
    const auto& chosen = ctx.state.chosen_crises().empty() ? ctx.index.scenario().stress_test().default_crises()
                                                           : ctx.state.chosen_crises();
    queue.assign(chosen.begin(), chosen.end());
  } else {
    queue.assign(ctx.state.crisis_queue().begin(), ctx.state.crisis_queue().end());
  }
  if (queue.empty()) return false;
  const auto* inj = ctx.index.inject(queue.front());
  const auto& crisis = inj->crisis();
  const auto* scope = clause(ctx, pb::THREAT_SCOPE);
  auto e = ctx.clock_event();
  auto* o = e.mutable_crisis_opened();
  o->set_inject_id(inj->id());
  o->set_title(inj->title());
  o->set_text(inj->text());
  o->set_category(crisis.category());
  o->set_victim(crisis.victim());
  o->set_attacker(crisis.attacker());
  o->set_cost(crisis.cost());
  o->set_in_scope(scope != nullptr && contains(scope->scope().categories(), crisis.category()) && is_member(ctx, crisis.victim()));
  o->set_procedure(pb::TriggerClause::Procedure_Name(procedure(ctx)));
  *o->mutable_conflicting() = crisis.conflicting();
  o->set_deadline_ms(ctx.input.at_ms + ctx.scaled_ms(ctx.index.scenario().stress_test().duration_seconds()));
  ctx.emit(std::move(e));
  return true;
}

Verdict respond_to_crisis(Context& ctx, const pb::RespondToCrisis& cmd) {
  if (auto r = crisis_gate(ctx, "respond to a crisis")) return r;
  const auto* inj = ctx.index.inject(ctx.state.crisis().inject_id());
  if (cmd.opt_out()) {
    const auto* p = clause(ctx, pb::PRECEDENCE);
    if (cmd.commit()) return reject(pb::INVALID_ARGUMENT, "you cannot both commit and opt out");
    if (p == nullptr || p->precedence().conflict() != pb::PrecedenceClause::OPT_OUT_RECORDED) {
      return reject(pb::NOT_PERMITTED, "the treaty does not allow opting out");
    }
    if (!contains(inj->crisis().conflicting(), ctx.actor_id())) {
      return reject(pb::NOT_ELIGIBLE, ctx.actor_id() + " has no conflicting commitment in this crisis");
    }
  }
  if (!std::isfinite(cmd.contribution())) return reject(pb::INVALID_ARGUMENT, "a contribution must be a finite number");
  if (cmd.contribution() < 0) return reject(pb::INVALID_ARGUMENT, "a contribution cannot be negative");
  auto budget = ctx.state.roles(ctx.actor).budget();
  if (cmd.contribution() > static_cast<double>(budget)) {
    return reject(pb::BUDGET_EXCEEDED, "a contribution of " + std::to_string(static_cast<long long>(cmd.contribution())) +
                                           " points exceeds the " + std::to_string(budget) + " you have not pledged");
  }
  if (!cmd.nominate_lead().empty() && !is_member(ctx, cmd.nominate_lead())) {
    return reject(pb::NOT_ELIGIBLE, "'" + cmd.nominate_lead() + "' is not a member and cannot lead");
  }
  // The same response again (a second tab, a resend): accepted, and recorded once.
  auto given = ctx.state.crisis().responses().find(ctx.actor_id());
  if (given != ctx.state.crisis().responses().end() && given->second.SerializeAsString() == cmd.SerializeAsString()) {
    return std::nullopt;
  }
  auto e = ctx.event();
  e.mutable_crisis_response()->set_inject_id(inj->id());
  *e.mutable_crisis_response()->mutable_response() = cmd;
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict crisis_vote(Context& ctx, const pb::VoteOnCrisis& cmd) {
  if (auto r = crisis_gate(ctx, "vote on a crisis")) return r;
  if (procedure(ctx) != pb::TriggerClause::VOTE) return reject(pb::WRONG_PHASE, "the treaty's trigger does not call for a vote");
  auto cast = ctx.state.crisis().votes().find(ctx.actor_id());
  if (cast != ctx.state.crisis().votes().end() && cast->second == cmd.yes()) return std::nullopt;  // the same vote again
  auto e = ctx.event();
  e.mutable_crisis_vote()->set_inject_id(ctx.state.crisis().inject_id());
  e.mutable_crisis_vote()->set_yes(cmd.yes());
  ctx.emit(std::move(e));
  return std::nullopt;
}

void resolve_crisis(Context& ctx) {
  const auto& cs = ctx.state.crisis();
  const auto* inj = ctx.index.inject(cs.inject_id());
  if (inj == nullptr) return;
  const auto& st = ctx.index.scenario().stress_test();
  auto members = member_ids(ctx);
  auto e = ctx.clock_event();
  auto* out = e.mutable_crisis_resolved();
  out->set_inject_id(inj->id());
  out->set_in_scope(cs.in_scope());
  auto [yes, no] = crisis_votes(cs);
  out->set_votes_yes(yes);
  out->set_votes_no(no);
  bool obligation = obliges(ctx, members.size());
  out->set_obligation(obligation);
  std::vector<std::string> committed;
  for (const auto& id : members) {
    auto it = cs.responses().find(id);
    if (it != cs.responses().end() && it->second.commit()) committed.push_back(id);
  }
  std::map<std::string, double> share;
  bool funded = split_cost(ctx, inj->crisis().cost(), committed, share);
  double penalty = defection_penalty(ctx);
  bool held = funded || committed.empty();
  double forces = 0;
  for (const auto& id : members) {
    auto* m = out->add_members();
    m->set_role(id);
    m->set_exempt(exempt(ctx, *inj, id));
    m->set_opted_out(opted_out(ctx, *inj, id));
    m->set_obliged(obligation && !m->exempt() && !m->opted_out());
    m->set_committed(std::find(committed.begin(), committed.end(), id) != committed.end());
    m->set_defected(m->obliged() && !m->committed());
    m->set_cost(m->committed() ? share[id] : 0);
    m->set_penalty(m->defected() ? penalty : 0);
    if (m->defected()) held = false;
    if (m->committed()) forces += ctx.index.role(*ctx.index.role_index(id)).quantities().count(st.forces_quantity())
                                      ? ctx.index.role(*ctx.index.role_index(id)).quantities().at(st.forces_quantity())
                                      : 0;
  }
  const auto* command = clause(ctx, pb::COMMAND);
  const auto* deterrence = clause(ctx, pb::DETERRENCE);
  double multiplier = deterrence && contains(deterrence->deterrence().categories(), inj->crisis().category())
                          ? deterrence->deterrence().strength_multiplier()
                          : 1.0;
  out->set_lead(choose_lead(ctx, committed));
  out->set_strength(forces * (command ? command->effectiveness() : 1.0) * multiplier);
  out->set_deterrence_multiplier(multiplier);
  out->set_required_strength(inj->crisis().required_strength());
  bool strong_enough = out->strength() >= out->required_strength();
  out->set_funded(funded);
  out->set_held(obligation ? held && funded && strong_enough : held);
  out->set_cost(inj->crisis().cost());
  for (const auto& id : committed) out->set_offered(out->offered() + share[id]);
  CrisisFacts facts{inj,
                    clause_ref(ctx, pb::MEMBERSHIP),
                    clause_ref(ctx, pb::THREAT_SCOPE),
                    clause_ref(ctx, pb::TRIGGER),
                    clause_ref(ctx, pb::COST_SHARING),
                    clause_ref(ctx, pb::COMMAND),
                    clause_ref(ctx, pb::PRECEDENCE),
                    clause_ref(ctx, pb::DETERRENCE),
                    is_member(ctx, inj->crisis().victim()),
                    members.size()};
  account_for(ctx.index, facts, *out);
  ctx.emit(std::move(e));
}

}  // namespace parley::engine::rules
