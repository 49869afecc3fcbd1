#include "log/logger.hpp"

#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "log/repeat_filter.hpp"

namespace parley::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::info)};
std::mutex g_write_mutex;
RepeatFilter g_repeats;  // warnings and errors only; guarded by g_write_mutex

constexpr std::array<std::string_view, 5> kNames{"trace", "debug", "info", "warn", "error"};

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

}  // namespace

std::optional<Level> parse_level(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Level>(i);
  }
  return std::nullopt;
}

void set_level(Level level) { g_level = static_cast<int>(level); }

bool enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void write(Level level, std::string_view component, std::string_view message) {
  if (!enabled(level)) return;
  std::string admitted;
  if (level >= Level::warn) {
    using namespace std::chrono;
    std::lock_guard lock(g_write_mutex);
    auto now = duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    auto line = g_repeats.admit(component, message, now);
    if (!line) return;
    admitted = std::move(*line);
    message = admitted;
  }
  std::string line = timestamp();
  line += ' ';
  std::string name(kNames[static_cast<int>(level)]);
  for (auto& ch : name) ch = static_cast<char>(std::toupper(ch));
  name.resize(5, ' ');
  line += name;
  line += ' ';
  line += component;
  line += ": ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace parley::log
