// Sections that read the record as it happened: outcome, participants,
// timeline, roll calls, pledges, the stress test, who saw what, messages.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "engine/outcome_category.hpp"
#include "engine/roll_call.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "review/event_format.hpp"
#include "review/review_sections.hpp"

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

bool is_message(const pb::Event& e) { return e.has_message_sent() || e.has_room_message(); }

json::array names(const ReviewContext& ctx, const google::protobuf::RepeatedPtrField<std::string>& ids) {
  json::array out;
  for (const auto& id : ids) out.push_back(json::value(ctx.name(id)));
  return out;
}

// Why a delegation bound by the text did not sign, in terms of its own profile.
std::string non_signer_reason(const ReviewContext& ctx, int r, const engine::Text& text, bool declined) {
  const auto& p = ctx.trace.signing_profiles()[r];
  if (!p) return "";
  std::vector<std::string> crossed;
  for (int i = 0; i < ctx.index().issue_count(); ++i) {
    if (text[i] >= 0 && p->red[i][text[i]]) crossed.push_back(ctx.index().option(i, text[i]).id() + " " + ctx.index().option(i, text[i]).label());
  }
  double u = engine::utility(*p, text);
  if (!crossed.empty()) return "the text crosses its red line (" + name_list(crossed) + ")";
  if (u < p->batna - 1e-9) return "the text was worth " + number(u) + " to it, below its BATNA of " + number(p->batna);
  return "its instructions would have accepted the text (" + number(u) + " against a BATNA of " + number(p->batna) + "); " +
         (declined ? "it chose to walk away"
                   : ctx.trace.state().signature_closed() ? "it had not signed when signatures closed"
                                                          : "the session ended before signatures closed");
}

std::string signature_reason(const ReviewTrace& trace) {
  for (const auto& r : trace.record().events) {
    if (r.event.has_signature_closed()) return r.event.signature_closed().reason();
  }
  return "";
}

// Why nothing was adopted: the reasons of the last vote's tallies.
json::array no_adoption_reasons(const ReviewContext& ctx) {
  json::array out;
  const auto& events = ctx.trace.record().events;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (!it->event.has_vote_closed()) continue;
    for (const auto& t : it->event.vote_closed().tallies()) {
      std::vector<std::string> objectors;
      for (const auto& id : t.no_roles()) objectors.push_back(ctx.name(id));
      out.push_back(json::value(t.text_id() + " " + t.reason() + (objectors.empty() ? "" : " (" + name_list(objectors) + ")")));
    }
    break;
  }
  return out;
}

// The adopted text's option id on an issue ("T2"), or "" when none.
std::string adopted_option(const ReviewContext& ctx, const std::string& issue_id) {
  const auto* adopted = engine::find_text(ctx.trace.state(), ctx.trace.state().adopted_text_id());
  if (!adopted) return "";
  auto it = adopted->options().find(issue_id);
  return it == adopted->options().end() ? "" : it->second;
}

// "Cost sharing (F2 Voluntary)": the issue and the adopted option that decided a crisis.
std::string deciding_clause(const ReviewContext& ctx, const std::string& issue_id) {
  const auto& index = ctx.index();
  const auto* adopted = engine::find_text(ctx.trace.state(), ctx.trace.state().adopted_text_id());
  for (int i = 0; i < index.issue_count(); ++i) {
    if (index.issue(i).id() != issue_id) continue;
    if (!adopted) return index.issue(i).name();
    auto text = engine::to_text(index, adopted->options());
    if (text[i] < 0) return index.issue(i).name();
    return index.issue(i).name() + " (" + index.option(i, text[i]).id() + " " + index.option(i, text[i]).label() + ")";
  }
  return issue_id;
}

}  // namespace

