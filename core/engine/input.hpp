#pragma once
// One input to the engine: who acts, when, and what they ask for. Time is
// always given, never read: the engine owns no clock.

#include <cstdint>
#include <string>

#include "parley/v1/engine.pb.h"

namespace parley::engine {

struct Input {
  std::int64_t at_ms = 0;   // milliseconds since the Unix epoch
  std::string role;         // empty for the server's clock (ticks)
  std::uint32_t seat = 0;   // 0 is the head of delegation
  parley::v1::Command command;
};

}  // namespace parley::engine
