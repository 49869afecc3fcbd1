#pragma once
// parley scenario list|push|pull|publish|archive: the server's scenario
// library from a terminal (the studio's calls, for scripts).

#include <string>
#include <vector>

namespace parley::cli {

// verb is one of list, push, pull, publish, archive; args follow it.
int scenario_library_command(const std::string& verb, const std::vector<std::string>& args);
bool is_library_verb(const std::string& verb);

}  // namespace parley::cli
