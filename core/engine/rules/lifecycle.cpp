// The session's clock and the white cell's controls.

#include <algorithm>

#include "engine/outcome_category.hpp"
#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;
namespace {

constexpr std::uint32_t kMaxExtensionSeconds = 24 * 3600;
constexpr double kMaxTimeScale = 10000;

bool released(const pb::SessionState& s, const std::string& id) {
  return std::find(s.released_injects().begin(), s.released_injects().end(), id) != s.released_injects().end();
}

// Publishes an inject and applies its effects; each effect event is seen
// only by the role it changes (and the white cell).
void publish(Context& ctx, const pb::Inject& inj) {
  auto e = ctx.event();
  auto* r = e.mutable_inject_released();
  r->set_inject_id(inj.id());
  r->set_title(inj.title());
  r->set_text(inj.text());
  // A crisis chosen ahead of the stress test stays secret until it opens.
  if (inj.has_crisis()) {
    r->add_audience(ctx.index.role(ctx.index.white_cell()).id());
  } else {
    *r->mutable_audience() = inj.audience();
  }
  ctx.emit(std::move(e));
  emit_profile_changes(ctx, inj.effects(), [&](pb::ProfileChanged& pc) { pc.set_inject_id(inj.id()); });
}

void start_phase(Context& ctx, int round, int phase_index) {
  const auto& phase = ctx.index.scenario().structure().rounds(round - 1).phases(phase_index);
  auto e = ctx.clock_event();
  e.set_round(round);  // stamped with the phase it opens
  e.set_phase(phase.id());
  auto* p = e.mutable_phase_started();
  p->set_round(round);
  p->set_phase_index(phase_index);
  p->set_phase(phase.id());
  p->set_deadline_ms(ctx.input.at_ms + ctx.scaled_ms(phase.duration_seconds()));
  ctx.emit(std::move(e));
  for (const auto& inj : ctx.index.scenario().injects()) {
    if (!inj.held() && static_cast<int>(inj.round()) == round && inj.phase() == phase.id() &&
        !released(ctx.state, inj.id())) {
      publish(ctx, inj);
    }
  }
}

void end_session(Context& ctx, const std::string& reason) {
  auto e = ctx.clock_event();
  e.mutable_session_ended()->set_reason(reason);
  // Named once, by the engine, so every reader of the record agrees on it.
  if (auto outcome = outcome_category(ctx.index, ctx.state)) *e.mutable_session_ended()->mutable_outcome() = std::move(*outcome);
  ctx.emit(std::move(e));
}

// After the last phase: the stress test if the treaty is in force, else the end.
void finish_negotiation(Context& ctx) {
  if (ctx.index.scenario().has_stress_test() && ctx.state.in_force() && open_next_crisis(ctx)) return;
  end_session(ctx, ctx.state.in_force() ? "the conference concluded with the treaty in force"
                                        : "the conference concluded without a treaty in force");
}

Verdict release_leak(Context& ctx, const pb::Inject& inj, const std::string& message_id) {
  auto at = ctx.messages.find(message_id);
  if (at == ctx.messages.size()) return reject(pb::UNKNOWN_ID, "no private message '" + message_id + "' to leak");
  auto m = ctx.messages.message(ctx.index, at);
  if (m.leaked()) return reject(pb::ALREADY_DONE, "message " + message_id + " has already leaked");
  publish(ctx, inj);
  auto e = ctx.event();
  auto* l = e.mutable_message_leaked();
  l->set_message_id(m.message_id());
  l->set_from(m.from());
  l->set_to(m.to());
  l->set_room_id(m.room_id());
  l->set_text(m.text());
  ctx.emit(std::move(e));
  return std::nullopt;
}

}  // namespace

void close_phase(Context& ctx) {
  if (ctx.state.stage() == pb::STRESS_TEST) {
    resolve_crisis(ctx);
    if (!open_next_crisis(ctx)) end_session(ctx, "the stress test is complete");
    return;
  }
  const auto* phase = current_phase(ctx.index, ctx.state);
  if (phase == nullptr) return;
  if (phase_allows(*phase, Action::vote)) close_vote(ctx);
  if (phase_allows(*phase, Action::sign)) close_signature(ctx);
  const auto& rounds = ctx.index.scenario().structure().rounds();
  int round = ctx.state.round();
  int next = ctx.state.phase_index() + 1;
  if (next < rounds[round - 1].phases_size()) {
    start_phase(ctx, round, next);
  } else if (round < rounds.size()) {
    start_phase(ctx, round + 1, 0);
  } else {
    finish_negotiation(ctx);
  }
}

