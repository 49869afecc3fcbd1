#include "engine/visibility.hpp"

#include <algorithm>

#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

bool in_list(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

bool room_member(const pb::SessionState& s, const std::string& room_id, const std::string& role) {
  const auto* room = find_room(s, room_id);
  return room != nullptr && in_list(room->members(), role);
}

bool message_visible(const MessageLog::Header& m, const pb::SessionState& s, int role, const std::string& id) {
  if (m.leaked) return true;
  if (role < 0) return false;
  if (m.from == role || m.to == role) return true;
  return !m.room_id.empty() && room_member(s, m.room_id, id);
}

}  // namespace

bool is_public(const pb::Event& e) {
  switch (e.kind_case()) {
    case pb::Event::kSeatReleased: return true;
    case pb::Event::kInjectReleased: return e.inject_released().audience().empty();
    case pb::Event::kProfileChanged:
    case pb::Event::kMessageSent:
    case pb::Event::kRoomCreated:
    case pb::Event::kRoomMessage:
    case pb::Event::kPledgeMade:
    case pb::Event::kPledgeSettled:
    case pb::Event::kCrisisResponse:
    case pb::Event::kCrisisVote:
    case pb::Event::kNoteRecorded:
    case pb::Event::kObjectiveRated:
      return false;
    case pb::Event::kRuling:
      return e.ruling().audience().empty();
    // The public record. No default: a new event kind must be decided here.
    case pb::Event::kSeatClaimed:
    case pb::Event::kSessionStarted:
    case pb::Event::kPhaseStarted:
    case pb::Event::kSessionPaused:
    case pb::Event::kSessionResumed:
    case pb::Event::kPhaseExtended:
    case pb::Event::kTimeScaleSet:
    case pb::Event::kSessionEnded:
    case pb::Event::kStatement:
    case pb::Event::kTextTabled:
    case pb::Event::kTextWithdrawn:
    case pb::Event::kTextCosponsored:
    case pb::Event::kVoteCast:
    case pb::Event::kVoteClosed:
    case pb::Event::kTreatySigned:
    case pb::Event::kTreatyDeclined:
    case pb::Event::kSignatureClosed:
    case pb::Event::kMessageLeaked:
    case pb::Event::kCrisisOpened:
    case pb::Event::kCrisisResolved:
      return true;
    case pb::Event::KIND_NOT_SET:
      return false;
  }
  return false;
}

bool visible_to(const ScenarioIndex& index, const pb::SessionState& s, const pb::Event& e, int role) {
  if (role < 0 || role >= index.role_count()) return false;
  if (index.role(role).kind() == pb::WHITE_CELL || is_public(e)) return true;
  const std::string& id = index.role(role).id();
  bool actor = e.actor() == id;
  switch (e.kind_case()) {
    case pb::Event::kInjectReleased: return in_list(e.inject_released().audience(), id);
    case pb::Event::kProfileChanged: return e.profile_changed().role() == id;
    case pb::Event::kMessageSent: return actor || e.message_sent().to() == id;
    case pb::Event::kRoomCreated: return in_list(e.room_created().members(), id);
    case pb::Event::kRoomMessage: return room_member(s, e.room_message().room_id(), id);
    case pb::Event::kPledgeMade: return actor || e.pledge_made().to() == id;
    case pb::Event::kPledgeSettled: return e.pledge_settled().from() == id || e.pledge_settled().to() == id;
    case pb::Event::kCrisisResponse:
    case pb::Event::kCrisisVote:
      return actor;
    case pb::Event::kRuling:
      return in_list(e.ruling().audience(), id);
    // is_public (which names every kind) has already answered for the public
    // record; any other kind is the white cell's alone.
    default:
      return false;
  }
}

bool has_private_detail(const pb::Event& e) { return e.has_treaty_signed() && e.treaty_signed().breaks_red_line(); }

pb::Event view_event(const ScenarioIndex& index, const pb::Event& e, int role) {
  if (!has_private_detail(e) || role < 0 || role >= index.role_count()) return e;
  if (index.role(role).kind() == pb::WHITE_CELL || index.role(role).id() == e.actor()) return e;
  pb::Event v = e;
  v.mutable_treaty_signed()->clear_breaks_red_line();
  return v;
}

pb::SessionState view_state(const ScenarioIndex& index, const pb::SessionState& s, const MessageLog& messages,
                            int role) {
  bool white = role >= 0 && role < index.role_count() && index.role(role).kind() == pb::WHITE_CELL;
  pb::SessionState v = s;
  v.clear_messages();
  const std::string id = role >= 0 && role < index.role_count() ? index.role(role).id() : "";
  messages.write_to(index, *v.mutable_messages(),
                    [&](const MessageLog::Header& m) { return white || message_visible(m, s, role, id); });
  if (white) return v;
  for (auto& rs : *v.mutable_roles()) {
    if (rs.role() == id) continue;
    rs.clear_weights();
    rs.clear_scores();
    rs.clear_batna();
    rs.clear_budget();
    rs.clear_received();
    rs.clear_paid();
    rs.clear_signed_red_line();
  }
  v.clear_rooms();
  for (const auto& r : s.rooms()) {
    if (in_list(r.members(), id)) *v.add_rooms() = r;
  }
  v.clear_pledges();
  for (const auto& p : s.pledges()) {
    if (p.from() == id || p.to() == id) *v.add_pledges() = p;
  }
  v.clear_released_injects();
  for (const auto& inj_id : s.released_injects()) {
    const auto* inj = index.inject(inj_id);
    if (inj && !inj->has_crisis() && (inj->audience().empty() || in_list(inj->audience(), id))) v.add_released_injects(inj_id);
  }
  v.clear_chosen_crises();
  v.clear_crisis_queue();
  auto* crisis = v.mutable_crisis();
  crisis->clear_responses();
  crisis->clear_votes();
  if (auto it = s.crisis().responses().find(id); it != s.crisis().responses().end()) (*crisis->mutable_responses())[id] = it->second;
  if (auto it = s.crisis().votes().find(id); it != s.crisis().votes().end()) (*crisis->mutable_votes())[id] = it->second;
  return v;
}

pb::SessionState view_state(const ScenarioIndex& index, pb::SessionState state, int role) {
  MessageLog messages;
  messages.take_from(index, state);
  return view_state(index, state, messages, role);
}

pb::Scenario view_scenario(const ScenarioIndex& index, int role) {
  if (role >= 0 && role < index.role_count() && index.role(role).kind() == pb::WHITE_CELL) return index.scenario();
  pb::Scenario v = index.scenario();
  v.clear_injects();
  for (int r = 0; r < v.roles_size(); ++r) {
    if (r == role) continue;
    v.mutable_roles(r)->clear_private_brief();
    v.mutable_roles(r)->clear_profile();
  }
  return v;
}

}  // namespace parley::engine
