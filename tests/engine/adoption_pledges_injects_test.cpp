// Each adoption rule, pledges and their settlement, injects and their effects.

#include <doctest/doctest.h>

#include "driver.hpp"
#include "engine/analyzer.hpp"
#include "engine/roll_call.hpp"
#include "engine/scenario_index.hpp"

using namespace parley::test;

namespace {

const std::map<std::string, std::string> kAll{{"W", "W4"}, {"D", "D1"}, {"J", "J3"}, {"A", "A1"}};

Driver small_with_rule(pb::DecisionRule::Kind kind, int num = 0, int den = 0,
                       pb::DecisionRule::NonVoter silent = pb::DecisionRule::ABSTAINS, int quorum = 0) {
  auto s = load_scenario(kSmallScenario);
  s.mutable_structure()->mutable_adoption()->set_kind(kind);
  s.mutable_structure()->mutable_adoption()->set_numerator(num);
  s.mutable_structure()->mutable_adoption()->set_denominator(den);
  s.mutable_structure()->mutable_adoption()->set_non_voter(silent);
  s.mutable_structure()->mutable_adoption()->set_quorum(static_cast<std::uint32_t>(quorum));
  Driver d(s);
  d.phases("talks", "ballot");
  d.ok("CHAIR", start());
  return d;
}

// Tables kAll, casts the given votes (UPR, MID, DWN; UNSPECIFIED = no vote),
// closes the ballot and returns its event.
pb::VoteClosed close_with(Driver& d, std::vector<pb::VoteChoice> votes) {
  d.go_to(1, "talks");
  auto id = d.ok("UPR", table(kAll)).at(0).text_tabled().text_id();
  d.go_to(1, "ballot");
  const char* roles[] = {"UPR", "MID", "DWN"};
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (votes[i] != pb::VOTE_CHOICE_UNSPECIFIED) d.ok(roles[i], vote(id, votes[i]));
  }
  return d.ok("CHAIR", advance()).at(0).vote_closed();
}

bool adopted_with(Driver& d, std::vector<pb::VoteChoice> votes) { return !close_with(d, votes).adopted_text_id().empty(); }

std::string joined(const google::protobuf::RepeatedPtrField<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ",") + r;
  return out;
}

constexpr auto Y = pb::YES;
constexpr auto N = pb::NO;
constexpr auto A = pb::ABSTAIN;
constexpr auto X = pb::VOTE_CHOICE_UNSPECIFIED;

}  // namespace

TEST_CASE("each adoption rule") {
  struct Row {
    pb::DecisionRule::Kind kind;
    int num, den;
    std::vector<pb::VoteChoice> votes;
    bool adopted;
  };
  const std::vector<Row> rows{
      {pb::DecisionRule::UNANIMITY, 0, 0, {Y, Y, Y}, true},
      {pb::DecisionRule::UNANIMITY, 0, 0, {Y, Y, A}, false},
      {pb::DecisionRule::UNANIMITY, 0, 0, {Y, Y, X}, false},
      {pb::DecisionRule::CONSENSUS, 0, 0, {Y, A, X}, true},
      {pb::DecisionRule::CONSENSUS, 0, 0, {Y, Y, N}, false},
      {pb::DecisionRule::CONSENSUS, 0, 0, {A, A, A}, false},
      {pb::DecisionRule::QUALIFIED_MAJORITY, 2, 3, {Y, Y, N}, true},
      {pb::DecisionRule::QUALIFIED_MAJORITY, 2, 3, {Y, A, X}, false},
      {pb::DecisionRule::QUALIFIED_MAJORITY, 3, 4, {Y, Y, N}, false},
      {pb::DecisionRule::SIMPLE_MAJORITY, 0, 0, {Y, N, A}, false},
      {pb::DecisionRule::SIMPLE_MAJORITY, 0, 0, {Y, A, A}, true},
      {pb::DecisionRule::SIMPLE_MAJORITY, 0, 0, {Y, Y, N}, true},
  };
  for (const auto& row : rows) {
    INFO(pb::DecisionRule::Kind_Name(row.kind) << " " << row.num << "/" << row.den << " votes " << row.votes[0] << row.votes[1]
                                               << row.votes[2]);
    auto d = small_with_rule(row.kind, row.num, row.den);
    CHECK(adopted_with(d, row.votes) == row.adopted);
  }
}

