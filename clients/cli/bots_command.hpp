#pragma once
// `parley bots` (fill seats of a running session with bots) and `parley
// demo` (a whole bot-only exercise, start to finish, with its outcome).

#include <string>
#include <vector>

namespace parley::cli {

int bots_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);

}  // namespace parley::cli
