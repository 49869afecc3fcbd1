#pragma once
// One thing wrong with a scenario file, with where it is.

#include <string>
#include <vector>

namespace parley::engine {

struct ScenarioProblem {
  int line = 0;        // 1-based; 0 when unknown
  std::string path;    // e.g. "roles[KSA].profile.issues[M].weight"
  std::string message;

  // "file:line: path: message"
  std::string format(const std::string& file) const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!path.empty()) out += path + ": ";
    return out + message;
  }
};

using ScenarioProblems = std::vector<ScenarioProblem>;

}  // namespace parley::engine
