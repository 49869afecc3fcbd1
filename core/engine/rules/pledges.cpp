// Side payments: binding pledges conditional on the recipient's signature,
// reserved from the pledger's budget when made and settled at signature close.

#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;

Verdict pledge(Context& ctx, const pb::MakePledge& cmd) {
  if (auto r = gate(ctx, Action::pledge)) return r;
  auto to = ctx.index.role_index(cmd.to());
  if (!to) return reject(pb::UNKNOWN_ID, "recipient '" + cmd.to() + "' is not a role in this scenario");
  if (!ctx.index.is_delegation(*to)) {
    return reject(pb::INVALID_ARGUMENT, "pledges are conditional on a signature, so the recipient must be a delegation");
  }
  if (*to == ctx.actor) return reject(pb::INVALID_ARGUMENT, "you cannot pledge to yourself");
  if (cmd.points() <= 0) return reject(pb::INVALID_ARGUMENT, "a pledge must be at least 1 point");
  if (cmd.condition() == pb::PLEDGE_CONDITION_UNSPECIFIED) {
    return reject(pb::INVALID_ARGUMENT, "say whether the pledge pays if the recipient signs or if it does not");
  }
  auto budget = ctx.state.roles(ctx.actor).budget();
  if (cmd.points() > budget) {
    return reject(pb::BUDGET_EXCEEDED, "pledging " + std::to_string(cmd.points()) + " points exceeds the " +
                                           std::to_string(budget) + " you have left");
  }
  auto e = ctx.event();
  auto* p = e.mutable_pledge_made();
  p->set_pledge_id(next_id(ctx.state, kPledgePrefix));
  p->set_to(cmd.to());
  p->set_points(cmd.points());
  p->set_condition(cmd.condition());
  ctx.emit(std::move(e));
  return std::nullopt;
}

void settle_pledges(Context& ctx) {
  std::vector<pb::Pledge> open;
  for (const auto& p : ctx.state.pledges()) {
    if (!p.settled()) open.push_back(p);
  }
  for (const auto& p : open) {
    bool signed_it = ctx.state.roles(*ctx.index.role_index(p.to())).signature() == pb::SIGNED;
    auto e = ctx.clock_event();
    auto* s = e.mutable_pledge_settled();
    s->set_pledge_id(p.pledge_id());
    s->set_from(p.from());
    s->set_to(p.to());
    s->set_points(p.points());
    s->set_paid(p.condition() == pb::IF_SIGNS ? signed_it : !signed_it);
    ctx.emit(std::move(e));
  }
}

}  // namespace parley::engine::rules
