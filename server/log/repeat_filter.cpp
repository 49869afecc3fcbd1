#include "log/repeat_filter.hpp"

#include <cctype>

namespace parley::log {

std::string RepeatFilter::kind_of(std::string_view component, std::string_view message) {
  std::string key(component);
  key += ':';
  bool in_number = false;
  for (char c : message) {
    bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (!digit) key += c;
    else if (!in_number) key += '#';
    in_number = digit;
  }
  return key;
}

std::optional<std::string> RepeatFilter::admit(std::string_view component, std::string_view message, std::int64_t now_ms) {
  auto key = kind_of(component, message);
  auto it = kinds_.find(key);
  if (it != kinds_.end() && now_ms - it->second.written_ms < window_ms_) {
    ++it->second.held;
    return std::nullopt;
  }
  std::string line(message);
  if (it != kinds_.end() && it->second.held > 0) {
    line += " (and " + std::to_string(it->second.held) + " more like it in the last " + std::to_string((now_ms - it->second.written_ms) / 1000) +
            " s, not shown)";
  }
  if (it == kinds_.end() && kinds_.size() >= max_kinds_) kinds_.clear();  // bounded; forgetting only lets a line through
  kinds_[key] = Kind{now_ms, 0};
  return line;
}

}  // namespace parley::log
