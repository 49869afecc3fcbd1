#pragma once
// An event the database has committed, with its place in the session's log.

#include <cstdint>

#include "parley/v1/engine.pb.h"

namespace parley::app {

struct CommittedEvent {
  std::uint64_t seq;
  parley::v1::Event event;
};

}  // namespace parley::app
