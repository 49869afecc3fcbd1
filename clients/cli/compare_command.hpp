#pragma once
// `parley compare SESSION_A SESSION_B`: two recorded sessions (typically one
// and its what-if branch) side by side: where they diverge, outcomes, clauses.

#include <string>
#include <vector>

namespace parley::cli {

int compare_command(const std::vector<std::string>& args);

}  // namespace parley::cli
