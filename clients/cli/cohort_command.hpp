#pragma once
// `parley cohort create|status|act|handout|debrief`: class mode from a terminal.

#include <string>
#include <vector>

namespace parley::cli {

int cohort_command(const std::vector<std::string>& args);

}  // namespace parley::cli
