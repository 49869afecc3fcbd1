// Rosters as instructors paste them, and the seat plans made from them.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "cohort/roster.hpp"
#include "cohort/seat_plan.hpp"

using namespace parley::cohort;

namespace {

// Six delegations, two of them with one adviser seat: 8 seats a table.
std::vector<PlayableRole> roles() {
  return {{"AAA", "Aland", 1}, {"BBB", "Borduria", 0}, {"CCC", "Carpania", 1}, {"DDD", "Dorvik", 0}, {"EEE", "Elbonia", 0}, {"FFF", "Freedonia", 0}};
}

std::vector<RosterEntry> named(int n) {
  std::string csv;
  for (int i = 0; i < n; ++i) csv += "Person " + std::to_string(i) + "\n";
  return parse_roster(csv).value();
}

std::map<int, int> people_per_table(const SeatPlan& plan) {
  std::map<int, int> n;
  for (const auto& p : plan.people) ++n[p.table];
  return n;
}

}  // namespace

TEST_CASE("a roster's CSV: header, quotes, blank lines, and each mistake named with its line") {
  auto r = parse_roster("name,group,role\nAna Lima,Team A,aaa\n\n\"Okafor, Ben\",,\nChen Wei\r\n");
  REQUIRE(r);
  REQUIRE(r.value().size() == 3);
  CHECK(r.value()[0].group == "Team A");
  CHECK(r.value()[0].preference == "aaa");
  CHECK(r.value()[1].name == "Okafor, Ben");
  CHECK(r.value()[2].name == "Chen Wei");
  CHECK(r.value()[2].line == 5);

  auto dup = parse_roster("Ana Lima\nBen\nana  LIMA\n");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().message.find("line 3") != std::string::npos);
  CHECK(dup.error().message.find("line 1") != std::string::npos);
  CHECK(parse_roster("\n\n  \n").error().message.find("names nobody") != std::string::npos);
  CHECK(parse_roster("Ana,\"open\n").error().message.find("line 1") != std::string::npos);
  CHECK(parse_roster("Ana,a,b,c\n").error().message.find("fields") != std::string::npos);
  CHECK(parse_roster(",Team A\n").error().message.find("name is empty") != std::string::npos);
  CHECK_FALSE(anonymous_roster(0));
  CHECK(anonymous_roster(12).value().size() == 12);
}

TEST_CASE("a class that does not divide evenly: tables differ by one, heads fill first, bots take the empty heads") {
  auto plan = plan_seats(roles(), named(10), 4);
  REQUIRE(plan);
  auto sizes = people_per_table(plan.value());
  CHECK(sizes == std::map<int, int>{{1, 3}, {2, 3}, {3, 2}, {4, 2}});
  for (const auto& p : plan.value().people) {
    CHECK(p.kind == SeatKind::seat);
    CHECK(p.seat == 0);  // 10 people on 4 tables of 6 heads: nobody is an adviser
  }
  // Every head seat nobody sits on is planned for a bot, and no head seat is left for nobody.
  CHECK(plan.value().bots.size() == 4 * 6 - 10);
  std::set<std::pair<int, std::string>> heads;
  for (const auto& p : plan.value().people) heads.insert({p.table, p.role});
  for (const auto& b : plan.value().bots) CHECK(heads.insert({b.table, b.role}).second);
  CHECK(heads.size() == 24);

  // 30 people on 4 tables: every head taken, the rest on adviser seats, no bots.
  auto full = plan_seats(roles(), named(30), 4).value();
  CHECK(full.bots.empty());
  CHECK(std::count_if(full.people.begin(), full.people.end(), [](const Placement& p) { return p.seat == 1; }) == 30 - 24);
  CHECK(std::none_of(full.people.begin(), full.people.end(), [](const Placement& p) { return p.kind == SeatKind::observer; }));
  // 36 people: 9 a table, one more than its 8 seats, who observes (and is told so).
  auto over = plan_seats(roles(), named(36), 4).value();
  CHECK(std::count_if(over.people.begin(), over.people.end(), [](const Placement& p) { return p.kind == SeatKind::observer; }) == 4);
  CHECK(over.notes.size() == 4);
}

TEST_CASE("groups sit together, on one delegation while its seats last; preferences are met when the seat is free") {
  auto roster = parse_roster("Ana,Reds\nBen,Reds\nCy,,ccc\nDee,,Carpania\nEd,Blues\nFlo,Blues\nGus,Blues\n").value();
  auto plan = plan_seats(roles(), roster, 2).value();
  auto at = [&](int i) { return plan.people[i]; };
  CHECK(at(0).table == at(1).table);
  CHECK(at(0).role == at(1).role);  // two people, a role with an adviser seat
  CHECK(at(4).table == at(5).table);
  CHECK(at(5).table == at(6).table);
  CHECK(at(2).role == "CCC");
  CHECK(at(3).role == "CCC");  // by name, any case
  if (at(2).table == at(3).table) CHECK(at(2).seat != at(3).seat);
}

TEST_CASE("plans that cannot be made say why") {
  CHECK(plan_seats(roles(), named(5), 0).error().message.find("1 to 100 tables") != std::string::npos);
  CHECK_FALSE(plan_seats(roles(), named(5), 500));
  CHECK(plan_seats(roles(), named(45), 4).error().message.find("make it 6 tables") != std::string::npos);
  auto unknown = plan_seats(roles(), parse_roster("Ana\nBen,,Atlantis\n").value(), 1);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.find("line 2: 'Atlantis' is not a role") != std::string::npos);
  std::string big;
  for (int i = 0; i < 9; ++i) big += "P" + std::to_string(i) + ",Huge\n";
  CHECK(plan_seats(roles(), parse_roster(big).value(), 3).error().message.find("group 'Huge' has 9 people") != std::string::npos);
  CHECK(plan_seats({}, named(2), 1).error().message.find("no delegation") != std::string::npos);
}

TEST_CASE("the same roster gives the same plan") {
  auto a = plan_seats(roles(), named(17), 3).value();
  auto b = plan_seats(roles(), named(17), 3).value();
  for (std::size_t i = 0; i < a.people.size(); ++i) {
    CHECK(a.people[i].table == b.people[i].table);
    CHECK(a.people[i].role == b.people[i].role);
    CHECK(a.people[i].seat == b.people[i].seat);
  }
}