json::object outcome_section(const ReviewContext& ctx) {
  const auto& s = ctx.trace.state();
  const auto& index = ctx.index();
  const auto* adopted = engine::find_text(s, s.adopted_text_id());
  json::array signatories, non_signers, not_members, red_lines;
  for (int r : engine::signatories(index, s)) {
    signatories.push_back(json::value(index.role(r).id()));
    if (ctx.sees_profile(r) && s.roles(r).signed_red_line()) red_lines.push_back(json::value(index.role(r).id()));
  }
  json::object out{{"adopted_text", nullptr}, {"in_force", s.in_force()}, {"signatories", signatories}, {"category", nullptr}};
  // The scenario's named outcome, once the session is over.
  auto named = s.status() == pb::ENDED ? engine::reached_outcome(index, s) : std::nullopt;
  if (named) out["category"] = json::object{{"id", named->id()}, {"name", named->name()}, {"description", named->description()}};
  if (adopted) {
    auto text = engine::to_text(index, adopted->options());
    auto tx = text_json(index, adopted->text_id(), text);
    tx["title"] = adopted->title();
    tx["author"] = adopted->author();
    out["adopted_text"] = tx;
    auto eligible = index.eligible(text);
    for (int r : index.delegations()) {
      if (std::find(eligible.begin(), eligible.end(), r) == eligible.end()) {
        not_members.push_back(json::value(index.role(r).id()));
        continue;
      }
      const auto& status = s.roles(r).signature();
      if (status == pb::SIGNED) continue;
      json::object item{{"role", index.role(r).id()}, {"name", ctx.name(r)},
                        {"action", status == pb::DECLINED ? "declined to sign" : "did not sign"}};
      if (ctx.sees_profile(r)) item["reason"] = non_signer_reason(ctx, r, text, status == pb::DECLINED);
      non_signers.push_back(std::move(item));
    }
  } else {
    out["no_text_reasons"] = no_adoption_reasons(ctx);
  }
  out["non_signers"] = non_signers;
  out["not_members"] = not_members;
  out["red_lines_crossed"] = red_lines;
  out["signature_reason"] = signature_reason(ctx.trace);
  out["adoption_rule"] = engine::describe_rule(index.scenario().structure().adoption());
  return out;
}

json::object participant_counts(const json::array& participants) {
  std::int64_t humans = 0, bots = 0, observers = 0, white = 0;
  for (const auto& p : participants) {
    const auto& o = p.as_object();
    std::string kind = plain(o.at("kind"));
    for (const auto& s : o.at("seats").as_array()) {
      const auto* player = s.as_object().if_contains("player");
      bool bot = player && plain(*player) == "bot";
      if (kind == "WHITE_CELL") ++white;
      else if (kind == "OBSERVER") ++observers;
      else if (bot) ++bots;
      else if (player) ++humans;
    }
  }
  return json::object{{"humans", humans}, {"bots", bots}, {"observers", observers}, {"white_cell", white}};
}

json::array participants_section(const ReviewContext& ctx) {
  const auto& index = ctx.index();
  std::map<std::pair<std::string, std::uint32_t>, bool> claimed;
  for (const auto& r : ctx.trace.record().events) {
    if (r.event.has_seat_claimed()) claimed[{r.event.actor(), r.event.seat()}] = true;
  }
  std::int64_t end = ctx.trace.end_ms();
  json::array out;
  for (int r = 0; r < index.role_count(); ++r) {
    const auto& id = index.role(r).id();
    std::map<std::uint32_t, json::object> seats;
    for (const auto& [key, yes] : claimed) {
      if (key.first == id) seats[key.second] = json::object{{"seat", key.second}, {"claimed", true}};
    }
    if (ctx.white()) {
      for (const auto& p : ctx.trace.record().presence) {
        if (p.role != id) continue;
        auto& seat = seats[p.seat];
        if (!seat.contains("seat")) seat = json::object{{"seat", p.seat}, {"claimed", claimed.count({id, p.seat}) > 0}};
        bool bot = p.client.rfind("bot", 0) == 0;
        std::int64_t until = p.disconnected_ms > 0 ? p.disconnected_ms : std::max(end, p.connected_ms);
        std::int64_t ms = (seat.contains("connected_ms") ? seat["connected_ms"].to_number<std::int64_t>() : 0) + std::max<std::int64_t>(0, until - p.connected_ms);
        seat["connected_ms"] = ms;
        seat["connections"] = (seat.contains("connections") ? seat["connections"].to_number<std::int64_t>() : 0) + 1;
        seat["player"] = bot ? "bot" : "human";
        if (bot) seat["strategy"] = p.client.size() > 4 ? p.client.substr(4) : "default";
        seat["client"] = p.client;
        if (!p.display_name.empty()) {
          auto names = seat.contains("people") ? seat["people"].as_array() : json::array{};
          if (std::find(names.begin(), names.end(), json::value(p.display_name)) == names.end()) names.push_back(json::value(p.display_name));
          seat["people"] = names;
        }
      }
    }
    if (ctx.white()) {
      for (const auto& p : ctx.trace.record().roster) {
        if (p.role != id) continue;
        auto& seat = seats[p.seat];
        if (!seat.contains("seat")) seat = json::object{{"seat", p.seat}, {"claimed", claimed.count({id, p.seat}) > 0}};
        seat["roster_name"] = p.name;
      }
    }
    json::array list;
    for (auto& [n, seat] : seats) list.push_back(std::move(seat));
    out.push_back(json::object{{"role", id}, {"name", ctx.name(r)}, {"kind", pb::RoleKind_Name(index.role(r).kind())}, {"seats", list}});
  }
  return out;
}

