// Idempotency answers: a retry finds its answer; memory stays bounded per seat.

#include <doctest/doctest.h>

#include "session/answer_cache.hpp"

using parley::RequestKey;
using parley::app::AnswerCache;

namespace {
parley::v1::ServerEnvelope ack(std::uint64_t seq) {
  parley::v1::ServerEnvelope env;
  env.mutable_ack()->set_seq(seq);
  return env;
}
}  // namespace

TEST_CASE("a seat's recent answers are found again; its oldest are forgotten past the bound, other seats untouched") {
  AnswerCache cache(256);
  cache.remember(RequestKey{"KSA", 0, "r-ksa"}, ack(1));
  for (int i = 0; i < 1000; ++i) cache.remember(RequestKey{"PAK", 0, "r" + std::to_string(i)}, ack(100 + i));
  CHECK(cache.size() == 257);  // 1,000 commands from one seat hold 256 answers, not 1,000
  CHECK(cache.find(RequestKey{"PAK", 0, "r0"}) == nullptr);
  REQUIRE(cache.find(RequestKey{"PAK", 0, "r999"}) != nullptr);
  CHECK(cache.find(RequestKey{"PAK", 0, "r999"})->ack().seq() == 1099);
  CHECK(cache.find(RequestKey{"PAK", 0, "r744"})->ack().seq() == 844);
  CHECK(cache.find(RequestKey{"PAK", 0, "r743"}) == nullptr);
  CHECK(cache.find(RequestKey{"KSA", 0, "r-ksa"})->ack().seq() == 1);
  CHECK(cache.find(RequestKey{"PAK", 1, "r999"}) == nullptr);  // another seat of the same role
}

TEST_CASE("remembering the same request again replaces its answer without taking another place") {
  AnswerCache cache(2);
  cache.remember(RequestKey{"PAK", 0, "a/b"}, ack(1));
  cache.remember(RequestKey{"PAK", 0, "a/b"}, ack(2));
  cache.remember(RequestKey{"PAK", 0, "c"}, ack(3));
  CHECK(cache.size() == 2);
  CHECK(cache.find(RequestKey{"PAK", 0, "a/b"})->ack().seq() == 2);
}
