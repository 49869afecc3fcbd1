// Accept and reject paths of every command, on the shipped scenarios.

#include <doctest/doctest.h>

#include "driver.hpp"

using namespace parley::test;

namespace {
const std::map<std::string, std::string> kNash{{"M", "M3"}, {"C", "C2"}, {"F", "F4"}, {"T", "T2"},
                                              {"S", "S3"}, {"P", "P2"}, {"N", "N2"}};

Driver started() {
  Driver d(kDefaultScenario);
  d.ok(d.white(), start());
  return d;
}
}  // namespace

TEST_CASE("lifecycle: only the white cell runs the clock") {
  Driver d(kDefaultScenario);
  d.rejected("PAK", message("KSA", "hello"), pb::SESSION_NOT_RUNNING);
  d.rejected("PAK", start(), pb::NOT_PERMITTED);
  auto events = d.ok("WHITE", start());
  REQUIRE(events.size() >= 2);
  CHECK(events[0].has_session_started());
  CHECK(events[1].phase_started().phase() == "brief");
  CHECK(d.state().deadline_ms() == d.now() + 300'000);
  d.rejected("WHITE", start(), pb::ALREADY_DONE);

  SUBCASE("pause stops the clock and the procedure, not private talk; resume gives back the time left") {
    d.wait(100'000);
    d.ok("WHITE", make([](pb::Command& c) { c.mutable_pause(); }));
    d.ok("PAK", message("KSA", "while they confer: rotation?"));  // the corridors stay open
    d.rejected("PAK", statement("for the record"), pb::SESSION_NOT_RUNNING);  // procedure waits
    d.wait(10'000'000);
    d.ok("", tick());
    CHECK(d.state().phase() == "brief");
    d.ok("WHITE", make([](pb::Command& c) { c.mutable_resume(); }));
    CHECK(d.state().deadline_ms() - d.now() == doctest::Approx(200'000).epsilon(0.001));
    d.rejected("WHITE", make([](pb::Command& c) { c.mutable_resume(); }), pb::SESSION_NOT_RUNNING);
  }
  SUBCASE("ticks close a phase only at its deadline, one phase per tick") {
    auto none = d.ok("", tick());
    CHECK(none.empty());
    d.wait(300'000);
    d.ok("", tick());
    CHECK(d.state().phase() == "consultations");
    CHECK(d.state().deadline_ms() == d.now() + 900'000);
  }
  SUBCASE("extend and time scale move the deadline") {
    auto before = d.state().deadline_ms();
    d.ok("WHITE", make([](pb::Command& c) { c.mutable_extend()->set_seconds(60); }));
    CHECK(d.state().deadline_ms() == before + 60'000);
    d.rejected("WHITE", make([](pb::Command& c) { c.mutable_extend()->set_seconds(0); }), pb::INVALID_ARGUMENT);
    d.ok("WHITE", make([](pb::Command& c) { c.mutable_time_scale()->set_factor(60); }));
    CHECK(d.state().deadline_ms() - d.now() < 7'000);
    d.ok("WHITE", advance());
    CHECK(d.state().deadline_ms() - d.now() == 15'000);  // 900 s at 60x
    d.rejected("WHITE", make([](pb::Command& c) { c.mutable_time_scale()->set_factor(0); }), pb::INVALID_ARGUMENT);
  }
  SUBCASE("end is final") {
    d.ok("WHITE", make([](pb::Command& c) { c.mutable_end()->set_reason("time is up"); }));
    CHECK(d.state().status() == pb::ENDED);
    CHECK(d.state().end_reason() == "time is up");
    d.rejected("WHITE", make([](pb::Command& c) { c.mutable_end(); }), pb::ALREADY_DONE);
    d.rejected("PAK", message("KSA", "hello"), pb::SESSION_NOT_RUNNING);
  }
}

TEST_CASE("who may act at all") {
  auto d = started();
  d.rejected("OBS", message("KSA", "hello"), pb::NOT_PERMITTED);
  d.rejected("XYZ", message("KSA", "hello"), pb::NOT_PERMITTED);
  d.rejected("PAK", message("KSA", "hello"), pb::NOT_PERMITTED, 9);  // PAK has two advisers
  d.rejected("PAK", tick(), pb::NOT_PERMITTED);
  d.rejected("", message("KSA", "hello"), pb::NOT_PERMITTED);
  d.rejected("PAK", pb::Command(), pb::INVALID_ARGUMENT);
  d.ok("OBS", make([](pb::Command& c) { c.mutable_claim_seat(); }), 3);
  d.rejected("OBS", make([](pb::Command& c) { c.mutable_claim_seat(); }), pb::ALREADY_DONE, 3);
  for (const char* white_only : {"pause", "advance", "end"}) {
    INFO(white_only);
    pb::Command c;
    if (std::string(white_only) == "pause") c.mutable_pause();
    if (std::string(white_only) == "advance") c.mutable_advance();
    if (std::string(white_only) == "end") c.mutable_end();
    d.rejected("KSA", c, pb::NOT_PERMITTED);
  }
  d.rejected("KSA", release("gaza"), pb::NOT_PERMITTED);
}

TEST_CASE("talk: messages, caucus rooms, statements") {
  auto d = started();
  auto sent = d.ok("PAK", message("KSA", "shall we talk?"));
  CHECK(sent.at(0).message_sent().message_id() == "m1");
  d.ok("USA", message("QAT", "a word"));
  d.ok("WHITE", message("IRN", "procedural note"));
  d.rejected("PAK", message("PAK", "me"), pb::INVALID_ARGUMENT);
  d.rejected("PAK", message("ZZZ", "who"), pb::UNKNOWN_ID);
  d.rejected("PAK", message("OBS", "psst"), pb::NOT_PERMITTED);
  d.rejected("PAK", message("KSA", ""), pb::INVALID_ARGUMENT);
  d.rejected("PAK", message("KSA", std::string(9000, 'x')), pb::INVALID_ARGUMENT);
  d.rejected("PAK", room("gulf", {"KSA"}), pb::WRONG_PHASE);  // the brief allows messages only

  d.go_to(1, "consultations");
  auto created = d.ok("KSA", room("gulf", {"QAT", "QAT"}));
  std::string room_id = created.at(0).room_created().room_id();
  CHECK(room_id == "#gulf");  // rooms are named, never numbered like a round
  CHECK(created.at(0).room_created().members_size() == 2);
  d.ok("QAT", post(room_id, "agreed"));
  CHECK(d.ok("QAT", post("Gulf", "by name")).at(0).room_message().room_id() == "#gulf");
  d.rejected("QAT", room("GULF", {"KSA"}), pb::ALREADY_DONE);  // the same name, the same room id
  CHECK(d.ok("QAT", room("Gulf states, with Saudi Arabia", {"KSA"})).at(0).room_created().room_id() ==
        "#gulf-states-with-saudi-arabia");
  CHECK(d.ok("QAT", room("الخليج", {"KSA"})).at(0).room_created().room_id() == "#room-3");  // the third room
  d.ok("WHITE", post(room_id, "ten minutes left"));
  d.rejected("TUR", post(room_id, "let me in"), pb::NOT_ELIGIBLE);
  d.rejected("KSA", post("#nowhere", "hello"), pb::UNKNOWN_ID);
  d.rejected("KSA", room("alone", {}), pb::INVALID_ARGUMENT);
  d.rejected("KSA", room("", {"QAT"}), pb::INVALID_ARGUMENT);
  d.rejected("KSA", statement("we are ready"), pb::WRONG_PHASE);

  d.go_to(1, "plenary");
  d.ok("KSA", statement("we are ready"));
  d.ok("CHN", statement("we offer our good offices"));
}

TEST_CASE("texts: table, amend, withdraw, co-sponsor") {
  auto d = started();
  d.rejected("PAK", table(kNash), pb::WRONG_PHASE);
  d.go_to(1, "plenary");
  d.rejected("USA", table(kNash), pb::NOT_PERMITTED);
  d.rejected("PAK", table({{"M", "C1"}}), pb::INVALID_TEXT);
  d.rejected("PAK", table({{"Q", "M1"}}), pb::INVALID_TEXT);
  d.rejected("PAK", table({}), pb::INVALID_TEXT);

  auto t1 = d.ok("PAK", table({{"M", "M3"}, {"C", "C1"}}, "Islamabad draft")).at(0).text_tabled();
  CHECK(t1.text_id() == "DR1");
  CHECK(t1.title() == "Islamabad draft");
  auto t2 = d.ok("KSA", amend("DR1", {{"C", "C3"}, {"F", "F4"}})).at(0).text_tabled();
  CHECK(t2.parent_id() == "DR1");
  CHECK(t2.options().at("M") == "M3");
  CHECK(t2.options().at("C") == "C3");
  d.rejected("KSA", amend("DR1", {{"C", "C1"}}), pb::INVALID_TEXT);  // no change
  d.rejected("KSA", amend("DR9", {{"C", "C1"}}), pb::UNKNOWN_ID);

  d.ok("TUR", make([](pb::Command& c) { c.mutable_cosponsor_text()->set_text_id("DR1"); }));
  d.rejected("TUR", make([](pb::Command& c) { c.mutable_cosponsor_text()->set_text_id("DR1"); }), pb::ALREADY_DONE);
  d.rejected("PAK", make([](pb::Command& c) { c.mutable_cosponsor_text()->set_text_id("DR1"); }), pb::ALREADY_DONE);

  d.rejected("KSA", make([](pb::Command& c) { c.mutable_withdraw_text()->set_text_id("DR1"); }), pb::NOT_PERMITTED);
  d.ok("PAK", make([](pb::Command& c) { c.mutable_withdraw_text()->set_text_id("DR1"); }));
  d.rejected("PAK", make([](pb::Command& c) { c.mutable_withdraw_text()->set_text_id("DR1"); }), pb::ALREADY_DONE);
  d.rejected("KSA", amend("DR1", {{"C", "C2"}}), pb::ALREADY_DONE);
}

TEST_CASE("votes: who, when, on what; changeable until the phase closes") {
  auto d = started();
  d.go_to(1, "plenary");
  d.ok("PAK", table(kNash));
  d.ok("PAK", table({{"M", "M3"}}));
  d.rejected("PAK", vote("DR1", pb::YES), pb::WRONG_PHASE);
  d.go_to(1, "vote");
  d.rejected("PAK", vote("DR2", pb::YES), pb::INVALID_TEXT);  // partial
  d.rejected("IRN", vote("DR1", pb::YES), pb::NOT_ELIGIBLE);  // M3 leaves Iran out
  d.rejected("PAK", vote("DR1", pb::YES), pb::NOT_PERMITTED, 1);  // an adviser
  d.rejected("USA", vote("DR1", pb::YES), pb::NOT_PERMITTED);
  d.rejected("PAK", vote("DR1", pb::VOTE_CHOICE_UNSPECIFIED), pb::INVALID_ARGUMENT);
  d.rejected("PAK", vote("DR7", pb::YES), pb::UNKNOWN_ID);
  d.ok("KSA", vote("DR1", pb::NO));
  d.ok("KSA", vote("DR1", pb::YES));  // changed
  for (const char* r : {"PAK", "TUR", "AZE"}) d.ok(r, vote("DR1", pb::YES));
  d.ok("QAT", vote("DR1", pb::ABSTAIN));
  auto closed = d.ok("WHITE", advance());
  REQUIRE(closed.at(0).has_vote_closed());
  const auto& tally = closed.at(0).vote_closed().tallies(0);
  CHECK(tally.yes() == 4);
  CHECK(tally.abstain() == 1);
  CHECK(tally.voters() == 5);
  CHECK(tally.passed());  // consensus: abstention does not block
  CHECK(d.state().adopted_text_id() == "DR1");
  d.rejected("PAK", make([](pb::Command& c) { c.mutable_withdraw_text()->set_text_id("DR1"); }), pb::WRONG_PHASE);
}

TEST_CASE("signature and entry into force") {
  auto d = started();
  d.go_to(4, "signature");
  d.rejected("PAK", sign(), pb::NOT_ELIGIBLE);  // nothing adopted
  d.ok("WHITE", advance());
  REQUIRE(d.log().size() >= 2);
  bool saw = false;
  for (const auto& e : d.log()) {
    if (e.has_signature_closed()) {
      saw = true;
      CHECK_FALSE(e.signature_closed().in_force());
      CHECK(e.signature_closed().reason() == "no text was adopted");
    }
  }
  CHECK(saw);
  CHECK(d.state().status() == pb::ENDED);  // no treaty, no stress test
}

TEST_CASE("signing: eligible heads only, once, red lines flagged, founders required") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  // S1 names Israel: a red line for KSA and AZE, who may still sign.
  auto id = d.adopt({{"M", "M3"}, {"C", "C2"}, {"F", "F4"}, {"T", "T2"}, {"S", "S1"}, {"P", "P2"}, {"N", "N2"}}, "PAK");
  REQUIRE(id == "DR1");
  d.rejected("PAK", sign(), pb::WRONG_PHASE);
  d.go_to(4, "signature");
  d.rejected("IRN", sign(), pb::NOT_ELIGIBLE);
  d.rejected("USA", sign(), pb::NOT_PERMITTED);
  d.rejected("PAK", sign(), pb::NOT_PERMITTED, 1);
  auto signed_ev = d.ok("KSA", sign());
  CHECK(signed_ev.at(0).treaty_signed().breaks_red_line());
  CHECK_FALSE(d.ok("PAK", sign()).at(0).treaty_signed().breaks_red_line());
  d.rejected("KSA", sign(), pb::ALREADY_DONE);
  d.rejected("KSA", decline(), pb::ALREADY_DONE);
  d.ok("TUR", decline());

  SUBCASE("both founders signed: in force") {
    d.ok("WHITE", advance());
    CHECK(d.state().in_force());
    CHECK(d.state().stage() == pb::STRESS_TEST);
  }
}

TEST_CASE("without a required founder the treaty does not enter into force") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  d.adopt(kNash, "PAK");
  d.go_to(4, "signature");
  for (const char* r : {"PAK", "TUR", "AZE", "QAT"}) d.ok(r, sign());
  d.ok("KSA", decline());
  d.ok("WHITE", advance());
  CHECK_FALSE(d.state().in_force());
  CHECK(d.state().status() == pb::ENDED);
  bool found = false;
  for (const auto& e : d.log()) {
    if (e.has_signature_closed()) {
      found = true;
      CHECK(e.signature_closed().reason() == "KSA did not sign");
      CHECK(e.signature_closed().signatories_size() == 4);
    }
  }
  CHECK(found);
}

TEST_CASE("the small scenario: two rounds, qualified majority, signing without a stress test") {
  Driver d(kSmallScenario);
  d.phases("talks", "ballot");
  d.ok("CHAIR", start());
  d.go_to(1, "talks");
  d.ok("UPR", table({{"W", "W4"}, {"D", "D1"}, {"J", "J3"}, {"A", "A1"}}));
  d.go_to(1, "ballot");
  d.ok("UPR", vote("DR1", pb::YES));
  d.ok("MID", vote("DR1", pb::YES));
  d.ok("DWN", vote("DR1", pb::NO));
  d.ok("CHAIR", advance());
  CHECK(d.state().adopted_text_id() == "DR1");  // 2 of 3 meets two-thirds
  d.go_to(2, "signing");
  d.ok("UPR", sign());
  d.ok("MID", sign());
  d.ok("CHAIR", advance());
  CHECK(d.state().in_force());
  CHECK(d.state().status() == pb::ENDED);  // no stress test in this scenario
}
