// parley: the command-line client. Dispatches to one command family.

#include <iostream>
#include <string>
#include <vector>

#include "scenario_command.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: parley COMMAND [ARGS]\n\n"
    "Commands:\n"
    "  scenario check FILE...        validate scenario files\n"
    "  scenario analyze FILE [--json] Nash texts, frontier and text space of a scenario\n\n"
    "Run 'parley COMMAND --help' for a command's options.\n";

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
  std::cerr << "parley: unknown command '" << args[0] << "'\n\n" << kUsage;
  return 2;
}
