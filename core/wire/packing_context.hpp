#pragma once
// What the next event in a connection's binary batches is packed against
// (EventPacking): the header of the last event the connection was sent, kept
// alike by the server that writes and the client that reads. Every connection
// and every EventPage starts fresh, so its first event goes unpacked.

#include <cstdint>
#include <string>

#include "parley/v1/engine.pb.h"

namespace parley::wire {

struct PackingContext {
  bool started = false;  // an event came before
  std::uint64_t seq = 0;
  std::int64_t at_ms = 0;
  std::int32_t round = 0;
  std::string phase;
  std::string actor;
  std::uint32_t seat = 0;

  // The event at `at_seq` is now the last one.
  void follow(std::uint64_t at_seq, const parley::v1::Event& e) {
    *this = {true, at_seq, e.at_ms(), e.round(), e.phase(), e.actor(), e.seat()};
  }
};

}  // namespace parley::wire
