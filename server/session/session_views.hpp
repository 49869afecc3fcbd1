#pragma once
// Read-only views of a live session, made from what SessionHost::inspect
// shows: the facilitator's status JSON and the seats bots may take.

#include <string>
#include <vector>

#include "session/host_view.hpp"

namespace parley::app {

// A JSON object describing the session, for the facilitator's status call.
std::string session_status_json(const HostView& v);

// Where bots may sit: delegations and outside powers with nobody connected on their head seat
// and no person ever seated there (`free`), and those whose head seat a person claimed (`humans`).
struct BotSeats {
  std::vector<std::string> free;
  std::vector<std::string> humans;
  bool ended = false;  // nothing left to play
};
BotSeats bot_seats(const HostView& v);

}  // namespace parley::app
