// The scenario's named outcomes: each condition kind, the order, and "other".

#include "engine/outcome_category.hpp"

#include <doctest/doctest.h>
#include <google/protobuf/text_format.h>

#include "scenario_fixture.hpp"

using namespace parley;
namespace pb = parley::v1;

namespace {

// A session's end as the categories read it: who signed, what was adopted, in force, its crises.
struct End {
  std::vector<std::string> signers;
  std::map<std::string, std::string> adopted;  // issue -> option; empty: nothing adopted
  bool in_force = false;
  std::vector<std::pair<bool, std::string>> crises;  // (obliged, outcome)
};

pb::SessionState state_of(const engine::ScenarioIndex& index, const End& end) {
  pb::SessionState s;
  for (int r = 0; r < index.role_count(); ++r) s.add_roles()->set_role(index.role(r).id());
  for (const auto& id : end.signers) s.mutable_roles(*index.role_index(id))->set_signature(pb::SIGNED);
  if (!end.adopted.empty()) {
    auto* t = s.add_texts();
    t->set_text_id("DR1");
    for (const auto& [issue, option] : end.adopted) (*t->mutable_options())[issue] = option;
    s.set_adopted_text_id("DR1");
  }
  s.set_in_force(end.in_force);
  for (const auto& [obliged, outcome] : end.crises) {
    auto* c = s.add_crisis_outcomes();
    c->set_obligation(obliged);
    c->set_outcome(outcome);
  }
  return s;
}

const std::map<std::string, std::string> kCoreSymbolic{{"M", "M3"}, {"C", "C3"}, {"F", "F4"}, {"T", "T4"}, {"S", "S2"}, {"P", "P2"}, {"N", "N2"}};
const std::map<std::string, std::string> kCoreBinding{{"M", "M3"}, {"C", "C2"}, {"F", "F1"}, {"T", "T2"}, {"S", "S2"}, {"P", "P2"}, {"N", "N2"}};
const std::map<std::string, std::string> kTwoPlusX{{"M", "M2"}, {"C", "C3"}, {"F", "F4"}, {"T", "T2"}, {"S", "S3"}, {"P", "P2"}, {"N", "N2"}};
const std::map<std::string, std::string> kTrilateral{{"M", "M5"}, {"C", "C2"}, {"F", "F1"}, {"T", "T2"}, {"S", "S3"}, {"P", "P2"}, {"N", "N2"}};

std::string reached(const engine::ScenarioIndex& index, const End& end) {
  auto o = engine::outcome_category(index, state_of(index, end));
  REQUIRE(o.has_value());
  return o->id();
}

pb::OutcomeCondition condition(const std::string& text) {
  pb::OutcomeCondition c;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, &c));
  return c;
}

}  // namespace

TEST_CASE("the default scenario names the analysis's paths, the first that fits winning") {
  engine::ScenarioIndex index(test::load_scenario(test::kDefaultScenario));
  const std::vector<std::string> five{"PAK", "KSA", "TUR", "AZE", "QAT"};
  // Riyadh out, the three in: the trilateral, whatever else holds.
  CHECK(reached(index, {{"PAK", "TUR", "AZE"}, kTrilateral, true, {{true, "held"}}}) == "trilateral");
  // The founders' 2+X text, even when all five signed it and it binds: 2+X comes before the alliance.
  CHECK(reached(index, {five, kTwoPlusX, true, {{true, "held"}}}) == "two-plus-x");
  // A core-bloc text only the founders and one more signed: a small core around them reads as 2+X.
  CHECK(reached(index, {{"PAK", "KSA", "QAT"}, kCoreBinding, true, {{true, "failed"}}}) == "two-plus-x");
  // Five members, consultation only: symbolic. Five members, a binding trigger no crisis invoked: symbolic.
  CHECK(reached(index, {five, kCoreSymbolic, true, {{false, "not invoked"}}}) == "symbolic");
  CHECK(reached(index, {five, kCoreBinding, true, {{false, "not invoked"}, {false, "not invoked"}}}) == "symbolic");
  // Five members bound, and a crisis that obliged them (held or not): the binding alliance.
  CHECK(reached(index, {five, kCoreBinding, true, {{false, "not invoked"}, {true, "failed"}}}) == "full-alliance");
  // Nothing in force, whatever was signed.
  CHECK(reached(index, {{"PAK", "TUR", "AZE", "QAT"}, kCoreBinding, false, {}}) == "no-agreement");
  CHECK(reached(index, {{}, {}, false, {}}) == "no-agreement");
}