json::object timeline_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  json::array phases, marks, rounds;
  for (const auto& p : ctx.trace.phases()) {
    phases.push_back(json::object{{"round", p.round}, {"phase", p.phase}, {"start_ms", p.start_ms}, {"end_ms", p.end_ms}});
  }
  int current = -1;
  json::array* items = nullptr;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!ctx.sees_event(i)) continue;
    const auto& r = events[i];
    auto e = engine::view_event(ctx.index(), r.event, ctx.viewer);
    const char* kind = e.has_inject_released() ? "inject" : e.has_crisis_opened() ? "crisis" : e.has_text_tabled() ? "draft"
                     : e.has_vote_closed() ? "vote" : e.has_signature_closed() ? "signature" : e.has_ruling() ? "ruling"
                     : e.has_session_paused() ? "pause" : nullptr;
    if (kind) marks.push_back(json::object{{"at_ms", r.at_ms}, {"seq", r.seq}, {"kind", kind}, {"round", e.round()}, {"label", describe(e)}});
    if (e.round() != current) {
      current = e.round();
      rounds.push_back(json::object{{"round", current}, {"events", json::array{}}});
      items = &rounds.back().as_object()["events"].as_array();
    }
    bool hide = is_message(e) && !ctx.with_messages;
    items->push_back(json::object{{"seq", r.seq}, {"at_ms", r.at_ms}, {"time", clock_time(r.at_ms)}, {"phase", e.phase()},
                                  {"actor", e.actor()}, {"type", engine::event_kind(e)}, {"message", is_message(e)}, {"hidden", hide},
                                  {"what", hide ? e.actor() + " sent a private message" : describe(e)}});
  }
  return json::object{{"start_ms", ctx.trace.start_ms()}, {"end_ms", ctx.trace.end_ms()}, {"phases", phases}, {"marks", marks}, {"rounds", rounds}};
}

json::array roll_call_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  json::array out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if (!e.has_vote_closed() || !ctx.sees_event(i)) continue;
    for (const auto& t : e.vote_closed().tallies()) {
      out.push_back(json::object{{"seq", events[i].seq}, {"round", e.round()}, {"text", t.text_id()},
                                 {"yes", names(ctx, t.yes_roles())}, {"no", names(ctx, t.no_roles())},
                                 {"abstain", names(ctx, t.abstain_roles())}, {"not_voted", names(ctx, t.not_voted())},
                                 {"voters", t.voters()}, {"passed", t.passed()},
                                 {"adopted", t.text_id() == e.vote_closed().adopted_text_id()}, {"reason", t.reason()}});
    }
  }
  return out;
}

json::array standing_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  json::array out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if (!e.has_vote_closed() || !ctx.sees_event(i)) continue;
    const auto& v = e.vote_closed();
    out.push_back(json::object{{"round", e.round()}, {"seq", events[i].seq}, {"time", clock_time(events[i].at_ms)},
                               {"at_ms", events[i].at_ms}, {"standing", v.standing_text_id()}, {"adopted", v.adopted_text_id()},
                               {"texts_voted", v.tallies_size()}, {"outcome", v.outcome()}});
  }
  return out;
}

json::array leak_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  json::array out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if (!e.has_message_leaked() || !ctx.sees_event(i)) continue;
    const auto& l = e.message_leaked();
    std::string between = ctx.name(l.from()) + " → " + (l.room_id().empty() ? ctx.name(l.to()) : "room " + l.room_id());
    out.push_back(json::object{{"round", e.round()}, {"seq", events[i].seq}, {"time", clock_time(events[i].at_ms)},
                               {"message", l.message_id()}, {"from", l.from()}, {"to", l.to()}, {"room", l.room_id()},
                               {"between", between}, {"text", l.text()}});
  }
  return out;
}

json::array pledge_section(const ReviewContext& ctx) {
  auto view = engine::view_state(ctx.index(), ctx.trace.state(), ctx.trace.messages(), ctx.viewer);
  json::array out;
  for (const auto& p : view.pledges()) {
    out.push_back(json::object{{"id", p.pledge_id()}, {"from", p.from()}, {"to", p.to()}, {"points", p.points()},
                               {"condition", p.condition() == pb::IF_SIGNS ? "if it signs" : "if it does not sign"},
                               {"status", !p.settled() ? "open" : p.paid() ? "paid" : "lapsed"}});
  }
  return out;
}

