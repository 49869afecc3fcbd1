// parley: the command-line client. Dispatches to one command family.

#include <iostream>
#include <string>
#include <vector>

#include "agents_command.hpp"
#include "bots_command.hpp"
#include "cohort_command.hpp"
#include "compare_command.hpp"
#include "export_command.hpp"
#include "join_command.hpp"
#include "play_command.hpp"
#include "rehearse_command.hpp"
#include "review_command.hpp"
#include "scenario_command.hpp"
#include "session_command.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: parley COMMAND [ARGS]\n\n"
    "Commands:\n"
    "  session create --scenario NAME [--title T]   create a session (admin token)\n"
    "  session status ID                            state, round, phase, seats (facilitator token)\n"
    "  session timescale ID FACTOR                  compress every deadline (facilitator token)\n"
    "  join CODE                                    the interactive client (any role)\n"
    "  play CODE --script FILE|-                    run commands from a script\n"
    "  bots --session ID (--roles A,B | --empty)    fill seats with bots (facilitator token)\n"
    "  agents --session ID --roles A,B --endpoint URL   seats played by a language model (facilitator token)\n"
    "  demo [--scenario NAME] [--seed N]            a whole bot-only exercise, start to finish\n"
    "  rehearse FILE --runs N [--seed S]           many bot-only games in memory; the outcome distribution\n"
    "  replay SESSION [--as ROLE] [--round N] [--step]  a recorded session as a role saw it\n"
    "  fork SESSION --at SEQ                        a new session branching from event SEQ\n"
    "  export SESSION --format html|md|json|csv     the after-action review\n"
    "  compare SESSION SESSION [SESSION...]         sessions side by side, labelled by title\n"
    "  cohort create|status|act|handout|debrief     a class: many tables at once, a roster, slips, a debrief\n"
    "  scenario check FILE...                       validate scenario files\n"
    "  scenario analyze FILE [--json]               Nash texts, frontier and text space\n\n"
    "Network commands take --server URL (PARLEY_SERVER, default http://127.0.0.1:8080),\n"
    "--token (PARLEY_TOKEN) and --json. Run 'parley COMMAND --help' for the details.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "scenario") return parley::cli::scenario_command(rest);
  if (args[0] == "session") return parley::cli::session_command(rest);
  if (args[0] == "play") return parley::cli::play_command(rest);
  if (args[0] == "join") return parley::cli::join_command(rest);
  if (args[0] == "bots") return parley::cli::bots_command(rest);
  if (args[0] == "agents") return parley::cli::agents_command(rest);
  if (args[0] == "demo") return parley::cli::demo_command(rest);
  if (args[0] == "rehearse") return parley::cli::rehearse_command(rest);
  if (args[0] == "replay") return parley::cli::replay_command(rest);
  if (args[0] == "fork") return parley::cli::fork_command(rest);
  if (args[0] == "export") return parley::cli::export_command(rest);
  if (args[0] == "compare") return parley::cli::compare_command(rest);
  if (args[0] == "cohort") return parley::cli::cohort_command(rest);
  std::cerr << "parley: unknown command '" << args[0] << "'\n\n" << kUsage;
  return 2;
}
