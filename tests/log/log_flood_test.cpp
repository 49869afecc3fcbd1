// An outage must not flood the log: repeated warnings are summarised.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include "log/logger.hpp"
#include "log/repeat_filter.hpp"
#include "support/temp_dir.hpp"

using parley::log::RepeatFilter;

namespace {

// Everything the logger writes to stderr while `body` runs.
template <class F>
std::string captured_stderr(F body) {
  parley::test::TempDir tmp;
  auto path = (tmp / "stderr").string();
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  int file = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  dup2(file, STDERR_FILENO);
  body();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(file);
  close(saved);
  return parley::test::read_file(path);
}

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("three hundred failed commits in a burst log one line, not three hundred") {
  auto out = captured_stderr([] {
    for (int i = 0; i < 300; ++i) {
      parley::log::warn("storage", "commit of " + std::to_string(i % 7 + 1) + " appends failed: connection refused");
    }
    parley::log::warn("health", "the database is unreachable");  // another kind still gets through
  });
  CHECK(lines(out) == 2);
  CHECK(out.find("commit of 1 appends failed") != std::string::npos);
  CHECK(out.find("the database is unreachable") != std::string::npos);
}

TEST_CASE("after the window the next line of a kind says how many were held back") {
  RepeatFilter filter(10'000);
  CHECK(filter.admit("session", "S1: commit failed", 0).has_value());
  for (int i = 1; i <= 299; ++i) CHECK_FALSE(filter.admit("session", "S" + std::to_string(i) + ": commit failed", i * 10).has_value());
  auto later = filter.admit("session", "S9: commit failed", 10'000);
  REQUIRE(later.has_value());
  CHECK(*later == "S9: commit failed (and 299 more like it in the last 10 s, not shown)");
  CHECK_FALSE(filter.admit("session", "S10: commit failed", 10'001).has_value());
  CHECK(filter.admit("session", "S10: commit failed", 20'000) == std::optional<std::string>("S10: commit failed (and 1 more like it in the last 10 s, not shown)"));
  CHECK(filter.admit("other", "S10: commit failed", 20'000).has_value());  // another component is another kind
}
