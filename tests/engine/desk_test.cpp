// The desk (engine/desk.cpp): the ballot of each round, what silence does,
// the actions open during a pause, the texts' worth against the BATNA with
// pledges, and the crisis offer under the adopted clauses.

#include <doctest/doctest.h>

#include <algorithm>

#include "driver.hpp"
#include "engine/desk.hpp"

using namespace parley::test;
using parley::engine::role_desk;

namespace {

const std::map<std::string, std::string> kAll{{"W", "W4"}, {"D", "D1"}, {"J", "J3"}, {"A", "A1"}};
const std::map<std::string, std::string> kOther{{"W", "W3"}, {"D", "D1"}, {"J", "J3"}, {"A", "A1"}};
const std::vector<std::string> kCore{"PAK", "KSA", "TUR", "AZE", "QAT"};

pb::Desk desk_of(const Driver& d, const std::string& role, std::uint32_t seat = 0) {
  return role_desk(d.index(), d.state(), d.role(role), seat);
}

const pb::ActionGate& gate(const pb::Desk& desk, const std::string& action) {
  for (const auto& g : desk.actions()) {
    if (g.action() == action) return g;
  }
  throw std::runtime_error("no gate " + action);
}

std::vector<std::string> ids(const google::protobuf::RepeatedPtrField<std::string>& list) { return {list.begin(), list.end()}; }

Driver small() {
  Driver d(kSmallScenario);
  d.phases("talks", "ballot");
  d.ok("CHAIR", start());
  return d;
}

// The default scenario with a treaty in force among the core bloc and its first crisis open.
Driver in_force(std::map<std::string, std::string> options) {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  options.emplace("M", "M3");
  options.emplace("N", "N2");
  d.adopt(options, "PAK");
  d.go_to(4, "signature");
  for (const auto& r : kCore) d.ok(r, sign());
  d.ok("WHITE", advance());
  REQUIRE(d.state().stage() == pb::STRESS_TEST);
  return d;
}

}  // namespace

TEST_CASE("each round's ballot names the standing text, what is new and carried over, and what silence does") {
  auto d = small();
  auto first = d.adopt(kAll, "UPR");
  REQUIRE(first == "DR1");
  d.go_to(2, "talks");
  CHECK_FALSE(desk_of(d, "MID").has_ballot());  // no vote in this phase
  d.ok("DWN", table(kOther));
  d.go_to(2, "ballot");

  auto b = desk_of(d, "MID").ballot();
  CHECK(b.standing_text_id() == "DR1");
  CHECK(b.standing_yes() == 3);
  CHECK(b.yes_to_displace() == 3);
  CHECK(ids(b.new_text_ids()) == std::vector<std::string>{"DR2"});
  CHECK(ids(b.carried_text_ids()) == std::vector<std::string>{"DR1"});
  CHECK(ids(b.unvoted_text_ids()) == std::vector<std::string>{"DR1", "DR2"});
  CHECK(b.silence() == "On DR1 and DR2, which you have not voted on, your silence counts as abstaining (it blocks nothing).");
  CHECK(b.if_closed_now() == "If the vote closed now: No text passed; DR1 stands, adopted with 3 yes votes.");

  d.ok("DWN", vote("DR2", pb::YES));
  d.ok("MID", vote("DR1", pb::YES));
  auto after = desk_of(d, "MID").ballot();
  CHECK(ids(after.unvoted_text_ids()) == std::vector<std::string>{"DR2"});
  // What the desk announces is what closing the vote does.
  auto closed = d.ok("CHAIR", advance()).at(0).vote_closed();
  CHECK(after.if_closed_now() == "If the vote closed now: " + closed.outcome());
  CHECK(d.state().adopted_text_id() == "DR1");
}

TEST_CASE("silence is announced as a no vote where the rule counts it so") {
  auto s = load_scenario(kSmallScenario);
  s.mutable_structure()->mutable_adoption()->set_non_voter(pb::DecisionRule::COUNTS_AS_NO);
  Driver d(s);
  d.phases("talks", "ballot");
  d.ok("CHAIR", start());
  d.go_to(1, "talks");
  d.ok("UPR", table(kAll));
  d.go_to(1, "ballot");
  CHECK(desk_of(d, "UPR").ballot().silence() ==
        "On DR1, which you have not voted on, your silence counts as a no vote (it blocks a text that needs consensus or unanimity).");
}

