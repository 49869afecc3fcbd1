#pragma once
// Keeps a flood of one warning from burying the log: a line of a kind (its
// component and its text with every number blanked) already written in the
// last `window_ms` is held back and counted; the next line of that kind
// after the window says how many were held back. Not thread-safe: the
// logger calls it under its lock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace parley::log {

class RepeatFilter {
 public:
  explicit RepeatFilter(std::int64_t window_ms = 10'000, std::size_t max_kinds = 512) : window_ms_(window_ms), max_kinds_(max_kinds) {}

  // The message to write now (with a count of those held back appended), or nothing.
  std::optional<std::string> admit(std::string_view component, std::string_view message, std::int64_t now_ms);

 private:
  struct Kind {
    std::int64_t written_ms = 0;
    std::uint64_t held = 0;
  };
  static std::string kind_of(std::string_view component, std::string_view message);

  std::int64_t window_ms_;
  std::size_t max_kinds_;
  std::map<std::string, Kind> kinds_;
};

}  // namespace parley::log
