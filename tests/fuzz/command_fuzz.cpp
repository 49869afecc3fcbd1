// The command path: a sequence of decoded commands from any role and seat, at
// any time, applied to a live engine session of a shipped scenario. After
// every command: a rejection changed nothing; the state equals the fold of
// the events so far; no role's view or delivered event holds what the
// visibility rules deny it.
//
// Input (read front to back, so seeds can be written by tools/make_seeds.py):
// a byte picking the scenario, then records of
// [role byte][seat byte][time step byte][length byte][serialized Command].

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <variant>

#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "fuzz_support.hpp"

namespace pb = parley::v1;
using parley::fuzz::require;

namespace {

constexpr std::int64_t kStart = 1'700'000'000'000;

// What one role may be shown of another's private business.
void check_view(const parley::engine::ScenarioIndex& index, const pb::SessionState& state, int role) {
  if (index.role(role).kind() == pb::WHITE_CELL) return;
  const std::string& me = index.role(role).id();
  auto view = parley::engine::view_state(index, state, role);
  for (const auto& m : view.messages()) {
    if (m.room_id().empty()) require(m.from() == me || m.to() == me || m.leaked(), me + " sees a private message between others");
  }
  for (const auto& p : view.pledges()) require(p.from() == me || p.to() == me, me + " sees a pledge between others");
  for (const auto& r : view.roles()) {
    if (r.role() == me) continue;
    require(!r.signed_red_line(), me + " sees another role's red line");
    require(r.weights_size() == 0 && r.scores_size() == 0 && r.batna() == 0, me + " sees another role's private profile");
  }
}

void check_event(const parley::engine::ScenarioIndex& index, const pb::SessionState& state, const pb::Event& e, int role) {
  if (index.role(role).kind() == pb::WHITE_CELL || !parley::engine::visible_to(index, state, e, role)) return;
  const std::string& me = index.role(role).id();
  if (e.has_profile_changed()) require(e.profile_changed().role() == me, me + " is sent another role's profile change");
  if (e.has_message_sent()) require(e.actor() == me || e.message_sent().to() == me, me + " is sent a private message between others");
  if (e.has_pledge_made()) require(e.actor() == me || e.pledge_made().to() == me, me + " is sent a pledge between others");
  if (e.has_crisis_response()) require(e.actor() == me, me + " is sent another member's crisis response");
  auto shown = parley::engine::view_event(index, e, role);
  if (shown.has_treaty_signed() && e.actor() != me) require(!shown.treaty_signed().breaks_red_line(), me + " learns another's red line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto pact = parley::fuzz::shipped_scenario("collective-security-pact.textproto");
  static auto river = parley::fuzz::shipped_scenario("river-basin-accord.textproto");
  if (size == 0) return 0;
  auto index = (data[0] & 1) ? river : pact;
  std::size_t at = 1;
  parley::engine::Session session(index);
  parley::engine::Session folded(index);  // only the events applied: must stay equal to session
  std::int64_t now = kStart;
  int roles = index->role_count();
  for (int steps = 0; steps < 64 && at + 4 <= size; ++steps) {
    parley::engine::Input input;
    int pick = data[at] % (roles + 1);  // roles: the clock
    input.role = pick == roles ? "" : index->role(pick).id();
    input.seat = data[at + 1] % 4;
    now += static_cast<std::int64_t>(data[at + 2]) * 5000;
    input.at_ms = now;
    std::size_t length = std::min<std::size_t>(data[at + 3], size - at - 4);
    bool parsed = input.command.ParseFromArray(data + at + 4, static_cast<int>(length));
    at += 4 + length;
    if (!parsed) continue;
    if (input.role.empty() && !input.command.has_tick()) continue;  // the clock only ticks
    auto before = parley::engine::serialize_state(session.full_state());
    auto outcome = session.handle(input);
    if (std::holds_alternative<parley::engine::Rejection>(outcome)) {
      require(parley::engine::serialize_state(session.full_state()) == before, "a rejected command changed the state");
      continue;
    }
    for (const auto& e : std::get<std::vector<pb::Event>>(outcome)) {
      folded.apply(e);
      for (int r = 0; r < roles; ++r) check_event(*index, folded.state(), e, r);
    }
    require(parley::engine::serialize_state(folded.full_state()) == parley::engine::serialize_state(session.full_state()),
            "the state differs from the fold of its events");
    for (int r = 0; r < roles; ++r) check_view(*index, session.full_state(), r);
  }
  return 0;
}