TEST_CASE("during a pause the desk keeps talk open and the procedure closed, as the engine does") {
  auto d = small();
  d.go_to(1, "talks");
  d.ok("CHAIR", make([](pb::Command& c) { c.mutable_pause(); }));
  auto desk = desk_of(d, "UPR");
  CHECK(gate(desk, "message").open());
  CHECK(gate(desk, "caucus").open());
  CHECK_FALSE(gate(desk, "table").open());
  CHECK(gate(desk, "table").reason() == "the session is paused");
  CHECK(desk.activity() == "Paused: the procedure waits for the white cell to resume the clock; private messages, caucus rooms stay open.");
  d.ok("UPR", message("MID", "still talking"));
  d.rejected("UPR", table(kAll), pb::SESSION_NOT_RUNNING);
}

TEST_CASE("an adviser's desk says the head votes; the texts' worth is the engine's utility plus pledges") {
  auto d = small();
  d.go_to(1, "talks");
  d.ok("UPR", table(kAll));
  d.ok("UPR", pledge("MID", 10, pb::IF_SIGNS));
  d.go_to(1, "ballot");
  auto head = desk_of(d, "MID");
  CHECK(gate(head, "vote").open());
  auto adviser = desk_of(d, "MID", 1);
  CHECK_FALSE(gate(adviser, "vote").open());
  CHECK(gate(adviser, "vote").reason() == "only the head of delegation (seat 0) can vote");

  auto profile = parley::engine::current_profile(d.index(), d.state(), d.role("MID"));
  auto text = parley::engine::to_text(d.index(), d.state().texts(0).options());
  REQUIRE(head.drafts_size() == 1);
  const auto& w = head.drafts(0);
  CHECK(w.text_id() == "DR1");
  CHECK(w.utility() == doctest::Approx(parley::engine::utility(profile, text)));
  CHECK(w.pledges() == doctest::Approx(10 * profile.point_utility));
  CHECK(head.batna() == doctest::Approx(profile.batna));
  CHECK(w.acceptable() == (w.utility() + w.pledges() >= profile.batna && !parley::engine::breaks_red_line(profile, text)));
}

TEST_CASE("the crisis offer: out of scope obliges nobody yet members may commit; in scope under an automatic trigger obliges all") {
  auto d = in_force({{"C", "C3"}, {"F", "F4"}, {"T", "T1"}, {"S", "S3"}, {"P", "P3"}});
  REQUIRE(d.state().crisis().inject_id() == "X1");
  auto out = desk_of(d, "PAK").crisis();
  CHECK_FALSE(out.in_scope());
  CHECK(out.scope() == "Outside the treaty's scope (Threat scope: Terrorism): it does not cover state crises.");
  CHECK(out.obliged().empty());
  CHECK(out.may_respond());
  CHECK(out.summary().find("You are not obliged") != std::string::npos);
  CHECK(gate(desk_of(d, "PAK"), "respond").open());
  d.ok("PAK", respond(true));  // committing outside the scope is accepted, as the desk offers
  CHECK(desk_of(d, "PAK").crisis().responded());

  d.ok("WHITE", advance());  // X1 closes, X2 (in scope) opens
  REQUIRE(d.state().crisis().in_scope());
  auto in = desk_of(d, "KSA").crisis();
  CHECK(in.in_scope());
  CHECK(in.procedure() == "AUTOMATIC");
  CHECK(in.contribution_max() == d.state().roles(d.role("KSA")).budget());  // F4: voluntary
  CHECK(in.may_nominate());                                                  // C3: council
  CHECK(ids(in.nominees()) == kCore);
  CHECK_FALSE(in.may_vote());
  CHECK(in.summary().find("You are obliged to commit") != std::string::npos);
  bool conflicting = std::count(d.index().inject(d.state().crisis().inject_id())->crisis().conflicting().begin(),
                                d.index().inject(d.state().crisis().inject_id())->crisis().conflicting().end(), "KSA") > 0;
  CHECK(in.may_opt_out() == conflicting);  // P3: only a member with a conflicting commitment
  CHECK(ids(in.obliged()).size() == kCore.size());

  CHECK_FALSE(desk_of(d, "KSA", 1).crisis().may_respond());
  CHECK(gate(desk_of(d, "KSA", 1), "respond").reason() == "only the head of delegation (seat 0) can respond to a crisis");
  auto outsider = d.index().delegations();
  for (int r : outsider) {
    const auto& id = d.index().role(r).id();
    if (std::find(kCore.begin(), kCore.end(), id) != kCore.end()) continue;
    auto o = desk_of(d, id).crisis();
    CHECK_FALSE(o.member());
    CHECK(o.summary() == "A crisis is open: only members of the treaty (its signatories) respond.");
    break;
  }
}

