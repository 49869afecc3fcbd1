#include "engine/context.hpp"

#include <cmath>

#include "engine/event_fold.hpp"

namespace parley::engine {
namespace pb = parley::v1;

namespace {
int resolve_actor(const ScenarioIndex& index, const Input& input) {
  auto r = index.role_index(input.role);
  return r ? *r : -1;
}
}  // namespace

Context::Context(const ScenarioIndex& index_, pb::SessionState& state_, MessageLog& messages_, const Input& input_,
                 std::vector<pb::Event>& out)
    : index(index_), state(state_), messages(messages_), input(input_), actor(resolve_actor(index_, input_)), out_(out) {}

pb::Event Context::clock_event() const {
  pb::Event e;
  e.set_at_ms(input.at_ms);
  e.set_round(state.round());
  e.set_phase(state.phase());
  return e;
}

pb::Event Context::event() const {
  pb::Event e = clock_event();
  if (actor >= 0) {
    e.set_actor(input.role);
    e.set_seat(input.seat);
  }
  return e;
}

void Context::emit(pb::Event e) {
  apply_event(index, state, messages, e);
  out_.push_back(std::move(e));
}

std::int64_t Context::scaled_ms(std::uint32_t seconds) const {
  double scale = state.time_scale() > 0 ? state.time_scale() : 1.0;
  return static_cast<std::int64_t>(std::llround(seconds * 1000.0 / scale));
}

pb::RoleKind Context::actor_kind() const {
  return actor >= 0 ? index.role(actor).kind() : pb::ROLE_KIND_UNSPECIFIED;
}

}  // namespace parley::engine
