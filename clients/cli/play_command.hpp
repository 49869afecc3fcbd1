#pragma once
// `parley play CODE --script FILE|-`: the command language, non-interactively.

#include <string>
#include <vector>

namespace parley::cli {

int play_command(const std::vector<std::string>& args);

}  // namespace parley::cli