TEST_CASE("a session none of the categories fits is 'other'; a scenario naming none has no category") {
  auto scenario = test::load_scenario(test::kDefaultScenario);
  scenario.mutable_outcomes()->RemoveLast();  // no "no agreement" any more
  engine::ScenarioIndex index(scenario);
  auto other = engine::outcome_category(index, state_of(index, {{}, {}, false, {}}));
  REQUIRE(other.has_value());
  CHECK(other->id() == engine::kOtherOutcomeId);
  CHECK(other->name() == engine::kOtherOutcomeName);
  scenario.clear_outcomes();
  engine::ScenarioIndex none(scenario);
  CHECK_FALSE(engine::outcome_category(none, state_of(none, {{}, {}, false, {}})).has_value());
}

TEST_CASE("each condition part holds or fails on its own") {
  engine::ScenarioIndex index(test::load_scenario(test::kDefaultScenario));
  auto s = state_of(index, {{"PAK", "KSA", "QAT"}, kCoreBinding, true, {{true, "held"}, {false, "not invoked"}}});
  auto holds = [&](const std::string& text) { return engine::condition_holds(index, condition(text), s); };
  CHECK(holds("in_force: YES"));
  CHECK_FALSE(holds("in_force: NO"));
  CHECK(holds("adopted: YES"));
  CHECK_FALSE(holds("adopted: NO"));
  CHECK(holds("signed: [\"PAK\", \"QAT\"]"));
  CHECK_FALSE(holds("signed: [\"PAK\", \"TUR\"]"));  // every one listed must have signed
  CHECK(holds("not_signed: [\"TUR\", \"AZE\"]"));
  CHECK_FALSE(holds("not_signed: [\"TUR\", \"KSA\"]"));  // none listed may have signed
  CHECK(holds("min_signatories: 3"));
  CHECK_FALSE(holds("min_signatories: 4"));
  CHECK(holds("max_signatories: 3"));
  CHECK_FALSE(holds("max_signatories: 2"));
  CHECK(holds("options_any: [\"T1\", \"T2\"]"));
  CHECK_FALSE(holds("options_any: [\"T1\", \"T4\"]"));
  CHECK(holds("options_none: [\"T4\", \"S1\"]"));
  CHECK_FALSE(holds("options_none: [\"T4\", \"C2\"]"));
  CHECK(holds("crises: SOME_INVOKED"));
  CHECK(holds("crises: SOME_HELD"));
  CHECK_FALSE(holds("crises: NONE_INVOKED"));
  CHECK_FALSE(holds("crises: SOME_FAILED"));
  // Parts combine: all must hold.
  CHECK(holds("in_force: YES signed: [\"KSA\"] options_any: [\"M3\"] crises: SOME_HELD"));
  CHECK_FALSE(holds("in_force: YES signed: [\"KSA\"] options_any: [\"M2\"]"));
  // Nothing adopted: no option is held, so options_any fails and options_none holds.
  auto empty = state_of(index, {{}, {}, false, {}});
  CHECK_FALSE(engine::condition_holds(index, condition("options_any: [\"M3\"]"), empty));
  CHECK(engine::condition_holds(index, condition("options_none: [\"M3\"]"), empty));
  CHECK(engine::condition_holds(index, condition("crises: NONE_INVOKED"), empty));  // no stress test ran
}
