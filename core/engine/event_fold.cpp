#include "engine/event_fold.hpp"

#include <algorithm>

#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

int actor_of(const ScenarioIndex& index, const pb::Event& e) {
  auto r = index.role_index(e.actor());
  return r ? *r : -1;
}

void remove_first(google::protobuf::RepeatedPtrField<std::string>& list, const std::string& value) {
  auto it = std::find(list.begin(), list.end(), value);
  if (it != list.end()) list.erase(it);
}

void open_crisis(const ScenarioIndex& index, pb::SessionState& s, const pb::CrisisOpened& c) {
  if (s.stage() == pb::NEGOTIATION) {
    s.clear_crisis_queue();
    const auto& chosen = s.chosen_crises().empty() ? index.scenario().stress_test().default_crises() : s.chosen_crises();
    for (const auto& id : chosen) s.add_crisis_queue(id);
  }
  remove_first(*s.mutable_crisis_queue(), c.inject_id());
  s.set_stage(pb::STRESS_TEST);
  s.set_phase("stress-test");
  s.set_deadline_ms(c.deadline_ms());
  s.clear_crisis();
  s.mutable_crisis()->set_inject_id(c.inject_id());
  s.mutable_crisis()->set_in_scope(c.in_scope());
}

void resolve_crisis(const ScenarioIndex& index, pb::SessionState& s, const pb::CrisisResolved& c) {
  for (const auto& m : c.members()) {
    auto& rs = role_state(s, *index.role_index(m.role()));
    rs.set_crisis_cost(rs.crisis_cost() + m.cost());
    rs.set_penalty(rs.penalty() + m.penalty());
  }
  *s.add_crisis_outcomes() = c;
  s.clear_crisis();
  s.set_rotation_next(s.rotation_next() + 1);
}

void settle(const ScenarioIndex& index, pb::SessionState& s, const pb::PledgeSettled& p) {
  for (auto& pledge : *s.mutable_pledges()) {
    if (pledge.pledge_id() != p.pledge_id()) continue;
    pledge.set_settled(true);
    pledge.set_paid(p.paid());
  }
  auto& from = role_state(s, *index.role_index(p.from()));
  if (p.paid()) {
    auto& to = role_state(s, *index.role_index(p.to()));
    to.set_budget(to.budget() + p.points());
    to.set_received(to.received() + p.points());
    from.set_paid(from.paid() + p.points());
  } else {
    from.set_budget(from.budget() + p.points());  // the reserved points come back
  }
}

void release(const ScenarioIndex& index, pb::SessionState& s, const pb::InjectReleased& r) {
  s.add_released_injects(r.inject_id());
  const auto* inj = index.inject(r.inject_id());
  if (inj == nullptr || !inj->has_crisis()) return;
  if (s.stage() == pb::STRESS_TEST) {
    s.add_crisis_queue(inj->id());
  } else {
    s.add_chosen_crises(inj->id());
  }
}

bool needs_actor(const pb::Event& e) {
  switch (e.kind_case()) {
    case pb::Event::kSeatClaimed:
    case pb::Event::kPledgeMade:
    case pb::Event::kTreatySigned:
    case pb::Event::kTreatyDeclined:
      return true;
    default:
      return false;
  }
}

const std::string kNoRoom, kNobody;  // a private message's room, a room message's recipient

void add_message(const ScenarioIndex& index, pb::SessionState& s, MessageLog& messages, const MessageLog* ahead,
                 const MessageLog::Fields& m) {
  messages.add(index, m, ahead);
  bump_id(s, kMessagePrefix);
}

}  // namespace

