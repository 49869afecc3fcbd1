#pragma once
// `parley session create|status|timescale`.

#include <string>
#include <vector>

namespace parley::cli {

int session_command(const std::vector<std::string>& args);

}  // namespace parley::cli
