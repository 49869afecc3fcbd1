#pragma once
// `parley scenario check FILE...` and `parley scenario analyze FILE`.

#include <string>
#include <vector>

namespace parley::cli {

// Each returns the process exit code.
int scenario_command(const std::vector<std::string>& args);

}  // namespace parley::cli
