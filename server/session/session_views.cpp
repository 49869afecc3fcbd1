#include "session/session_views.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "engine/desk.hpp"
#include "engine/state_access.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace {

// Whole factors print as integers ("60", not "6E1").
boost::json::value time_scale_json(double factor) {
  if (factor <= 0) factor = 1;
  if (factor == static_cast<double>(static_cast<std::int64_t>(factor))) return static_cast<std::int64_t>(factor);
  return factor;
}

// The delegations the current phase still waits on: a vote on a live text, a signature.
boost::json::object awaiting(const HostView& v) {
  const auto& s = v.stored;
  boost::json::array votes, signatures;
  for (int r : v.index.delegations()) {
    auto desk = engine::role_desk(v.index, s, r, 0);
    auto open = [&desk](const char* action) {
      return std::any_of(desk.actions().begin(), desk.actions().end(), [action](const pb::ActionGate& g) { return g.action() == action && g.open(); });
    };
    const auto& id = v.index.role(r).id();
    bool unvoted = std::any_of(s.texts().begin(), s.texts().end(), [&id](const pb::TreatyText& t) { return !t.withdrawn() && !t.votes().contains(id); });
    if (open("vote") && unvoted) votes.push_back(boost::json::value(id));
    if (open("sign") && s.roles(r).signature() == pb::UNDECIDED) signatures.push_back(boost::json::value(id));
  }
  return boost::json::object{{"votes", votes}, {"signatures", signatures}};
}

boost::json::array seats_json(const HostView& v) {
  boost::json::array seats;
  for (const auto& rs : v.stored.roles()) {
    boost::json::array taken, by_bots, by_models, connected;
    for (auto seat : rs.seats_claimed()) taken.push_back(seat);
    for (auto seat : rs.seats_claimed_by_bots()) by_bots.push_back(seat);
    for (auto seat : rs.seats_claimed_by_models()) by_models.push_back(seat);
    for (const auto& [id, sub] : v.connected) {
      if (sub.role == rs.role()) {
        connected.push_back(boost::json::object{{"seat", sub.seat}, {"client", sub.client}, {"name", sub.display_name}});
      }
    }
    seats.push_back(boost::json::object{{"role", rs.role()}, {"taken", taken}, {"taken_by_bots", by_bots}, {"taken_by_models", by_models},
                                        {"connected", connected}});
  }
  return seats;
}

// Whether a person (not a bot) has claimed the role's head seat, here or in the session it was forked from.
bool human_seat(const HostView& v, int role) {
  const auto& rs = v.accepted.roles(role);
  bool claimed = std::find(rs.seats_claimed().begin(), rs.seats_claimed().end(), 0u) != rs.seats_claimed().end();
  bool by_bot = std::find(rs.seats_claimed_by_bots().begin(), rs.seats_claimed_by_bots().end(), 0u) != rs.seats_claimed_by_bots().end();
  return claimed && !by_bot;
}

}  // namespace

std::string session_status_json(const HostView& v) {
  const auto& s = v.stored;
  boost::json::object out{{"session_id", v.id},
                          {"title", v.title},
                          {"scenario", v.index.scenario().id()},
                          {"state", engine::status_name(s.status())},
                          {"stage", s.stage() == pb::STRESS_TEST ? "stress-test" : "negotiation"},
                          {"round", s.round()},
                          {"phase", s.phase()},
                          {"deadline_ms", s.deadline_ms()},
                          {"time_scale", time_scale_json(s.time_scale())},
                          {"last_seq", v.last_seq},
                          {"connections", v.connected.size()},
                          {"seats", seats_json(v)},
                          {"awaiting", awaiting(v)}};
  if (!v.forked_from.empty()) {
    out["forked_from"] = v.forked_from;
    out["forked_at"] = v.forked_at;
  }
  return boost::json::serialize(out);
}

// Nobody connected, and no person ever claimed it: a fork inherits its parent's claims
// but none of its players, and a human's seat waits for that human, in a fork too.
BotSeats bot_seats(const HostView& v) {
  BotSeats seats;
  seats.ended = v.ended;
  for (int r = 0; r < v.index.role_count(); ++r) {
    auto kind = v.index.role(r).kind();
    if (kind != pb::DELEGATION && kind != pb::OUTSIDE_POWER) continue;
    const auto& id = v.index.role(r).id();
    bool here = std::any_of(v.connected.begin(), v.connected.end(),
                            [r](const auto& entry) { return entry.second.role_index == r && entry.second.seat == 0; });
    if (human_seat(v, r)) seats.humans.push_back(id);
    else if (!here) seats.free.push_back(id);
  }
  return seats;
}

}  // namespace parley::app
