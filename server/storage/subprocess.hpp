#pragma once
// Runs a helper program (initdb, pg_ctl) to completion and captures what it
// printed. Used only at start-up and shutdown, never on a request path.

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct RunAs {
  uid_t uid;
  gid_t gid;
  std::string user;
};

struct ProcessSpec {
  std::string program;              // absolute path
  std::vector<std::string> args;    // without argv[0]
  std::optional<RunAs> run_as;      // drop privileges to this user in the child
  bool new_session = false;         // detach from the terminal's signals (Ctrl-C)
};

struct ProcessOutcome {
  int exit_code = -1;   // -1 when killed by a signal
  std::string output;   // stdout and stderr, interleaved
};

// Fails only when the program could not be run at all; a non-zero exit is an
// outcome for the caller to judge.
Result<ProcessOutcome> run_process(const ProcessSpec& spec);

}  // namespace parley::storage
