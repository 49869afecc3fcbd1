#pragma once
// Small helpers shared by the live-server tests.

#include <doctest/doctest.h>

#include <functional>

#include "support/player.hpp"

namespace parley::test {

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

}  // namespace parley::test
