#pragma once
// One event as a sentence a participant can read ("PAK to KSA (private):
// ..."), for replays and the live terminal client.

#include <string>

#include "parley/v1/engine.pb.h"

namespace parley::review {

std::string describe(const parley::v1::Event& event);
// "14:05:09" (UTC) for an event time in milliseconds since the epoch.
std::string clock_time(std::int64_t at_ms);
// "yes", "no", "abstain".
std::string vote_name(parley::v1::VoteChoice choice);
// A text's options in issue order, "M2 C1 ...".
std::string options_of(const google::protobuf::Map<std::string, std::string>& options);

}  // namespace parley::review
