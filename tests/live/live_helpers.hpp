#pragma once
// Small helpers shared by the live-server tests.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "support/player.hpp"

namespace parley::test {

// Polls a condition that depends on another process (the database coming
// back), a bounded number of times.
inline bool eventually(const std::function<bool()>& condition, int attempts = 300) {
  for (int i = 0; i < attempts; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

inline pb::Command cmd(const std::function<void(pb::Command&)>& fill) {
  pb::Command c;
  fill(c);
  return c;
}

inline pb::Command message_to(const std::string& to, const std::string& text) {
  return cmd([&](pb::Command& c) {
    c.mutable_send_message()->set_to(to);
    c.mutable_send_message()->set_text(text);
  });
}

inline void require_ack(const pb::ServerEnvelope& answer) { REQUIRE_MESSAGE(answer.has_ack(), answer.ShortDebugString()); }

inline void require_rule(const pb::ServerEnvelope& answer, pb::RejectionCode code) {
  REQUIRE_MESSAGE(answer.has_rejection(), answer.ShortDebugString());
  CHECK(pb::RejectionCode_Name(answer.rejection().rule()) == pb::RejectionCode_Name(code));
  CHECK_FALSE(answer.rejection().message().empty());
}

// The white cell advances until the phase is current.
inline void advance_to(Player& white, int round, const std::string& phase) {
  for (int i = 0; i < 40; ++i) {
    int r = 0;
    std::string p;
    for (const auto& [seq, e] : white.events()) {
      if (e.has_phase_started()) {
        r = e.phase_started().round();
        p = e.phase_started().phase();
      }
    }
    if (r == round && p == phase) return;
    auto answer = white.command(cmd([](pb::Command& c) { c.mutable_advance(); }));
    require_ack(answer);
    white.wait_for_seq(answer.ack().seq());  // the ack comes before the broadcast
  }
  FAIL("never reached " << round << "/" << phase);
}

}  // namespace parley::test
