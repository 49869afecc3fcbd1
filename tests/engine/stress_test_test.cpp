// The stress test against every clause kind of the default scenario.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "driver.hpp"

using namespace parley::test;

namespace {

const std::vector<std::string> kCore{"PAK", "KSA", "TUR", "AZE", "QAT"};

// A session whose treaty (these options, core-bloc membership) is in force
// and whose first crisis is open.
Driver in_force(std::map<std::string, std::string> options, const std::vector<std::string>& chosen = {}) {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  options.emplace("M", "M3");
  options.emplace("N", "N2");
  d.adopt(options, "PAK");
  for (const auto& c : chosen) d.ok("WHITE", release(c));
  d.go_to(4, "signature");
  for (const auto& r : kCore) d.ok(r, sign());
  d.ok("WHITE", advance());
  REQUIRE(d.state().in_force());
  REQUIRE(d.state().stage() == pb::STRESS_TEST);
  return d;
}

pb::CrisisResolved close_crisis(Driver& d) {
  auto events = d.ok("WHITE", advance());
  for (const auto& e : events) {
    if (e.has_crisis_resolved()) return e.crisis_resolved();
  }
  FAIL("no crisis resolved");
  return {};
}

const pb::MemberOutcome& member(const pb::CrisisResolved& r, const std::string& id) {
  for (const auto& m : r.members()) {
    if (m.role() == id) return m;
  }
  throw std::runtime_error("no member " + id);
}

void all_commit(Driver& d, const std::vector<std::string>& except = {}) {
  for (const auto& r : kCore) {
    if (std::find(except.begin(), except.end(), r) == except.end()) d.ok(r, respond(true));
  }
}

}  // namespace

TEST_CASE("scope: a crisis outside the scope clause obliges nobody") {
  auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S3"}, {"P", "P1"}});
  CHECK(d.state().crisis().inject_id() == "X1");
  CHECK_FALSE(d.state().crisis().in_scope());  // X1 is state aggression; S3 covers non-state groups
  auto x1 = close_crisis(d);
  CHECK_FALSE(x1.obligation());
  CHECK(x1.held());
  for (const auto& m : x1.members()) CHECK_FALSE(m.obliged());
  // It reads as not invoked, decided by the scope clause, with the reason in words.
  CHECK(x1.outcome() == "not invoked");
  CHECK(x1.deciding_issue() == "S");
  CHECK(x1.deciding_kind() == "THREAT_SCOPE");
  REQUIRE(x1.reasons_size() >= 2);
  CHECK(x1.reasons(0) == "out of scope: the adopted threat scope, S3 'Terrorism', does not cover 'state' attacks");
  CHECK(x1.reasons(x1.reasons_size() - 1) == "the alliance was not invoked (decided by clause S)");
  CHECK(d.state().crisis().inject_id() == "X2");
  CHECK(d.state().crisis().in_scope());
}

