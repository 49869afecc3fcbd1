#include "engine/rules/guards.hpp"

#include <algorithm>

#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;

namespace {
constexpr std::size_t kMaxTextBytes = 8000;

std::string status_name(pb::SessionStatus s) {
  switch (s) {
    case pb::LOBBY: return "has not started yet";
    case pb::PAUSED: return "is paused";
    case pb::ENDED: return "has ended";
    default: return "is running";
  }
}
}  // namespace

Verdict gate(const Context& ctx, Action action) {
  const std::initializer_list<pb::RoleKind> talkers{pb::DELEGATION, pb::OUTSIDE_POWER, pb::WHITE_CELL};
  const std::initializer_list<pb::RoleKind> delegation{pb::DELEGATION};
  switch (action) {
    case Action::message:
      if (auto r = require_kind(ctx, talkers, "send messages")) return r;
      return require_action(ctx, action, "private messages");
    case Action::caucus:
      if (auto r = require_kind(ctx, talkers, "use caucus rooms")) return r;
      return require_action(ctx, action, "caucus rooms");
    case Action::statement:
      if (auto r = require_kind(ctx, talkers, "make statements")) return r;
      return require_action(ctx, action, "public statements");
    case Action::table:
      if (auto r = require_kind(ctx, delegation, "table texts")) return r;
      return require_action(ctx, action, "tabling texts");
    case Action::amend:
      if (auto r = require_kind(ctx, delegation, "amend texts")) return r;
      return require_action(ctx, action, "amendments");
    case Action::withdraw:
      if (auto r = require_kind(ctx, delegation, "withdraw texts")) return r;
      return require_action(ctx, action, "withdrawing texts");
    case Action::cosponsor:
      if (auto r = require_kind(ctx, delegation, "co-sponsor texts")) return r;
      return require_action(ctx, action, "co-sponsoring");
    case Action::vote:
      if (auto r = require_kind(ctx, delegation, "vote")) return r;
      if (auto r = require_head(ctx, "vote")) return r;
      return require_action(ctx, action, "voting");
    case Action::pledge:
      if (auto r = require_kind(ctx, {pb::DELEGATION, pb::OUTSIDE_POWER}, "make pledges")) return r;
      if (auto r = require_action(ctx, action, "pledges")) return r;
      if (ctx.state.signature_closed()) return reject(pb::WRONG_PHASE, "signatures are closed; pledges can no longer be made");
      return std::nullopt;
    case Action::sign:
      return signature_gate(ctx, "sign the treaty");
  }
  return reject(pb::NOT_PERMITTED, "unknown action");
}

Verdict signature_gate(const Context& ctx, const char* doing) {
  if (auto r = require_kind(ctx, {pb::DELEGATION}, doing)) return r;
  if (auto r = require_head(ctx, doing)) return r;
  if (auto r = require_action(ctx, Action::sign, "signatures")) return r;
  const auto* text = find_text(ctx.state, ctx.state.adopted_text_id());
  if (text == nullptr) return reject(pb::NOT_ELIGIBLE, "no text has been adopted, so there is nothing to sign");
  auto eligible = ctx.index.eligible(to_text(ctx.index, text->options()));
  if (std::find(eligible.begin(), eligible.end(), ctx.actor) == eligible.end()) {
    return reject(pb::NOT_ELIGIBLE, ctx.actor_id() + " is not eligible to sign text " + text->text_id());
  }
  if (ctx.state.roles(ctx.actor).signature() != pb::UNDECIDED) {
    return reject(pb::ALREADY_DONE, ctx.actor_id() + " has already decided on the treaty");
  }
  return std::nullopt;
}

Verdict require_running(const Context& ctx) {
  if (ctx.state.status() == pb::RUNNING) return std::nullopt;
  return reject(pb::SESSION_NOT_RUNNING, "the session " + status_name(ctx.state.status()));
}

Verdict require_action(const Context& ctx, Action action, const char* doing) {
  // A pause freezes the procedure, not the corridors: private talk goes on.
  bool talk = action == Action::message || action == Action::caucus;
  if (!(talk && ctx.state.status() == pb::PAUSED)) {
    if (auto r = require_running(ctx)) return r;
  }
  const auto* phase = current_phase(ctx.index, ctx.state);
  if (phase == nullptr) return reject(pb::WRONG_PHASE, std::string("the stress test does not allow ") + doing);
  if (!phase_allows(*phase, action)) {
    std::string name = phase->name().empty() ? phase->id() : phase->name();
    return reject(pb::WRONG_PHASE, "the " + name + " phase does not allow " + doing);
  }
  return std::nullopt;
}

Verdict require_kind(const Context& ctx, std::initializer_list<pb::RoleKind> kinds, const char* doing) {
  for (auto k : kinds) {
    if (ctx.actor_kind() == k) return std::nullopt;
  }
  std::string who = ctx.actor >= 0 ? ctx.index.role(ctx.actor).name() : "the clock";
  return reject(pb::NOT_PERMITTED, who + " (" + pb::RoleKind_Name(ctx.actor_kind()) + ") cannot " + doing);
}

Verdict require_white_cell(const Context& ctx, const char* doing) {
  if (ctx.actor_kind() == pb::WHITE_CELL) return std::nullopt;
  return reject(pb::NOT_PERMITTED, std::string("only the white cell can ") + doing);
}

Verdict require_head(const Context& ctx, const char* doing) {
  if (ctx.input.seat == 0) return std::nullopt;
  return reject(pb::NOT_PERMITTED, std::string("only the head of delegation (seat 0) can ") + doing);
}

Verdict require_addressable(const Context& ctx, const std::string& role, const char* what) {
  auto r = ctx.index.role_index(role);
  if (!r) return reject(pb::UNKNOWN_ID, std::string(what) + " '" + role + "' is not a role in this scenario");
  if (ctx.index.role(*r).kind() == pb::OBSERVER) {
    return reject(pb::NOT_PERMITTED, std::string(what) + " '" + role + "' is an observer and cannot take part");
  }
  return std::nullopt;
}

Verdict require_text_content(const std::string& text, const char* what) {
  if (text.empty()) return reject(pb::INVALID_ARGUMENT, std::string(what) + " is empty");
  if (text.size() > kMaxTextBytes) {
    return reject(pb::INVALID_ARGUMENT, std::string(what) + " is longer than " + std::to_string(kMaxTextBytes) + " bytes");
  }
  return std::nullopt;
}

}  // namespace parley::engine::rules