json::array stress_test_section(const ReviewContext& ctx) {
  std::map<std::string, pb::CrisisOpened> opened;
  for (const auto& r : ctx.trace.record().events) {
    if (r.event.has_crisis_opened()) opened[r.event.crisis_opened().inject_id()] = r.event.crisis_opened();
  }
  json::array out;
  for (const auto& c : ctx.trace.state().crisis_outcomes()) {
    const auto& o = opened[c.inject_id()];
    json::array members;
    for (const auto& m : c.members()) {
      std::string status = m.exempt() ? "exempt" : m.opted_out() ? "opted out" : m.committed() ? "committed"
                         : m.defected() ? "defected" : "not obliged";
      members.push_back(json::object{{"role", m.role()}, {"name", ctx.name(m.role())}, {"status", status}, {"obliged", m.obliged()},
                                     {"cost", m.cost()}, {"penalty", m.penalty()}});
    }
    std::string decided_by = deciding_clause(ctx, c.deciding_issue());
    std::string clause = adopted_option(ctx, c.deciding_issue());
    json::array reasons;
    std::string deciding_reason;
    for (const auto& reason : c.reasons()) {
      reasons.push_back(json::value(reason));
      if (deciding_reason.empty() && !clause.empty() && reason.find(clause) != std::string::npos) deciding_reason = reason;
    }
    if (deciding_reason.empty() && c.reasons_size() > 0) deciding_reason = c.reasons(0);
    out.push_back(json::object{{"crisis", c.inject_id()}, {"title", o.title()}, {"category", o.category()}, {"victim", o.victim()},
                               {"attacker", o.attacker()}, {"trigger", o.procedure()}, {"in_scope", c.in_scope()},
                               {"obligation", c.obligation()}, {"command", c.lead().empty() ? "national command" : "led by " + ctx.name(c.lead())},
                               {"cost", c.cost()}, {"offered", c.offered()}, {"funded", c.funded()}, {"strength", c.strength()},
                               {"required_strength", c.required_strength()}, {"deterrence_multiplier", c.deterrence_multiplier()},
                               {"outcome", c.outcome()}, {"held", c.held()}, {"decided_by", decided_by},
                               {"decided_kind", c.deciding_kind()}, {"deciding_reason", deciding_reason}, {"reasons", reasons}, {"members", members}});
  }
  return out;
}

json::array who_saw_what_section(const ReviewContext& ctx) {
  const auto& index = ctx.index();
  const auto& events = ctx.trace.record().events;
  const auto& s = ctx.trace.state();
  json::array out;
  for (int r = 0; r < index.role_count(); ++r) {
    if (r == index.white_cell() || (!ctx.white() && r != ctx.viewer)) continue;
    const auto& id = index.role(r).id();
    std::map<std::string, int> pairs;
    json::array injects, rulings;
    int seen = 0, leaks = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (!ctx.trace.saw(i, r)) continue;
      ++seen;
      const auto& e = events[i].event;
      if (e.has_message_sent() && (e.actor() == id || e.message_sent().to() == id)) ++pairs[e.actor() == id ? e.message_sent().to() : e.actor()];
      if (e.has_message_leaked()) ++leaks;
      if (e.has_inject_released()) {
        injects.push_back(json::object{{"id", e.inject_released().inject_id()}, {"title", e.inject_released().title()},
                                       {"round", e.round()}, {"restricted", e.inject_released().audience_size() > 0}});
      }
      if (e.has_ruling()) rulings.push_back(json::object{{"id", e.ruling().ruling_id()}, {"restricted", e.ruling().audience_size() > 0}});
    }
    json::array channels, rooms;
    for (const auto& [with, n] : pairs) channels.push_back(json::object{{"with", with}, {"name", ctx.name(with)}, {"messages", n}});
    for (const auto& room : s.rooms()) {
      if (std::find(room.members().begin(), room.members().end(), id) == room.members().end()) continue;
      std::size_t posted = 0;
      for (std::size_t i = 0; i < ctx.trace.messages().size(); ++i) posted += ctx.trace.messages().header(i).room_id == room.room_id();
      rooms.push_back(json::object{{"room", room.room_id()}, {"name", room.name()}, {"members", names(ctx, room.members())}, {"messages", posted}});
    }
    json::object item{{"role", id},          {"name", ctx.name(r)}, {"events_seen", seen}, {"private_channels", channels},
                      {"rooms", rooms},      {"injects", injects},  {"rulings", rulings},  {"leaks_seen", leaks}};
    if (ctx.white()) item["events_total"] = events.size();
    out.push_back(std::move(item));
  }
  return out;
}

json::object messages_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  std::map<std::string, int> pairs;
  json::array texts;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if (!is_message(e) || !ctx.sees_event(i)) continue;
    ++pairs[e.actor() + " -> " + (e.has_message_sent() ? e.message_sent().to() : "room " + e.room_message().room_id())];
    if (ctx.with_messages) texts.push_back(json::object{{"seq", events[i].seq}, {"what", describe(e)}});
  }
  json::object per_pair;
  for (const auto& [pair, n] : pairs) per_pair[pair] = n;
  json::object out{{"per_pair", per_pair}};
  if (ctx.with_messages) out["texts"] = texts;
  return out;
}

}  // namespace parley::review
