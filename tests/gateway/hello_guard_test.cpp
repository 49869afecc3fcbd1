// Failed hellos per address (app/hello_guard.hpp), on a clock the test sets.

#include <doctest/doctest.h>

#include "gateway/hello_guard.hpp"

using parley::app::HelloGuard;

TEST_CASE("after the limit of unknown codes an address waits out the minute; others are not affected") {
  HelloGuard guard(3);
  std::int64_t t = 1'000'000;
  for (int i = 0; i < 3; ++i) {
    CHECK(guard.allows("10.0.0.7:5000", t));
    guard.failed("10.0.0.7:" + std::to_string(5000 + i), t + i);  // the port changes with every connection
  }
  CHECK_FALSE(guard.allows("10.0.0.7:6000", t + 10));
  CHECK(guard.allows("10.0.0.8:6000", t + 10));
  CHECK(guard.allows("10.0.0.7:6000", t + 60'000));  // a new minute
  guard.failed("::1:7000", t);
  CHECK(guard.allows("::1:7001", t));
}

TEST_CASE("zero turns the limit off; memory stays bounded under many addresses") {
  HelloGuard off(0);
  for (int i = 0; i < 100; ++i) off.failed("10.0.0.1:1", i);
  CHECK(off.allows("10.0.0.1:1", 100));
  HelloGuard small(1, 64);
  for (int i = 0; i < 10'000; ++i) small.failed("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ":1", 5);
  CHECK_FALSE(small.allows("10.1.39.15:1", 6));  // the latest address is still held
}