void apply_event(const ScenarioIndex& index, pb::SessionState& s, MessageLog& messages, const pb::Event& e,
                 const MessageLog* ahead) {
  s.set_now_ms(e.at_ms());
  s.set_events_applied(s.events_applied() + 1);
  int actor = actor_of(index, e);
  if (actor < 0 && needs_actor(e)) return;  // a damaged log entry: leave the state as it is
  switch (e.kind_case()) {
    case pb::Event::kSeatClaimed:
      role_state(s, actor).add_seats_claimed(e.seat());
      if (e.seat_claimed().by_bot()) role_state(s, actor).add_seats_claimed_by_bots(e.seat());
      if (e.seat_claimed().by_model()) role_state(s, actor).add_seats_claimed_by_models(e.seat());
      break;
    case pb::Event::kSeatReleased: {
      auto r = index.role_index(e.seat_released().role());
      if (!r) break;
      auto& rs = role_state(s, *r);
      auto drop = [&](google::protobuf::RepeatedField<std::uint32_t>* seats) {
        seats->erase(std::remove(seats->begin(), seats->end(), e.seat_released().seat()), seats->end());
      };
      drop(rs.mutable_seats_claimed());
      drop(rs.mutable_seats_claimed_by_bots());
      drop(rs.mutable_seats_claimed_by_models());
      break;
    }
    case pb::Event::kSessionStarted:
      s.set_status(pb::RUNNING);
      break;
    case pb::Event::kPhaseStarted:
      s.set_stage(pb::NEGOTIATION);
      s.set_round(e.phase_started().round());
      s.set_phase_index(e.phase_started().phase_index());
      s.set_phase(e.phase_started().phase());
      s.set_deadline_ms(e.phase_started().deadline_ms());
      break;
    case pb::Event::kSessionPaused:
      s.set_status(pb::PAUSED);
      s.set_remaining_ms(e.session_paused().remaining_ms());
      break;
    case pb::Event::kSessionResumed:
      s.set_status(pb::RUNNING);
      s.set_remaining_ms(0);
      s.set_deadline_ms(e.session_resumed().deadline_ms());
      break;
    case pb::Event::kPhaseExtended:
      s.set_deadline_ms(e.phase_extended().deadline_ms());
      break;
    case pb::Event::kTimeScaleSet:
      s.set_time_scale(e.time_scale_set().factor());
      if (s.status() == pb::RUNNING) s.set_deadline_ms(e.time_scale_set().deadline_ms());
      if (s.status() == pb::PAUSED) s.set_remaining_ms(e.time_scale_set().deadline_ms() - e.at_ms());
      break;
    case pb::Event::kSessionEnded:
      s.set_status(pb::ENDED);
      s.set_end_reason(e.session_ended().reason());
      if (e.session_ended().has_outcome()) *s.mutable_outcome() = e.session_ended().outcome();
      s.set_deadline_ms(0);
      break;
    case pb::Event::kInjectReleased:
      release(index, s, e.inject_released());
      break;
    case pb::Event::kProfileChanged: {
      auto& rs = role_state(s, *index.role_index(e.profile_changed().role()));
      for (const auto& effect : e.profile_changed().effects()) apply_effect(index, rs, effect);
      break;
    }
    case pb::Event::kMessageSent: {
      const auto& sent = e.message_sent();
      add_message(index, s, messages, ahead, {sent.message_id(), e.actor(), sent.to(), kNoRoom, sent.text()});
      break;
    }
    case pb::Event::kRoomCreated: {
      auto* room = s.add_rooms();
      room->set_room_id(e.room_created().room_id());
      room->set_name(e.room_created().name());
      *room->mutable_members() = e.room_created().members();
      bump_id(s, kRoomCounter);
      break;
    }
    case pb::Event::kRoomMessage: {
      const auto& posted = e.room_message();
      add_message(index, s, messages, ahead, {posted.message_id(), e.actor(), kNobody, posted.room_id(), posted.text()});
      break;
    }
    case pb::Event::kStatement:
      break;  // public record only: it lives in the log
    case pb::Event::kTextTabled: {
      const auto& t = e.text_tabled();
      auto* text = s.add_texts();
      text->set_text_id(t.text_id());
      text->set_parent_id(t.parent_id());
      text->set_author(e.actor());
      text->set_title(t.title());
      *text->mutable_options() = t.options();
      text->set_round(e.round());
      bump_id(s, kDraftPrefix);
      break;
    }
    case pb::Event::kTextWithdrawn:
      if (auto* t = find_text(s, e.text_withdrawn().text_id())) t->set_withdrawn(true);
      break;
    case pb::Event::kTextCosponsored:
      if (auto* t = find_text(s, e.text_cosponsored().text_id())) t->add_cosponsors(e.actor());
      break;
    case pb::Event::kVoteCast:
      if (auto* t = find_text(s, e.vote_cast().text_id())) (*t->mutable_votes())[e.actor()] = e.vote_cast().choice();
      break;
    case pb::Event::kVoteClosed:
      for (auto& t : *s.mutable_texts()) t.clear_votes();
      if (!e.vote_closed().adopted_text_id().empty()) {
        s.set_adopted_text_id(e.vote_closed().adopted_text_id());
        for (const auto& t : e.vote_closed().tallies()) {
          if (t.text_id() == s.adopted_text_id()) s.set_adopted_yes(t.yes());
        }
      }
      break;
    case pb::Event::kPledgeMade: {
      const auto& p = e.pledge_made();
      auto* pledge = s.add_pledges();
      pledge->set_pledge_id(p.pledge_id());
      pledge->set_from(e.actor());
      pledge->set_to(p.to());
      pledge->set_points(p.points());
      pledge->set_condition(p.condition());
      auto& rs = role_state(s, actor);
      rs.set_budget(rs.budget() - p.points());
      bump_id(s, kPledgePrefix);
      break;
    }
    case pb::Event::kTreatySigned:
      role_state(s, actor).set_signature(pb::SIGNED);
      role_state(s, actor).set_signed_red_line(e.treaty_signed().breaks_red_line());
      break;
    case pb::Event::kTreatyDeclined:
      role_state(s, actor).set_signature(pb::DECLINED);
      break;
    case pb::Event::kSignatureClosed:
      s.set_signature_closed(true);
      s.set_in_force(e.signature_closed().in_force());
      break;
    case pb::Event::kPledgeSettled:
      settle(index, s, e.pledge_settled());
      break;
    case pb::Event::kMessageLeaked:
      messages.mark_leaked(e.message_leaked().message_id());
      break;
    case pb::Event::kCrisisOpened:
      open_crisis(index, s, e.crisis_opened());
      break;
    case pb::Event::kCrisisResponse:
      (*s.mutable_crisis()->mutable_responses())[e.actor()] = e.crisis_response().response();
      break;
    case pb::Event::kCrisisVote:
      (*s.mutable_crisis()->mutable_votes())[e.actor()] = e.crisis_vote().yes();
      break;
    case pb::Event::kCrisisResolved:
      resolve_crisis(index, s, e.crisis_resolved());
      break;
    case pb::Event::kNoteRecorded:
    case pb::Event::kObjectiveRated:
      break;  // the white cell's log: it lives in the event record
    case pb::Event::kRuling:
      bump_id(s, kRulingPrefix);
      break;
    case pb::Event::KIND_NOT_SET:
      break;
  }
}

}  // namespace parley::engine
