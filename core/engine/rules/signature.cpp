// Signing the adopted text, and entry into force when signatures close.

#include <algorithm>

#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;

// Signing a text that contains one's red line is allowed, and flagged.
Verdict sign(Context& ctx) {
  if (auto r = signature_gate(ctx, "sign the treaty")) return r;
  Text text = to_text(ctx.index, find_text(ctx.state, ctx.state.adopted_text_id())->options());
  auto e = ctx.event();
  e.mutable_treaty_signed()->set_breaks_red_line(breaks_red_line(current_profile(ctx.index, ctx.state, ctx.actor), text));
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict decline(Context& ctx) {
  if (auto r = signature_gate(ctx, "decline the treaty")) return r;
  auto e = ctx.event();
  e.mutable_treaty_declined();
  ctx.emit(std::move(e));
  return std::nullopt;
}

void close_signature(Context& ctx) {
  if (ctx.state.signature_closed()) return;
  const auto* adopted = find_text(ctx.state, ctx.state.adopted_text_id());
  const auto& eif = ctx.index.entry_into_force(adopted ? to_text(ctx.index, adopted->options()) : Text{});
  auto e = ctx.clock_event();
  auto* c = e.mutable_signature_closed();
  c->set_text_id(ctx.state.adopted_text_id());
  auto signers = signatories(ctx.index, ctx.state);
  for (int r : signers) c->add_signatories(ctx.index.role(r).id());
  std::string reason;
  if (ctx.state.adopted_text_id().empty()) {
    reason = "no text was adopted";
  } else if (signers.size() < eif.min_signatories()) {
    reason = std::to_string(signers.size()) + " signatures, " + std::to_string(eif.min_signatories()) + " needed";
  } else {
    for (const auto& id : eif.required()) {
      int r = *ctx.index.role_index(id);
      if (std::find(signers.begin(), signers.end(), r) == signers.end()) {
        reason += (reason.empty() ? "" : ", ") + id + " did not sign";
      }
    }
  }
  c->set_in_force(reason.empty());
  c->set_reason(reason);
  ctx.emit(std::move(e));
  settle_pledges(ctx);
}

}  // namespace parley::engine::rules
