#pragma once
// parley agents: seats played by a language model through an OpenAI-compatible endpoint.

#include <string>
#include <vector>

namespace parley::cli {

int agents_command(const std::vector<std::string>& args);

}  // namespace parley::cli