Verdict claim_seat(Context& ctx) {
  if (ctx.actor < 0) return reject(pb::NOT_PERMITTED, "the clock has no seat");
  if (ctx.state.status() == pb::ENDED) return reject(pb::SESSION_NOT_RUNNING, "the session has ended");
  const auto& seats = ctx.state.roles(ctx.actor).seats_claimed();
  if (std::find(seats.begin(), seats.end(), ctx.input.seat) != seats.end()) {
    return reject(pb::ALREADY_DONE, "seat " + std::to_string(ctx.input.seat) + " of " + ctx.actor_id() + " is already taken");
  }
  auto e = ctx.event();
  e.mutable_seat_claimed()->set_by_bot(ctx.input.command.claim_seat().by_bot());
  // Everyone is told a model took the seat, unless the scenario keeps that from the participants.
  e.mutable_seat_claimed()->set_by_model(ctx.input.command.claim_seat().by_model() && !ctx.index.scenario().hide_model_seats());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict release_seat(Context& ctx, const pb::ReleaseSeat& cmd) {
  if (auto r = require_white_cell(ctx, "release seats")) return r;
  auto role = ctx.index.role_index(cmd.role());
  if (!role) return reject(pb::UNKNOWN_ID, "'" + cmd.role() + "' is not a role in this scenario");
  const auto& rs = ctx.state.roles(*role);
  if (std::find(rs.seats_claimed().begin(), rs.seats_claimed().end(), cmd.seat()) == rs.seats_claimed().end()) {
    return reject(pb::ALREADY_DONE, "seat " + std::to_string(cmd.seat()) + " of " + cmd.role() + " is not taken");
  }
  const auto& bots = rs.seats_claimed_by_bots();
  auto e = ctx.event();
  auto* r = e.mutable_seat_released();
  r->set_role(cmd.role());
  r->set_seat(cmd.seat());
  r->set_was_bot(std::find(bots.begin(), bots.end(), cmd.seat()) != bots.end());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict start(Context& ctx) {
  if (auto r = require_white_cell(ctx, "start the session")) return r;
  if (ctx.state.status() != pb::LOBBY) return reject(pb::ALREADY_DONE, "the session has already started");
  auto e = ctx.event();
  e.mutable_session_started();
  ctx.emit(std::move(e));
  start_phase(ctx, 1, 0);
  return std::nullopt;
}

Verdict pause(Context& ctx) {
  if (auto r = require_white_cell(ctx, "pause the session")) return r;
  if (auto r = require_running(ctx)) return r;
  auto e = ctx.event();
  e.mutable_session_paused()->set_remaining_ms(std::max<std::int64_t>(0, ctx.state.deadline_ms() - ctx.input.at_ms));
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict resume(Context& ctx) {
  if (auto r = require_white_cell(ctx, "resume the session")) return r;
  if (ctx.state.status() != pb::PAUSED) return reject(pb::SESSION_NOT_RUNNING, "the session is not paused");
  auto e = ctx.event();
  e.mutable_session_resumed()->set_deadline_ms(ctx.input.at_ms + ctx.state.remaining_ms());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict advance(Context& ctx) {
  if (auto r = require_white_cell(ctx, "advance the phase")) return r;
  if (auto r = require_running(ctx)) return r;
  close_phase(ctx);
  return std::nullopt;
}

Verdict extend(Context& ctx, const pb::ExtendPhase& cmd) {
  if (auto r = require_white_cell(ctx, "extend the phase")) return r;
  if (auto r = require_running(ctx)) return r;
  if (cmd.seconds() == 0 || cmd.seconds() > kMaxExtensionSeconds) {
    return reject(pb::INVALID_ARGUMENT, "an extension must be 1 to " + std::to_string(kMaxExtensionSeconds) + " seconds");
  }
  auto e = ctx.event();
  e.mutable_phase_extended()->set_deadline_ms(ctx.state.deadline_ms() + ctx.scaled_ms(cmd.seconds()));
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict set_time_scale(Context& ctx, const pb::SetTimeScale& cmd) {
  if (auto r = require_white_cell(ctx, "change the time scale")) return r;
  if (ctx.state.status() == pb::ENDED) return reject(pb::SESSION_NOT_RUNNING, "the session has ended");
  if (!(cmd.factor() >= 0.01 && cmd.factor() <= kMaxTimeScale)) {
    return reject(pb::INVALID_ARGUMENT, "the time scale must be between 0.01 and 10000");
  }
  // What is left of the current phase shrinks or grows with the new scale.
  double old_scale = ctx.state.time_scale() > 0 ? ctx.state.time_scale() : 1.0;
  std::int64_t left = ctx.state.status() == pb::PAUSED ? ctx.state.remaining_ms()
                                                       : std::max<std::int64_t>(0, ctx.state.deadline_ms() - ctx.input.at_ms);
  auto e = ctx.event();
  e.mutable_time_scale_set()->set_factor(cmd.factor());
  e.mutable_time_scale_set()->set_deadline_ms(ctx.input.at_ms + static_cast<std::int64_t>(left * old_scale / cmd.factor()));
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict release_inject(Context& ctx, const pb::ReleaseInject& cmd) {
  if (auto r = require_white_cell(ctx, "release injects")) return r;
  if (auto r = require_running(ctx)) return r;
  const auto* inj = ctx.index.inject(cmd.inject_id());
  if (inj == nullptr) return reject(pb::UNKNOWN_ID, "no inject '" + cmd.inject_id() + "' in this scenario");
  if (released(ctx.state, inj->id())) return reject(pb::ALREADY_DONE, "inject " + inj->id() + " was already released");
  if (inj->leak()) return release_leak(ctx, *inj, cmd.message_id());
  if (inj->has_crisis() && !ctx.index.scenario().has_stress_test()) {
    return reject(pb::WRONG_PHASE, "this scenario has no stress test to run crisis " + inj->id());
  }
  publish(ctx, *inj);
  return std::nullopt;
}

Verdict end(Context& ctx, const pb::EndSession& cmd) {
  if (auto r = require_white_cell(ctx, "end the session")) return r;
  if (ctx.state.status() == pb::ENDED) return reject(pb::ALREADY_DONE, "the session has already ended");
  end_session(ctx, cmd.reason().empty() ? "ended by the white cell" : cmd.reason());
  return std::nullopt;
}

Verdict tick(Context& ctx) {
  if (ctx.state.status() == pb::RUNNING && ctx.state.deadline_ms() > 0 && ctx.state.deadline_ms() <= ctx.input.at_ms) {
    close_phase(ctx);
  }
  return std::nullopt;
}

}  // namespace parley::engine::rules
