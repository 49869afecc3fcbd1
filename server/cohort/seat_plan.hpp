#pragma once
// Who sits where in a class: a roster spread over N tables of one scenario.
// Tables differ by at most one person; a group sits at one table, on one
// delegation while its seats last; a role preference is met when the seat is
// free; heads of delegation fill before adviser seats; people beyond a
// table's seats watch as observers (at most kMaxObservers a table); every
// head seat nobody takes is planned for a bot. Pure and deterministic: the
// same roster and tables give the same plan.

#include <cstdint>
#include <string>
#include <vector>

#include "cohort/roster.hpp"
#include "common/result.hpp"
#include "parley/v1/scenario.pb.h"

namespace parley::cohort {

constexpr int kMaxTables = 100;
constexpr int kMaxObservers = 3;

// A role people can play: a delegation or an outside power, in scenario order.
struct PlayableRole {
  std::string id;
  std::string name;
  std::uint32_t advisers = 0;  // seats besides the head (seat 0)
};
std::vector<PlayableRole> playable_roles(const parley::v1::Scenario& scenario);

enum class SeatKind { seat, observer, bot };

struct Placement {
  int person = -1;  // index into the roster; -1 for a bot
  int table = 0;    // 1-based
  SeatKind kind = SeatKind::seat;
  std::string role;        // empty for an observer
  std::uint32_t seat = 0;  // 0: head of delegation
};

struct SeatPlan {
  std::vector<Placement> people;  // one per roster entry, in roster order
  std::vector<Placement> bots;    // head seats left for bots, by table then scenario order
  std::vector<std::string> notes; // preferences not met, observers, for the instructor
};

// Refuses, saying why: tables outside 1..kMaxTables, a scenario with no
// playable role, a preference that names no playable role (with the line),
// a group larger than a table's seats, a class too large for the tables.
Result<SeatPlan> plan_seats(const std::vector<PlayableRole>& roles, const std::vector<RosterEntry>& roster, int tables);

}  // namespace parley::cohort