TEST_CASE("trigger: automatic obliges every member; a defector pays the higher penalty") {
  auto d = in_force({{"C", "C1"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
  all_commit(d, {"KSA"});
  d.ok("KSA", respond(false));
  auto r = close_crisis(d);
  CHECK(r.obligation());
  CHECK_FALSE(r.held());
  CHECK(member(r, "KSA").defected());
  CHECK(member(r, "KSA").penalty() == 20);
  CHECK(r.outcome() == "failed");
  CHECK(r.deciding_kind() == "PRECEDENCE");  // KSA's prior commitment conflicted, and P1 allows no way out
  CHECK(std::find(r.reasons().begin(), r.reasons().end(), "committed: Pakistan, Turkey, Azerbaijan, Qatar; defected: Saudi Arabia") !=
        r.reasons().end());
  CHECK(member(r, "QAT").obliged());  // P1: the pact binds despite QAT's commitment
  CHECK(member(r, "QAT").committed());
  CHECK(d.state().roles(d.role("KSA")).penalty() == 20);
}

TEST_CASE("trigger: a vote under the clause's rule decides the obligation") {
  struct Row {
    const char* trigger;
    int yes;
    bool obligation;
  };
  for (const auto& row : std::vector<Row>{{"T2", 4, true}, {"T2", 3, false}, {"T3", 5, true}, {"T3", 4, false}}) {
    INFO(row.trigger << " with " << row.yes << " yes");
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", row.trigger}, {"S", "S2"}, {"P", "P1"}});
    for (int i = 0; i < 5; ++i) {
      d.ok(kCore[i], make([&](pb::Command& c) { c.mutable_crisis_vote()->set_yes(i < row.yes); }));
    }
    all_commit(d, {"QAT"});
    auto r = close_crisis(d);
    CHECK(r.obligation() == row.obligation);
    CHECK(member(r, "QAT").defected() == row.obligation);
    CHECK(member(r, "QAT").penalty() == (row.obligation ? 10 : 0));
  }
}

TEST_CASE("trigger: consultation obliges nobody, and votes are refused") {
  auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T4"}, {"S", "S2"}, {"P", "P1"}});
  d.rejected("PAK", make([](pb::Command& c) { c.mutable_crisis_vote()->set_yes(true); }), pb::WRONG_PHASE);
  d.ok("PAK", respond(true));
  auto r = close_crisis(d);
  CHECK_FALSE(r.obligation());
  CHECK(r.held());
  CHECK(member(r, "PAK").committed());
  CHECK(member(r, "PAK").cost() == 120);  // the only committed member pays all
}

TEST_CASE("precedence: exempt, recorded opt-out, or no opt-out") {
  SUBCASE("P2: members with conflicting commitments are exempt") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P2"}});
    all_commit(d, {"KSA", "QAT"});
    auto r = close_crisis(d);
    CHECK(member(r, "KSA").exempt());
    CHECK_FALSE(member(r, "KSA").obliged());
    CHECK_FALSE(member(r, "QAT").defected());
    CHECK(r.held());
  }
  SUBCASE("P3: a conflicting member may opt out on the record; others may not") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P3"}});
    d.ok("KSA", respond(false, 0, "", true));
    d.rejected("TUR", respond(false, 0, "", true), pb::NOT_ELIGIBLE);
    d.rejected("KSA", respond(true, 0, "", true), pb::INVALID_ARGUMENT);
    all_commit(d, {"KSA", "QAT"});
    auto r = close_crisis(d);
    CHECK(member(r, "KSA").opted_out());
    CHECK_FALSE(member(r, "KSA").defected());
    CHECK(member(r, "QAT").defected());  // did not respond at all
    CHECK_FALSE(r.held());
  }
  SUBCASE("P1: nobody may opt out") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    d.rejected("KSA", respond(false, 0, "", true), pb::NOT_PERMITTED);
  }
}

TEST_CASE("deterrence: the nuclear clause decides whether an answer to a nuclear-armed attacker is strong enough") {
  // X1 (India strikes Pakistan) needs strength 850. PAK, TUR and AZE answer under rotating
  // command (1,070 forces x 0.7 = 749): too weak alone, enough with an umbrella or ambiguity.
  struct Row {
    const char* nuclear;
    bool held;
  };
  for (const auto& row : std::vector<Row>{{"N1", true}, {"N2", true}, {"N3", false}}) {
    INFO(row.nuclear);
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P2"}, {"N", row.nuclear}});
    all_commit(d, {"KSA", "QAT"});  // exempt under P2
    auto r = close_crisis(d);
    CHECK(r.held() == row.held);
    CHECK(r.required_strength() == doctest::Approx(850));
    if (!row.held) {
      CHECK(r.outcome() == "failed");
      CHECK(r.deciding_issue() == "N");
      CHECK(r.deciding_kind() == "DETERRENCE");
      CHECK(std::find(r.reasons().begin(), r.reasons().end(), "response strength 749 against the 850 needed") != r.reasons().end());
    }
  }
}

