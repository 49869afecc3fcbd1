#pragma once
// `parley join CODE`: the interactive terminal client.

#include <string>
#include <vector>

namespace parley::cli {

int join_command(const std::vector<std::string>& args);

}  // namespace parley::cli
