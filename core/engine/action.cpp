#include "engine/action.hpp"

#include <array>

namespace parley::engine {
namespace {
constexpr std::array<std::string_view, 10> kNames{"message", "caucus",    "statement", "table",  "amend",
                                                  "withdraw", "cosponsor", "vote",      "pledge", "sign"};
}

std::optional<Action> parse_action(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Action>(i);
  }
  return std::nullopt;
}

std::string_view action_name(Action action) { return kNames[static_cast<std::size_t>(action)]; }

std::string_view action_names() {
  return "message, caucus, statement, table, amend, withdraw, cosponsor, vote, pledge, sign";
}

}  // namespace parley::engine