TEST_CASE("command: lead nation, rotation, council, none; strength is forces times effectiveness") {
  SUBCASE("C1: Pakistan leads when it commits") {
    auto d = in_force({{"C", "C1"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    all_commit(d);
    auto r = close_crisis(d);
    CHECK(r.lead() == "PAK");
    CHECK(r.strength() == doctest::Approx((650 + 250 + 355 + 65 + 17) * 0.9 * 1.2));  // N2 adds a fifth against a state
  }
  SUBCASE("C2: the rotation holder leads, passing to the next committing member, and advances per crisis") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S4"}, {"P", "P1"}});
    all_commit(d, {"KSA"});
    CHECK(close_crisis(d).lead() == "TUR");  // KSA holds it first but stays home
    all_commit(d);
    CHECK(close_crisis(d).lead() == "TUR");  // second crisis: TUR's turn
  }
  SUBCASE("C3: the council's unanimous nominee leads; disagreement means national command") {
    auto d = in_force({{"C", "C3"}, {"F", "F2"}, {"T", "T1"}, {"S", "S4"}, {"P", "P1"}});
    for (const auto& r : kCore) d.ok(r, respond(true, 0, "TUR"));
    CHECK(close_crisis(d).lead() == "TUR");
    for (const auto& r : kCore) d.ok(r, respond(true, 0, r == "PAK" ? "PAK" : "TUR"));
    d.rejected("AZE", respond(true, 0, "IRN"), pb::NOT_ELIGIBLE);
    CHECK(close_crisis(d).lead().empty());
  }
  SUBCASE("C4: no unified command") {
    auto d = in_force({{"C", "C4"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    d.ok("TUR", respond(true));
    auto r = close_crisis(d);
    CHECK(r.lead().empty());
    CHECK(r.strength() == doctest::Approx(355 * 0.1 * 1.2));
  }
}

TEST_CASE("cost-sharing: by GDP, equal, fiscal capacity, voluntary") {
  SUBCASE("F1 by GDP among committing members") {
    auto d = in_force({{"C", "C2"}, {"F", "F1"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    d.ok("PAK", respond(true));
    d.ok("TUR", respond(true));
    auto r = close_crisis(d);
    CHECK(member(r, "PAK").cost() == doctest::Approx(120.0 * 375 / 1675));
    CHECK(member(r, "TUR").cost() == doctest::Approx(120.0 * 1300 / 1675));
    CHECK(member(r, "AZE").cost() == 0);
  }
  SUBCASE("F2 equal shares") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    all_commit(d, {"AZE"});
    auto r = close_crisis(d);
    CHECK(member(r, "QAT").cost() == doctest::Approx(30));
  }
  SUBCASE("F3: the fiscal payers carry two-thirds, the rest pay in kind") {
    auto d = in_force({{"C", "C2"}, {"F", "F3"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    for (const char* r : {"KSA", "PAK", "TUR"}) d.ok(r, respond(true));
    auto r = close_crisis(d);
    CHECK(member(r, "KSA").cost() == doctest::Approx(120 * 0.6667));
    CHECK(member(r, "PAK").cost() == doctest::Approx(120 * (1 - 0.6667) / 2));
  }
  SUBCASE("F4: voluntary contributions; an unfunded response fails") {
    auto d = in_force({{"C", "C2"}, {"F", "F4"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    for (const auto& r : kCore) d.ok(r, respond(true, 10));
    auto r = close_crisis(d);
    CHECK_FALSE(r.funded());  // 50 offered against 120
    CHECK_FALSE(r.held());
    CHECK(r.outcome() == "failed");
    CHECK(r.deciding_kind() == "COST_SHARING");
    CHECK(r.offered() == doctest::Approx(50));
    CHECK(std::find(r.reasons().begin(), r.reasons().end(), "unfunded: 50 points offered against a cost of 120 under F4 'Voluntary'") !=
          r.reasons().end());
    for (const auto& r2 : kCore) d.ok(r2, respond(true, std::string(r2) == "PAK" ? 10 : 20));  // PAK has 10 to give
    auto r2 = close_crisis(d);  // X2 costs 60, 90 offered
    CHECK(r2.funded());
    CHECK(r2.held());
    CHECK(r2.outcome() == "not invoked");  // X2 is a non-state attack, outside S2: members acted on their own
    CHECK(r2.deciding_kind() == "THREAT_SCOPE");
    CHECK(d.state().status() == pb::ENDED);
  }
}

TEST_CASE("crises: who may respond, and which crises run") {
  SUBCASE("members only, heads only, one crisis at a time") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S2"}, {"P", "P1"}});
    d.rejected("IRN", respond(true), pb::NOT_ELIGIBLE);
    d.rejected("USA", respond(true), pb::NOT_PERMITTED);
    d.rejected("PAK", respond(true), pb::NOT_PERMITTED, 1);
    d.rejected("PAK", respond(true, -5), pb::INVALID_ARGUMENT);
    // Not a number, not finite, or more than the member has left to give: refused, nothing recorded.
    d.rejected("PAK", respond(true, std::nan("")), pb::INVALID_ARGUMENT);
    d.rejected("PAK", respond(true, std::numeric_limits<double>::infinity()), pb::INVALID_ARGUMENT);
    d.rejected("PAK", respond(true, static_cast<double>(d.state().roles(0).budget()) + 1), pb::BUDGET_EXCEEDED);
    CHECK(d.state().crisis().responses().empty());
    d.rejected("PAK", message("KSA", "now?"), pb::WRONG_PHASE);
    d.ok("WHITE", release("X3"));  // queued after the defaults
    close_crisis(d);
    close_crisis(d);
    CHECK(d.state().crisis().inject_id() == "X3");
    close_crisis(d);
    CHECK(d.state().status() == pb::ENDED);
    CHECK(d.state().crisis_outcomes_size() == 3);
  }
  SUBCASE("crises the white cell chose before the stress test replace the defaults") {
    auto d = in_force({{"C", "C2"}, {"F", "F2"}, {"T", "T1"}, {"S", "S4"}, {"P", "P1"}}, {"X4"});
    CHECK(d.state().crisis().inject_id() == "X4");
    auto r = close_crisis(d);
    CHECK(r.in_scope());  // S4 covers internal unrest
    CHECK(d.state().status() == pb::ENDED);
  }
}
