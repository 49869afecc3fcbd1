#pragma once
// What a rule sees while deciding one input: the scenario, the state, the
// input and its actor. A rule validates first and emits second; emit()
// applies each event to the state at once, so later events in the same
// decision see the effect of earlier ones, exactly as a replay would.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/input.hpp"
#include "engine/message_log.hpp"
#include "engine/rejection.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

class Context {
 public:
  Context(const ScenarioIndex& index, parley::v1::SessionState& state, MessageLog& messages, const Input& input,
          std::vector<parley::v1::Event>& out);

  const ScenarioIndex& index;
  parley::v1::SessionState& state;
  MessageLog& messages;  // the state's messages (not in the proto while a session runs)
  const Input& input;
  const int actor;  // role index; -1 for the clock

  // An event stamped with the time, round, phase, actor and seat.
  parley::v1::Event event() const;
  // The same, attributed to nobody (phase changes, tallies, settlements).
  parley::v1::Event clock_event() const;
  void emit(parley::v1::Event event);

  // A scenario duration in milliseconds under the session's time scale.
  std::int64_t scaled_ms(std::uint32_t seconds) const;
  const std::string& actor_id() const { return input.role; }
  parley::v1::RoleKind actor_kind() const;

 private:
  std::vector<parley::v1::Event>& out_;
};

using Verdict = std::optional<Rejection>;  // nullopt: accepted

inline Rejection reject(parley::v1::RejectionCode code, std::string message) { return {code, std::move(message)}; }

}  // namespace parley::engine