TEST_CASE("the same vote or crisis response from a second tab is accepted and recorded once; a changed one is recorded") {
  auto d = small();
  d.go_to(1, "talks");
  d.ok("UPR", table(kAll));
  d.go_to(1, "ballot");
  CHECK(d.ok("MID", vote("DR1", pb::YES)).size() == 1);
  CHECK(d.ok("MID", vote("DR1", pb::YES)).empty());
  CHECK(d.ok("MID", vote("DR1", pb::NO)).size() == 1);

  auto c = in_force({{"C", "C3"}, {"F", "F4"}, {"T", "T2"}, {"S", "S2"}, {"P", "P3"}});
  CHECK(c.ok("PAK", respond(true, 5)).size() == 1);
  CHECK(c.ok("PAK", respond(true, 5)).empty());
  CHECK(c.ok("PAK", respond(true, 6)).size() == 1);
  auto yes = make([](pb::Command& x) { x.mutable_crisis_vote()->set_yes(true); });
  if (c.state().crisis().in_scope()) {
    CHECK(c.ok("PAK", yes).size() == 1);
    CHECK(c.ok("PAK", yes).empty());
  }
}

TEST_CASE("only the white cell frees a seat, only a taken one, and the seat can be claimed again") {
  auto d = small();
  auto release = [](const std::string& role) {
    return make([role](pb::Command& c) {
      c.mutable_release_seat()->set_role(role);
      c.mutable_release_seat()->set_seat(0);
    });
  };
  d.ok("MID", make([](pb::Command& c) { c.mutable_claim_seat()->set_by_bot(true); }));
  d.rejected("UPR", release("MID"), pb::NOT_PERMITTED);
  d.rejected("CHAIR", release("DWN"), pb::ALREADY_DONE);
  d.rejected("CHAIR", release("NOPE"), pb::UNKNOWN_ID);
  auto freed = d.ok("CHAIR", release("MID"));
  REQUIRE(freed.size() == 1);
  CHECK(freed[0].seat_released().was_bot());
  const auto& mid = d.state().roles(d.role("MID"));
  CHECK(mid.seats_claimed().empty());
  CHECK(mid.seats_claimed_by_bots().empty());
  d.ok("MID", make([](pb::Command& c) { c.mutable_claim_seat(); }));  // a person now
  CHECK(d.state().roles(d.role("MID")).seats_claimed_size() == 1);
  CHECK(d.state().roles(d.role("MID")).seats_claimed_by_bots().empty());
}

TEST_CASE("a seat a language model takes is marked for everyone, unless the scenario hides it; freed, the mark goes") {
  auto model_claim = make([](pb::Command& c) { c.mutable_claim_seat()->set_by_model(true); });
  auto d = small();
  auto claimed = d.ok("MID", model_claim);
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].seat_claimed().by_model());
  CHECK(d.state().roles(d.role("MID")).seats_claimed_by_models_size() == 1);
  d.ok("CHAIR", make([](pb::Command& c) {
    c.mutable_release_seat()->set_role("MID");
    c.mutable_release_seat()->set_seat(0);
  }));
  CHECK(d.state().roles(d.role("MID")).seats_claimed_by_models().empty());

  auto hidden = load_scenario(kSmallScenario);
  hidden.set_hide_model_seats(true);
  Driver h(hidden);
  auto quiet = h.ok("MID", model_claim);
  CHECK_FALSE(quiet[0].seat_claimed().by_model());
  CHECK(h.state().roles(h.role("MID")).seats_claimed_by_models().empty());
}
