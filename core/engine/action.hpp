#pragma once
// The actions a phase may allow, by the names scenario files use.

#include <optional>
#include <string_view>

namespace parley::engine {

enum class Action { message, caucus, statement, table, amend, withdraw, cosponsor, vote, pledge, sign };

std::optional<Action> parse_action(std::string_view name);
std::string_view action_name(Action action);
// "message, caucus, ..." for error messages.
std::string_view action_names();

}  // namespace parley::engine
