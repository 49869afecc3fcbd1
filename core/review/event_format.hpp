#pragma once
// One event as a sentence a participant can read ("PAK to KSA (private):
// ..."), for replays and the live terminal client.

#include <string>

#include "parley/v1/engine.pb.h"

namespace parley::review {

std::string describe(const parley::v1::Event& event);
// "14:05:09" (UTC) for an event time in milliseconds since the epoch.
std::string clock_time(std::int64_t at_ms);

}  // namespace parley::review
