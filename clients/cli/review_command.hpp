#pragma once
// The after-action commands: `parley replay` and `parley fork`.

#include <string>
#include <vector>

namespace parley::cli {

int replay_command(const std::vector<std::string>& args);
int fork_command(const std::vector<std::string>& args);

}  // namespace parley::cli
