#pragma once
// One line per event on stderr: timestamp, level, component, message.
// Thread-safe; the level is process-wide and set once at start-up.

#include <optional>
#include <string>
#include <string_view>

namespace parley::log {

enum class Level { trace = 0, debug, info, warn, error };

std::optional<Level> parse_level(std::string_view name);
void set_level(Level level);
bool enabled(Level level);
void write(Level level, std::string_view component, std::string_view message);

inline void trace(std::string_view c, std::string_view m) { write(Level::trace, c, m); }
inline void debug(std::string_view c, std::string_view m) { write(Level::debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Level::info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(Level::warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::error, c, m); }

}  // namespace parley::log
