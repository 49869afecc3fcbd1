#pragma once
// A live session as its read-only views see it (the facilitator's status
// call, the drafts' analysis, the seats bots may take): valid only during
// SessionHost::inspect's callback, on the session's strand.

#include <cstdint>
#include <map>
#include <string>

#include "session/subscriber.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::app {

struct HostView {
  const std::string& id;
  const std::string& title;
  const std::string& forked_from;  // empty: not a fork
  std::uint64_t forked_at;
  const engine::ScenarioIndex& index;
  const parley::v1::SessionState& stored;    // as committed (without messages)
  const parley::v1::SessionState& accepted;  // with the commands accepted but not yet stored
  std::uint64_t last_seq;
  const std::map<std::uint64_t, Subscriber>& connected;  // by client id
  bool ended;
};

}  // namespace parley::app