TEST_CASE("silence counts as the rule says, a quorum is kept, and every tally carries its roll call and reason") {
  struct Row {
    pb::DecisionRule::Kind kind;
    pb::DecisionRule::NonVoter silent;
    int quorum;
    std::vector<pb::VoteChoice> votes;
    bool adopted;
    const char* reason;  // a phrase the reason must contain
  };
  const auto abstains = pb::DecisionRule::ABSTAINS;
  const auto no = pb::DecisionRule::COUNTS_AS_NO;
  const std::vector<Row> rows{
      {pb::DecisionRule::CONSENSUS, abstains, 0, {Y, X, X}, true, "2 delegations did not vote and count as abstaining"},
      {pb::DecisionRule::CONSENSUS, no, 0, {Y, X, X}, false, "2 objections; 2 delegations did not vote and count as no"},
      {pb::DecisionRule::CONSENSUS, no, 0, {Y, Y, A}, true, "no objection"},
      {pb::DecisionRule::SIMPLE_MAJORITY, abstains, 0, {Y, X, X}, true, "1 yes against 0 no"},
      {pb::DecisionRule::SIMPLE_MAJORITY, no, 0, {Y, X, X}, false, "1 yes against 2 no"},
      {pb::DecisionRule::UNANIMITY, no, 0, {Y, Y, X}, false, "unanimity needs all 3 yes, it had 2"},
      {pb::DecisionRule::CONSENSUS, abstains, 2, {Y, X, X}, false, "short of the quorum of 2"},
      {pb::DecisionRule::CONSENSUS, abstains, 2, {Y, A, X}, true, "no objection"},
  };
  for (const auto& row : rows) {
    INFO(pb::DecisionRule::Kind_Name(row.kind) << " " << pb::DecisionRule::NonVoter_Name(row.silent) << " quorum " << row.quorum
                                               << " votes " << row.votes[0] << row.votes[1] << row.votes[2]);
    auto d = small_with_rule(row.kind, 0, 0, row.silent, row.quorum);
    auto closed = close_with(d, row.votes);
    CHECK(closed.adopted_text_id().empty() == !row.adopted);
    REQUIRE(closed.tallies_size() == 1);
    const auto& t = closed.tallies(0);
    CHECK(t.reason().find(row.reason) != std::string::npos);
    CHECK(t.reason().rfind(row.adopted ? "passed" : "failed", 0) == 0);
    CHECK(t.yes_roles_size() + t.no_roles_size() + t.abstain_roles_size() + t.not_voted_size() == 3);
    CHECK_FALSE(closed.rule().empty());
  }
  SUBCASE("the roll call names each delegation under its vote") {
    auto d = small_with_rule(pb::DecisionRule::CONSENSUS);
    auto t = close_with(d, {Y, A, X}).tallies(0);
    CHECK(joined(t.yes_roles()) == "UPR");
    CHECK(joined(t.abstain_roles()) == "MID");
    CHECK(joined(t.no_roles()).empty());
    CHECK(joined(t.not_voted()) == "DWN");
  }
}

TEST_CASE("the rule reads as a sentence, including what silence means") {
  pb::DecisionRule rule;
  rule.set_kind(pb::DecisionRule::CONSENSUS);
  CHECK(parley::engine::describe_rule(rule) ==
        "consensus: a text passes with at least one yes and no objection; a delegation that does not vote counts as abstaining");
  rule.set_non_voter(pb::DecisionRule::COUNTS_AS_NO);
  rule.set_quorum(4);
  CHECK(parley::engine::describe_rule(rule).find("counts as voting no; at least 4 votes must be cast") != std::string::npos);
}

