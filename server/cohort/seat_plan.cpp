#include "cohort/seat_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <optional>

namespace parley::cohort {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// People who sit together: a named group, or one person alone.
struct Unit {
  std::vector<int> members;  // roster indexes, roster order
  int preference = -1;       // role index the first member with a preference asked for
};

std::vector<Unit> units_of(const std::vector<RosterEntry>& roster, const std::vector<int>& prefs) {
  std::vector<Unit> units;
  std::map<std::string, std::size_t> by_group;
  for (int i = 0; i < static_cast<int>(roster.size()); ++i) {
    const auto& group = roster[i].group;
    std::size_t u;
    if (group.empty()) {
      u = units.size();
      units.emplace_back();
    } else if (auto it = by_group.find(lower(group)); it != by_group.end()) {
      u = it->second;
    } else {
      u = by_group[lower(group)] = units.size();
      units.emplace_back();
    }
    units[u].members.push_back(i);
    if (units[u].preference < 0) units[u].preference = prefs[i];
  }
  // Groups first (largest first), then people with a preference, then the rest: each keeps roster order.
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    auto rank = [](const Unit& u) { return u.members.size() > 1 ? 0 : u.preference >= 0 ? 1 : 2; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.members.size() > b.members.size();
  });
  return units;
}

// One table's seats as they fill.
struct Table {
  std::vector<std::uint32_t> taken;  // per role: seats given so far (head first)
  int observers = 0;
  int people = 0;
};

// The role for the next member of a unit: the preferred one while it has a seat, else the
// one with fewest people (heads before advisers), the earlier in scenario order on a tie.
std::optional<int> pick_role(const Table& t, const std::vector<PlayableRole>& roles, int wanted) {
  auto has_seat = [&](int r) { return t.taken[r] <= roles[r].advisers; };
  if (wanted >= 0 && has_seat(wanted)) return wanted;
  std::optional<int> best;
  for (int r = 0; r < static_cast<int>(roles.size()); ++r) {
    if (has_seat(r) && (!best || t.taken[r] < t.taken[*best])) best = r;
  }
  return best;
}

}  // namespace

std::vector<PlayableRole> playable_roles(const parley::v1::Scenario& scenario) {
  std::vector<PlayableRole> out;
  for (const auto& r : scenario.roles()) {
    if (r.kind() == parley::v1::DELEGATION || r.kind() == parley::v1::OUTSIDE_POWER) out.push_back({r.id(), r.name(), r.advisers()});
  }
  return out;
}

Result<SeatPlan> plan_seats(const std::vector<PlayableRole>& roles, const std::vector<RosterEntry>& roster, int tables) {
  if (tables < 1 || tables > kMaxTables) {
    return fail(ErrorCode::invalid, "a cohort has 1 to " + std::to_string(kMaxTables) + " tables, not " + std::to_string(tables));
  }
  if (roles.empty()) return fail(ErrorCode::invalid, "the scenario has no delegation or outside power for people to play");
  int seats = std::accumulate(roles.begin(), roles.end(), 0, [](int n, const PlayableRole& r) { return n + 1 + static_cast<int>(r.advisers); });
  std::vector<int> prefs(roster.size(), -1);
  for (std::size_t i = 0; i < roster.size(); ++i) {
    if (roster[i].preference.empty()) continue;
    for (std::size_t r = 0; r < roles.size(); ++r) {
      if (lower(roster[i].preference) == lower(roles[r].id) || lower(roster[i].preference) == lower(roles[r].name)) prefs[i] = static_cast<int>(r);
    }
    if (prefs[i] < 0) {
      std::string names;
      for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r.id + " (" + r.name + ")";
      return fail(ErrorCode::invalid, "line " + std::to_string(roster[i].line) + ": '" + roster[i].preference + "' is not a role of this scenario; roles: " + names);
    }
  }
  int capacity = seats + kMaxObservers;
  if (static_cast<long>(roster.size()) > static_cast<long>(tables) * capacity) {
    int need = static_cast<int>((roster.size() + seats - 1) / seats);
    return fail(ErrorCode::invalid, std::to_string(roster.size()) + " people do not fit " + std::to_string(tables) + " tables of " + std::to_string(seats) +
                " seats (and " + std::to_string(kMaxObservers) + " observers each); make it " + std::to_string(need) + " tables or more");
  }
  auto units = units_of(roster, prefs);
  std::vector<Table> table(tables, Table{std::vector<std::uint32_t>(roles.size(), 0), 0, 0});
  SeatPlan plan;
  plan.people.resize(roster.size());
  for (const auto& unit : units) {
    int size = static_cast<int>(unit.members.size());
    if (size > seats) {
      return fail(ErrorCode::invalid, "group '" + roster[unit.members[0]].group + "' has " + std::to_string(size) + " people; a table of this scenario seats " +
                  std::to_string(seats) + " (heads and advisers): split the group");
    }
    // The table with fewest people that the whole unit fits, else the one with fewest people.
    int at = 0;
    for (int t = 1; t < tables; ++t) {
      if (table[t].people < table[at].people) at = t;
    }
    auto& t = table[at];
    int role = -1;
    for (int member : unit.members) {
      auto r = (role >= 0 && t.taken[role] <= roles[role].advisers) ? std::optional<int>(role) : pick_role(t, roles, unit.preference);
      Placement p{member, at + 1, SeatKind::seat, "", 0};
      if (r) {
        role = *r;
        p.role = roles[*r].id;
        p.seat = t.taken[*r]++;
        if (prefs[member] >= 0 && prefs[member] != *r) {
          plan.notes.push_back(roster[member].name + " asked for " + roles[prefs[member]].id + "; Table " + std::to_string(at + 1) +
                               "'s seats there were taken, so they sit with " + roles[*r].id + ".");
        }
      } else {
        p.kind = SeatKind::observer;
        ++t.observers;
        plan.notes.push_back((roster[member].name.empty() ? "Participant " + std::to_string(member + 1) : roster[member].name) +
                             " observes Table " + std::to_string(at + 1) + ": its seats are full.");
      }
      ++t.people;
      plan.people[member] = p;
    }
  }
  for (int t = 0; t < tables; ++t) {
    if (table[t].observers > kMaxObservers) {
      return fail(ErrorCode::invalid, "Table " + std::to_string(t + 1) + " would have " + std::to_string(table[t].observers) + " observers (at most " +
                  std::to_string(kMaxObservers) + "): add a table or split a group");
    }
    for (std::size_t r = 0; r < roles.size(); ++r) {
      if (table[t].taken[r] == 0) plan.bots.push_back({-1, t + 1, SeatKind::bot, roles[r].id, 0});
    }
  }
  return plan;
}

}  // namespace parley::cohort
