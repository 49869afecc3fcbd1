// A session status has one spelling in every layer: the database, the API and the logs.

#include <doctest/doctest.h>

#include "engine/state_access.hpp"

namespace pb = parley::v1;
using parley::engine::status_from_name;
using parley::engine::status_name;

TEST_CASE("each status reads back from its name; other words are no status") {
  for (auto s : {pb::LOBBY, pb::RUNNING, pb::PAUSED, pb::ENDED}) {
    INFO(status_name(s));
    REQUIRE(status_from_name(status_name(s)) == s);
  }
  CHECK(status_name(pb::RUNNING) == "running");
  CHECK(status_name(static_cast<pb::SessionStatus>(99)) == "unknown");
  for (const char* word : {"", "unknown", "Running", "stopped"}) {
    INFO(word);
    CHECK_FALSE(status_from_name(word).has_value());
  }
}