TEST_CASE("voters are the delegations the text's membership clause admits; the most supported text wins") {
  auto d = small_with_rule(pb::DecisionRule::SIMPLE_MAJORITY);
  d.go_to(1, "talks");
  d.ok("MID", table({{"W", "W4"}, {"D", "D2"}, {"J", "J1"}, {"A", "A2"}}));  // T1: MID and DWN only
  d.ok("UPR", table(kAll));                                                 // T2: all three
  d.go_to(1, "ballot");
  d.rejected("UPR", vote("DR1", Y), pb::NOT_ELIGIBLE);
  d.ok("MID", vote("DR1", Y));
  d.ok("DWN", vote("DR1", Y));
  d.ok("UPR", vote("DR2", Y));
  d.ok("MID", vote("DR2", Y));
  d.ok("DWN", vote("DR2", Y));
  auto closed = d.ok("CHAIR", advance()).at(0).vote_closed();
  CHECK(closed.tallies_size() == 2);
  CHECK(closed.tallies(0).voters() == 2);
  CHECK(closed.adopted_text_id() == "DR2");
}

TEST_CASE("pledges: within budget, reserved when made, settled on the recipient's signature") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  d.rejected("KSA", pledge("TUR", 10), pb::WRONG_PHASE);  // the brief allows no pledges
  d.go_to(1, "consultations");
  d.rejected("KSA", pledge("USA", 10), pb::INVALID_ARGUMENT);   // not a delegation
  d.rejected("KSA", pledge("KSA", 10), pb::INVALID_ARGUMENT);   // self
  d.rejected("KSA", pledge("TUR", 0), pb::INVALID_ARGUMENT);
  d.rejected("KSA", pledge("TUR", 101), pb::BUDGET_EXCEEDED);
  d.rejected("KSA", pledge("TUR", 5, pb::PLEDGE_CONDITION_UNSPECIFIED), pb::INVALID_ARGUMENT);
  d.rejected("WHITE", pledge("TUR", 5), pb::NOT_PERMITTED);
  d.rejected("KSA", pledge("NOPE", 5), pb::UNKNOWN_ID);
  d.ok("KSA", pledge("TUR", 40));                     // P1: paid if TUR signs
  d.ok("KSA", pledge("QAT", 50));                     // P2: paid if QAT signs
  d.ok("IND", pledge("QAT", 30, pb::IF_DECLINES));    // P3: paid if QAT does not sign
  d.ok("USA", pledge("IRN", 10, pb::IF_DECLINES));    // P4: Iran is never eligible, so never signs
  CHECK(d.state().roles(d.role("KSA")).budget() == 10);
  d.rejected("KSA", pledge("AZE", 11), pb::BUDGET_EXCEEDED);

  d.adopt({{"M", "M3"}, {"C", "C2"}, {"F", "F4"}, {"T", "T2"}, {"S", "S3"}, {"P", "P2"}, {"N", "N2"}}, "PAK");
  d.go_to(4, "signature");
  for (const char* r : {"PAK", "KSA", "TUR"}) d.ok(r, sign());
  d.ok("QAT", decline());
  d.ok("WHITE", advance());
  std::map<std::string, bool> paid;
  for (const auto& e : d.log()) {
    if (e.has_pledge_settled()) paid[e.pledge_settled().pledge_id()] = e.pledge_settled().paid();
  }
  CHECK(paid == std::map<std::string, bool>{{"PL1", true}, {"PL2", false}, {"PL3", true}, {"PL4", true}});
  CHECK(d.state().roles(d.role("KSA")).budget() == 60);   // 100 - 40 paid (50 came back)
  CHECK(d.state().roles(d.role("TUR")).budget() == 70);   // 30 + 40 received
  CHECK(d.state().roles(d.role("QAT")).budget() == 90);   // 60 + 30 from India
  CHECK(d.state().roles(d.role("IND")).budget() == 10);
  CHECK(d.state().roles(d.role("KSA")).paid() == 40);
  CHECK(d.state().roles(d.role("TUR")).received() == 40);
}

