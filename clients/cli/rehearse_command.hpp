#pragma once
// parley rehearse: many bot-only games of a scenario file, in memory.

#include <string>
#include <vector>

namespace parley::cli {

int rehearse_command(const std::vector<std::string>& args);

}  // namespace parley::cli
