#include "session/join_code.hpp"

#include <cctype>
#include <cstdint>

namespace parley::app {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kFullLength = 32;
constexpr std::size_t kShortLength = 12;  // 12 x 5 = 60 bits

// The Crockford digit a typed character stands for, or -1.
int crockford_digit(char c) {
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  auto at = kCrockford.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

bool all_hex(std::string_view s) {
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Without surrounding space, a trailing sentence mark, or the separators people add.
std::string compact(std::string_view typed) {
  while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.front()))) typed.remove_prefix(1);
  while (!typed.empty() && (std::isspace(static_cast<unsigned char>(typed.back())) ||
                            std::string_view(".,;:!?\"')").find(typed.back()) != std::string_view::npos)) {
    typed.remove_suffix(1);
  }
  std::string out;
  for (char c : typed) {
    if (c != ' ' && c != '-' && c != '_' && c != '\t') out.push_back(c);
  }
  return out;
}

}  // namespace

std::string normalize_code(std::string_view typed) {
  std::string c = compact(typed);
  if (c.size() == kFullLength && all_hex(c)) {
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return c;
  }
  if (c.size() == kShortLength) {
    std::string key = "~";
    for (char ch : c) {
      int d = crockford_digit(ch);
      if (d < 0) return c;
      key.push_back(kCrockford[static_cast<std::size_t>(d)]);
    }
    return key;
  }
  return c.empty() ? std::string(typed) : c;
}

std::string short_code(std::string_view code) {
  if (code.size() != kFullLength || !all_hex(code)) return "";
  std::uint64_t bits = std::stoull(std::string(code.substr(0, 15)), nullptr, 16);  // the first 60 bits
  std::string out;
  for (int k = static_cast<int>(kShortLength) - 1; k >= 0; --k) {
    out.push_back(kCrockford[(bits >> (5 * k)) & 31]);
    if (k % 4 == 0 && k > 0) out.push_back('-');
  }
  return out;
}

}  // namespace parley::app