TEST_CASE("scheduled injects land with their phase; effects change only the role they name") {
  Driver d(kDefaultScenario);
  auto events = d.ok("WHITE", start());
  // Round 1 brief: the ceasefire collapse, shifting 5 of Iran's weight from C to S.
  bool released = false;
  for (const auto& e : events) {
    if (e.has_inject_released() && e.inject_released().inject_id() == "gaza") released = true;
  }
  CHECK(released);
  int irn = d.role("IRN");
  int c = *d.index().issue_index("C");
  int s = *d.index().issue_index("S");
  CHECK(d.state().roles(irn).weights(c) == 0);   // was 5, shifted away
  CHECK(d.state().roles(irn).weights(s) == 30);  // was 25
  CHECK(d.state().roles(d.role("PAK")).weights(c) == 25);  // untouched

  d.go_to(3, "brief");
  int ksa = d.role("KSA");
  auto [t, t1] = *d.index().option_index("T1");
  auto [t_, t2] = *d.index().option_index("T2");
  auto [p, p2] = *d.index().option_index("P2");
  CHECK(d.state().roles(ksa).scores(t).scores(t1) == 40);
  CHECK(d.state().roles(ksa).scores(t_).scores(t2) == 70);
  CHECK(d.state().roles(ksa).scores(p).scores(p2) == 100);  // +10, capped at 100
  // The oil strike lowers Riyadh's walk-away point by 5, the IMF review Islamabad's by 5.
  CHECK(d.state().roles(ksa).batna() == d.index().starting_profile(ksa).batna - 5);
  CHECK(d.state().roles(d.role("PAK")).batna() == d.index().starting_profile(d.role("PAK")).batna - 5);
  auto pak = parley::engine::current_profile(d.index(), d.state(), d.role("PAK"));
  auto [f, f1] = *d.index().option_index("F1");
  CHECK(pak.scores[f][f1] == 20);
  // Every scheduled inject so far was released once.
  CHECK(d.state().released_injects_size() == 5);

  // The analysis as of now uses the changed profiles: the Nash text is worth
  // less to KSA against a lower BATNA, and T1 (automatic) more.
  parley::engine::Analyzer now(d.index(), parley::engine::current_profiles(d.index(), d.state()));
  parley::engine::Analyzer start(d.index(), d.index().starting_profiles());
  parley::engine::Text automatic(d.index().issue_count(), 0);  // M1 C1 F1 T1 S1 P1 N1
  const auto& before = d.index().starting_profile(ksa);
  CHECK(now.utility_of(ksa, automatic) - start.utility_of(ksa, automatic) == doctest::Approx(before.weights[t] * (40 - before.scores[t][t1]) / 100.0));
  CHECK(now.run().acceptable != start.run().acceptable);
}

TEST_CASE("held injects and the leak are released by the white cell, once") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  d.ok("PAK", message("KSA", "we could accept rotation if you pay"));
  d.ok("WHITE", release("china-hosts"));
  d.rejected("WHITE", release("china-hosts"), pb::ALREADY_DONE);
  d.rejected("WHITE", release("nothing"), pb::UNKNOWN_ID);
  d.rejected("WHITE", release("leak", "m99"), pb::UNKNOWN_ID);
  auto leaked = d.ok("WHITE", release("leak", "m1"));
  REQUIRE(leaked.size() == 2);
  CHECK(leaked[1].message_leaked().text() == "we could accept rotation if you pay");
  CHECK(leaked[1].message_leaked().from() == "PAK");
  d.rejected("WHITE", release("leak", "m1"), pb::ALREADY_DONE);
}

namespace {

// Tables a text in this round's talks and casts the votes (UPR, MID, DWN) on it, then closes the ballot.
pb::VoteClosed ballot(Driver& d, int round, const std::map<std::string, std::string>& options, std::vector<pb::VoteChoice> votes) {
  d.go_to(round, "talks");
  auto id = d.ok("UPR", table(options)).at(0).text_tabled().text_id();
  d.go_to(round, "ballot");
  const char* roles[] = {"UPR", "MID", "DWN"};
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (votes[i] != pb::VOTE_CHOICE_UNSPECIFIED) d.ok(roles[i], vote(id, votes[i]));
  }
  return d.ok("CHAIR", advance()).at(0).vote_closed();
}

