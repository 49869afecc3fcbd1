#pragma once
// The one-line command language of `parley play` scripts and `parley join`:
//   message KSA Shall we talk?      table M=M3 C=C2 : Islamabad draft
//   vote DR1 yes                    pledge TUR 20 if-signs
//   wait phase vote 2               # comments ('# ' to the end) and blank lines are skipped
// Pure: text in, a command (or a directive) out.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::cli {

struct ScriptLine {
  enum class Kind { nothing, command, wait_phase, wait_end };
  Kind kind = Kind::nothing;
  parley::v1::Command command;
  std::string phase;  // wait_phase
  int round = 0;      // wait_phase; 0: any round
};

Result<ScriptLine> parse_line(const std::string& line);

// One line per command form, for --help and the interactive `help`.
std::string command_reference();
// The first words of every command, for tab completion.
std::vector<std::string> command_words();

}  // namespace parley::cli
