// The white cell's own record: private notes for the review, and rulings
// (adjudications) told to everyone or to some roles, which may change
// profiles the way an inject's effects do.

#include <algorithm>
#include <cmath>

#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;
namespace {

Verdict bad_effect(int i, const std::string& why) {
  return reject(pb::INVALID_ARGUMENT, "effect " + std::to_string(i + 1) + ": " + why);
}

// Effects come from a person at run time, not a validated scenario file:
// every id must exist and every number be finite before the fold applies it.
Verdict check_effect(const Context& ctx, const pb::Effect& e, int i) {
  auto role = ctx.index.role_index(e.role());
  if (!role) return bad_effect(i, "'" + e.role() + "' is not a role in this scenario");
  if (!ctx.index.has_profile(*role)) return bad_effect(i, e.role() + " has no preferences to change");
  int changes = int(e.has_weight_shift()) + int(e.has_score()) + int(e.batna_delta() != 0);
  if (changes != 1) return bad_effect(i, "give exactly one change: a weight shift, a score or a BATNA change");
  if (e.has_weight_shift()) {
    const auto& w = e.weight_shift();
    if (!ctx.index.issue_index(w.from_issue()) || !ctx.index.issue_index(w.to_issue())) {
      return bad_effect(i, "a weight shift names issues of this scenario ('" + w.from_issue() + "', '" + w.to_issue() + "')");
    }
    if (w.from_issue() == w.to_issue()) return bad_effect(i, "a weight shift moves weight between two different issues");
    if (!std::isfinite(w.amount()) || w.amount() <= 0 || w.amount() > 100) {
      return bad_effect(i, "a weight shift moves more than 0 and at most 100");
    }
  } else if (e.has_score()) {
    if (!ctx.index.option_index(e.score().option())) return bad_effect(i, "'" + e.score().option() + "' is not an option");
    double d = e.score().delta();
    if (!std::isfinite(d) || d < -100 || d > 100 || (e.score().set() && d < 0)) {
      return bad_effect(i, "a score change is a finite number within -100..100 (0..100 when it sets the score)");
    }
  } else if (!std::isfinite(e.batna_delta()) || std::abs(e.batna_delta()) > 100) {
    return bad_effect(i, "a BATNA change is a finite number within -100..100");
  }
  return std::nullopt;
}

}  // namespace

void emit_profile_changes(Context& ctx, const google::protobuf::RepeatedPtrField<pb::Effect>& effects,
                          const std::function<void(pb::ProfileChanged&)>& source) {
  std::vector<std::string> roles;
  for (const auto& effect : effects) {
    if (std::find(roles.begin(), roles.end(), effect.role()) == roles.end()) roles.push_back(effect.role());
  }
  for (const auto& role : roles) {
    auto e = ctx.event();
    auto* pc = e.mutable_profile_changed();
    pc->set_role(role);
    source(*pc);
    for (const auto& effect : effects) {
      if (effect.role() == role) *pc->add_effects() = effect;
    }
    ctx.emit(std::move(e));
  }
}

Verdict record_note(Context& ctx, const pb::RecordNote& cmd) {
  if (auto r = require_white_cell(ctx, "keep notes")) return r;
  if (auto r = require_text_content(cmd.text(), "the note")) return r;
  auto e = ctx.event();
  e.mutable_note_recorded()->set_text(cmd.text());
  ctx.emit(std::move(e));
  return std::nullopt;
}

// Also after the session ends: the debrief is when most ratings are given.
Verdict rate_objective(Context& ctx, const pb::RateObjective& cmd) {
  if (auto r = require_white_cell(ctx, "rate objectives")) return r;
  const auto& objectives = ctx.index.scenario().objectives();
  if (cmd.objective() >= static_cast<std::uint32_t>(objectives.size())) {
    return reject(pb::UNKNOWN_ID, "this scenario has " + std::to_string(objectives.size()) + " objective(s); there is no objective " +
                                      std::to_string(cmd.objective() + 1));
  }
  if (cmd.rating() == pb::OBJECTIVE_RATING_UNSPECIFIED) return reject(pb::INVALID_ARGUMENT, "rate it met, partly met or not met");
  if (!cmd.comment().empty()) {
    if (auto r = require_text_content(cmd.comment(), "the comment")) return r;
  }
  auto e = ctx.event();
  auto* o = e.mutable_objective_rated();
  o->set_objective(cmd.objective());
  o->set_rating(cmd.rating());
  o->set_comment(cmd.comment());
  o->set_text(objectives[static_cast<int>(cmd.objective())]);
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict adjudicate(Context& ctx, const pb::Adjudicate& cmd) {
  if (auto r = require_white_cell(ctx, "make rulings")) return r;
  if (ctx.state.status() == pb::ENDED) return reject(pb::SESSION_NOT_RUNNING, "the session has ended");
  if (auto r = require_text_content(cmd.text(), "the ruling")) return r;
  for (const auto& role : cmd.audience()) {
    if (auto r = require_addressable(ctx, role, "audience")) return r;
  }
  for (int i = 0; i < cmd.effects_size(); ++i) {
    if (auto r = check_effect(ctx, cmd.effects(i), i)) return r;
  }
  std::string id = next_id(ctx.state, kRulingPrefix);
  auto e = ctx.event();
  auto* ruling = e.mutable_ruling();
  ruling->set_ruling_id(id);
  ruling->set_text(cmd.text());
  *ruling->mutable_audience() = cmd.audience();
  ctx.emit(std::move(e));
  emit_profile_changes(ctx, cmd.effects(), [&](pb::ProfileChanged& pc) { pc.set_ruling_id(id); });
  return std::nullopt;
}

}  // namespace parley::engine::rules
