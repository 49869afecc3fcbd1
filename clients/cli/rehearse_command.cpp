#include "rehearse_command.hpp"

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "cli_options.hpp"
#include "engine/scenario_parser.hpp"
#include "bots/rehearsal.hpp"
#include "bots/rehearsal_report.hpp"

namespace parley::cli {

using bots::Rehearsal;
using bots::RehearsalPlan;
using bots::RehearsalReport;
using bots::Strategy;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: parley rehearse SCENARIO_FILE --runs N [--seed S] [--strategies LIST] [--jobs J] [--json]\n\n"
    "Plays N bot-only games of a scenario in memory, through the engine (no server, no\n"
    "database; a simulated clock closes each phase at its deadline, and the stress test runs\n"
    "the scenario's default crises), and reports the distribution of outcomes: treaty in\n"
    "force, signatory sets (full bloc, small core, bilateral, none), adopted texts, each\n"
    "crisis held or failed with the clause that decided it, and every delegation's utility\n"
    "against its BATNA. The same seed gives the same report, whatever --jobs.\n\n"
    "--strategies is a comma-separated list of boulware, conceder, tit-for-tat and mixed\n"
    "(each role draws its strategy from the game's seed); game i plays the (i mod k)-th.\n\n";

constexpr int kProgressFrom = 200;  // runs; shorter rehearsals finish before anyone looks

std::optional<std::vector<Strategy>> strategies_from(const std::string& list, std::string& bad) {
  std::vector<Strategy> out;
  std::istringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    auto s = bots::parse_strategy(name);
    if (!s) {
      bad = name;
      return std::nullopt;
    }
    out.push_back(*s);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int usage_error(const std::string& message, const po::options_description& opts) {
  std::cerr << "parley rehearse: " << message << "\n\n" << kUsage << opts;
  return 2;
}

}  // namespace

int rehearse_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  opts.add_options()("help,h", "this help")("runs", po::value<long long>(), "number of games (required, at least 1)")(
      "seed", po::value<std::uint64_t>()->default_value(1), "base seed; game i gets its own seed derived from it")(
      "strategies", po::value<std::string>()->default_value("mixed"), "boulware,conceder,tit-for-tat,mixed")(
      "jobs", po::value<long long>()->default_value(cores), "worker threads (default: hardware concurrency)")(
      "json", "machine-readable output");
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"scenario"}, vm, kUsage, code)) return code;
  if (!vm.count("runs")) return usage_error("give --runs N", opts);
  long long runs = vm["runs"].as<long long>();
  if (runs < 1 || runs > 10'000'000) return usage_error("--runs must be between 1 and 10000000, not " + std::to_string(runs), opts);
  long long jobs = vm["jobs"].as<long long>();
  if (jobs < 1 || jobs > 256) return usage_error("--jobs must be between 1 and 256, not " + std::to_string(jobs), opts);
  std::string bad;
  auto strategies = strategies_from(vm["strategies"].as<std::string>(), bad);
  if (!strategies) return usage_error("unknown strategy '" + bad + "' in --strategies", opts);

  std::string file = vm["scenario"].as<std::string>();
  auto text = read_text(file);
  if (!text) return failure("rehearse", file + ": cannot read file");
  auto parsed = engine::parse_scenario(*text);
  if (!parsed.ok()) {
    std::cerr << parsed.report(file);
    return 1;
  }
  auto index = std::make_shared<const engine::ScenarioIndex>(parsed.scenario);
  RehearsalPlan plan{static_cast<int>(runs), vm["seed"].as<std::uint64_t>(), *strategies, static_cast<unsigned>(jobs)};
  bool show_progress = runs >= kProgressFrom && isatty(STDERR_FILENO);
  auto games = Rehearsal(index, plan).run([&](int done, int total) {
    if (show_progress && (done % std::max(1, total / 100) == 0 || done == total)) {
      std::cerr << "\rrehearsing: " << done << "/" << total << " games" << (done == total ? "\n" : "") << std::flush;
    }
  });
  RehearsalReport report(*index, plan, games);
  if (vm.count("json")) {
    std::cout << boost::json::serialize(report.to_json()) << "\n";
  } else {
    report.print(std::cout);
  }
  if (report.errors() > 0) return failure("rehearse", std::to_string(report.errors()) + " game(s) failed: " + report.first_error());
  return 0;
}

}  // namespace parley::cli
