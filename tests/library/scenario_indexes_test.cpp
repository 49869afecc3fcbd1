#include "library/scenario_indexes.hpp"

#include <doctest/doctest.h>

#include "engine/scenario_fixture.hpp"

using parley::app::ScenarioIndexes;

namespace {
std::string bytes_of(const char* name) { return parley::test::load_scenario(name).SerializeAsString(); }
}  // namespace

TEST_CASE("the same scenario bytes are parsed once, whoever reads them; different bytes get their own index") {
  ScenarioIndexes indexes;
  auto big = bytes_of(parley::test::kDefaultScenario);
  auto first = indexes.get(big, "session a: the scenario");
  auto again = indexes.get(big, "scenario 'x' version 2");
  REQUIRE(first);
  REQUIRE(again);
  CHECK(first.value() == again.value());
  CHECK(first.value()->scenario().id() == parley::test::kDefaultScenario);
  auto small = indexes.get(bytes_of(parley::test::kSmallScenario), "session b: the scenario");
  REQUIRE(small);
  CHECK(small.value() != first.value());
  CHECK(small.value()->scenario().id() == parley::test::kSmallScenario);
}

TEST_CASE("bytes that do not parse are damage, named as the caller put it, and nothing is kept") {
  ScenarioIndexes indexes;
  auto broken = indexes.get("\xff\xff\xff", "session s1: the scenario");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == parley::ErrorCode::corrupt);
  CHECK(broken.error().message.find("session s1: the scenario is corrupt") == 0);
}

TEST_CASE("an index built elsewhere is remembered for its bytes, and a full cache starts over rather than growing") {
  ScenarioIndexes indexes(1);
  auto big = bytes_of(parley::test::kDefaultScenario);
  auto built = std::make_shared<const parley::engine::ScenarioIndex>(parley::test::load_scenario(parley::test::kDefaultScenario));
  indexes.remember(big, built);
  CHECK(indexes.get(big, "s").value() == built);
  auto small = indexes.get(bytes_of(parley::test::kSmallScenario), "s");
  REQUIRE(small);
  auto reparsed = indexes.get(big, "s");
  REQUIRE(reparsed);
  CHECK(reparsed.value() != built);  // pushed out by the other one: parsed again, same scenario
  CHECK(reparsed.value()->scenario().id() == built->scenario().id());
}
