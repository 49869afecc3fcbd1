// The white cell's notes and rulings: who may make them, what a ruling's
// effects may be, and what they change.

#include <doctest/doctest.h>

#include <cmath>

#include "driver.hpp"

using namespace parley::test;

namespace {

pb::Command note(const std::string& text) {
  return make([&](pb::Command& c) { c.mutable_note()->set_text(text); });
}

pb::Command ruling(const std::string& text, std::vector<std::string> audience = {}, std::vector<pb::Effect> effects = {}) {
  return make([&](pb::Command& c) {
    c.mutable_adjudicate()->set_text(text);
    for (const auto& a : audience) c.mutable_adjudicate()->add_audience(a);
    for (const auto& e : effects) *c.mutable_adjudicate()->add_effects() = e;
  });
}

pb::Effect batna(const std::string& role, double delta) {
  pb::Effect e;
  e.set_role(role);
  e.set_batna_delta(delta);
  return e;
}

pb::Effect score(const std::string& role, const std::string& option, double value, bool set) {
  pb::Effect e;
  e.set_role(role);
  e.mutable_score()->set_option(option);
  e.mutable_score()->set_delta(value);
  e.mutable_score()->set_set(set);
  return e;
}

}  // namespace

TEST_CASE("notes are the white cell's alone, in the lobby, in play and after the end") {
  Driver d(kDefaultScenario);
  auto lobby = d.ok("WHITE", note("waiting for Ankara"));
  REQUIRE(lobby.size() == 1);
  CHECK(lobby.at(0).note_recorded().text() == "waiting for Ankara");
  d.rejected("PAK", note("mine"), pb::NOT_PERMITTED);
  d.rejected("WHITE", note(""), pb::INVALID_ARGUMENT);
  d.ok("WHITE", start());
  d.ok("WHITE", make([](pb::Command& c) { c.mutable_end(); }));
  d.ok("WHITE", note("debrief: KSA never tabled"));  // for the review
}

TEST_CASE("a ruling is numbered, reaches its audience, and changes the profiles it names") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  double before = d.state().roles(*d.index().role_index("KSA")).batna();
  auto events = d.ok("WHITE", ruling("The oil strike hits Saudi revenues.", {"KSA", "TUR"}, {batna("KSA", -5), score("KSA", "C2", 70, true)}));
  REQUIRE(events.size() == 2);  // the ruling, then KSA's profile change
  CHECK(events.at(0).ruling().ruling_id() == "AJ1");
  CHECK(events.at(0).ruling().audience_size() == 2);
  CHECK(events.at(1).profile_changed().role() == "KSA");
  CHECK(events.at(1).profile_changed().ruling_id() == "AJ1");
  const auto& ksa = d.state().roles(*d.index().role_index("KSA"));
  CHECK(ksa.batna() == doctest::Approx(before - 5));
  auto [c, c2] = *d.index().option_index("C2");
  CHECK(ksa.scores(c).scores(c2) == doctest::Approx(70));
  CHECK(d.ok("WHITE", ruling("A second ruling for everyone.")).at(0).ruling().ruling_id() == "AJ2");
}

TEST_CASE("a ruling's effects are checked before anything changes") {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  pb::Effect two = batna("KSA", 5);
  two.mutable_score()->set_option("C2");
  pb::Effect shift;
  shift.set_role("PAK");
  shift.mutable_weight_shift()->set_from_issue("M");
  shift.mutable_weight_shift()->set_to_issue("Q");
  shift.mutable_weight_shift()->set_amount(5);
  struct Row {
    pb::Command command;
    pb::RejectionCode code;
    const char* why;
  };
  const std::vector<Row> rows{
      {ruling("x", {}, {batna("NOBODY", 5)}), pb::INVALID_ARGUMENT, "'NOBODY' is not a role"},
      {ruling("x", {}, {batna("WHITE", 5)}), pb::INVALID_ARGUMENT, "has no preferences"},
      {ruling("x", {}, {two}), pb::INVALID_ARGUMENT, "exactly one change"},
      {ruling("x", {}, {batna("KSA", std::nan(""))}), pb::INVALID_ARGUMENT, "finite"},
      {ruling("x", {}, {score("KSA", "Z9", 5, false)}), pb::INVALID_ARGUMENT, "'Z9' is not an option"},
      {ruling("x", {}, {score("KSA", "C2", -10, true)}), pb::INVALID_ARGUMENT, "0..100 when it sets"},
      {ruling("x", {}, {shift}), pb::INVALID_ARGUMENT, "names issues of this scenario"},
      {ruling("x", {"NOBODY"}), pb::UNKNOWN_ID, "audience 'NOBODY'"},
      {ruling(""), pb::INVALID_ARGUMENT, "the ruling is empty"},
  };
  for (const auto& row : rows) {
    INFO(row.command.ShortDebugString());
    auto rejection = d.rejected("WHITE", row.command, row.code);
    CHECK(rejection.message.find(row.why) != std::string::npos);
  }
  d.rejected("KSA", ruling("I rule"), pb::NOT_PERMITTED);
  CHECK(d.state().id_counters().count("AJ") == 0);  // nothing was numbered
}