const std::map<std::string, std::string> kOther{{"W", "W3"}, {"D", "D1"}, {"J", "J3"}, {"A", "A1"}};

}  // namespace

TEST_CASE("an adopted text stands: a later text with fewer yes votes, or silence, never displaces it, under every rule") {
  struct Row {
    pb::DecisionRule::Kind kind;
    int num, den;
  };
  for (const auto& row : std::vector<Row>{{pb::DecisionRule::UNANIMITY, 0, 0},
                                          {pb::DecisionRule::CONSENSUS, 0, 0},
                                          {pb::DecisionRule::QUALIFIED_MAJORITY, 2, 3},
                                          {pb::DecisionRule::SIMPLE_MAJORITY, 0, 0}}) {
    for (auto silent : {pb::DecisionRule::ABSTAINS, pb::DecisionRule::COUNTS_AS_NO}) {
      INFO(pb::DecisionRule::Kind_Name(row.kind) << ", silence " << pb::DecisionRule::NonVoter_Name(silent));
      auto d = small_with_rule(row.kind, row.num, row.den, silent);
      auto first = ballot(d, 1, kAll, {Y, Y, Y});
      REQUIRE(first.adopted_text_id() == "DR1");
      CHECK(first.outcome() == "DR1 is adopted with 3 yes votes.");
      CHECK(d.session().state().adopted_yes() == 3);

      // Round 2: one delegation votes yes on another text and the others stay silent.
      auto second = ballot(d, 2, kOther, {Y, X, X});
      CHECK(second.adopted_text_id().empty());
      CHECK(second.standing_text_id() == "DR1");
      CHECK(d.session().state().adopted_text_id() == "DR1");
      bool passed = second.tallies_size() == 1 && second.tallies(0).passed();
      CHECK(second.outcome() == (passed ? "DR2 passed with 1 yes vote but does not displace DR1, adopted with 3 yes votes: a text needs at "
                                          "least 3 yes votes to replace it."
                                        : "No text passed; DR1 stands, adopted with 3 yes votes."));
    }
  }
}

TEST_CASE("a later text with as many yes votes replaces the standing one; the scenario may let the latest vote decide") {
  auto d = small_with_rule(pb::DecisionRule::CONSENSUS);
  ballot(d, 1, kAll, {Y, Y, A});
  auto equal = ballot(d, 2, kOther, {Y, Y, X});
  CHECK(equal.adopted_text_id() == "DR2");
  CHECK(equal.standing_text_id() == "DR2");
  CHECK(equal.outcome() == "DR2 is adopted with 2 yes votes, replacing DR1 (adopted with 2 yes votes).");
  CHECK(d.session().state().adopted_text_id() == "DR2");

  auto s = load_scenario(kSmallScenario);
  s.mutable_structure()->mutable_adoption()->set_kind(pb::DecisionRule::CONSENSUS);
  s.mutable_structure()->set_standing(pb::Structure::LATEST);
  Driver latest(s);
  latest.phases("talks", "ballot");
  latest.ok("CHAIR", start());
  ballot(latest, 1, kAll, {Y, Y, Y});
  auto one = ballot(latest, 2, kOther, {Y, X, X});
  CHECK(one.adopted_text_id() == "DR2");
  CHECK(latest.session().state().adopted_text_id() == "DR2");
  CHECK(one.rule().find("replaces any text adopted before") != std::string::npos);
}

TEST_CASE("the rule in words says what becomes of an adopted text") {
  pb::Structure holds;
  CHECK(parley::engine::adoption_pick(holds).find("stands until another passes with at least as many yes votes") != std::string::npos);
  CHECK(parley::engine::adoption_pick(holds).find("silence never displaces it") != std::string::npos);
  pb::Structure latest;
  latest.set_standing(pb::Structure::LATEST);
  CHECK(parley::engine::adoption_pick(latest).find("replaces any text adopted before") != std::string::npos);
}
