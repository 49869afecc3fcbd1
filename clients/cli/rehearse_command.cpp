#include "rehearse_command.hpp"

#include <atomic>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "agents/model_player.hpp"
#include "cli_options.hpp"
#include "engine/visibility.hpp"
#include "model_client.hpp"
#include "engine/scenario_parser.hpp"
#include "bots/rehearsal.hpp"
#include "bots/rehearsal_report.hpp"

namespace parley::cli {

using bots::Rehearsal;
using bots::RehearsalPlan;
using bots::RehearsalReport;
using bots::Strategy;
namespace po = boost::program_options;
namespace pb = parley::v1;

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
    "(each role draws its strategy from the game's seed); game i plays the (i mod k)-th.\n\n"
    "--agents ROLE=URL (repeatable) has a language model play that role at an OpenAI-compatible\n"
    "endpoint (--agent-model names it; the key comes from PARLEY_LLM_KEY), told only what the\n"
    "role may see, as in a live session. Slow, and only as repeatable as the model is.\n"
    "--agent-record FILE keeps every model call (the game's seed, the role, the request, the\n"
    "answer or the failure, latency and tokens) as one JSON line each, the key redacted.\n\n";

constexpr int kProgressFrom = 200;  // runs; shorter rehearsals finish before anyone looks

// --agent-record FILE: one JSON line per model call, written from every worker thread.
class CallRecord {
 public:
  CallRecord(const std::string& path, std::string key) : out_(path, std::ios::app), key_(std::move(key)) {}
  bool ok() const { return static_cast<bool>(out_); }
  void write(const boost::json::object& record) {
    auto line = redact_key(boost::json::serialize(record), key_);
    std::lock_guard<std::mutex> lock(mutex_);
    out_ << line << '\n' << std::flush;
  }

 private:
  std::mutex mutex_;
  std::ofstream out_;
  std::string key_;
};

// Each game's model seats from --agents ROLE=URL: a ModelPlayer per role, asking its endpoint.
Result<std::function<bots::SeatPlayers(std::uint64_t)>> model_players(const engine::ScenarioIndex& index, const po::variables_map& vm,
                                                                      std::atomic<long long>& calls, std::shared_ptr<CallRecord> record) {
  std::map<std::string, ModelSettings> seats;
  const char* key = std::getenv("PARLEY_LLM_KEY");
  for (const auto& a : vm["agents"].as<std::vector<std::string>>()) {
    auto eq = a.find('=');
    auto role = a.substr(0, eq == std::string::npos ? 0 : eq);
    auto r = index.role_index(role);
    if (eq == std::string::npos || !r || (index.role(*r).kind() != pb::DELEGATION && index.role(*r).kind() != pb::OUTSIDE_POWER)) {
      return fail(ErrorCode::invalid, "--agents takes ROLE=URL with a delegation or outside power of the scenario, not '" + a + "'");
    }
    ModelSettings s;
    s.endpoint = a.substr(eq + 1);
    s.model = vm["agent-model"].as<std::string>();
    s.timeout = std::chrono::seconds(std::max(1, vm["agent-timeout"].as<int>()));
    s.key = key ? key : "";
    seats[role] = s;
  }
  auto scenario = std::make_shared<const engine::ScenarioIndex>(index.scenario());
  return std::function<bots::SeatPlayers(std::uint64_t)>([scenario, seats, &calls, record](std::uint64_t game_seed) {
    bots::SeatPlayers players;
    for (const auto& [role, settings] : seats) {
      pb::Welcome welcome;
      welcome.set_role(role);
      *welcome.mutable_scenario() = engine::view_scenario(*scenario, *scenario->role_index(role));
      auto ask = [settings, &calls, record, game_seed, role](const boost::json::array& messages,
                                                             const boost::json::array& tools) -> Result<std::vector<agents::ToolCall>> {
        ++calls;
        auto request = chat_request(settings, messages, tools);
        auto answer = ask_model(settings, request);
        if (record) {
          boost::json::object line{{"game_seed", game_seed}, {"role", role}, {"settings", settings.shown()}, {"request", request}};
          if (answer) {
            line["answer"] = answer.value().raw;
            line["latency_ms"] = answer.value().latency_ms;
            line["prompt_tokens"] = answer.value().prompt_tokens;
            line["completion_tokens"] = answer.value().completion_tokens;
          } else {
            line["error"] = answer.error().message;
          }
          record->write(line);
        }
        if (!answer) return answer.error();
        return answer.value().calls;
      };
      players[role] = std::make_unique<agents::ModelPlayer>(welcome, "", ask);
    }
    return players;
  });
}

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
      "json", "machine-readable output")(
      "agents", po::value<std::vector<std::string>>(), "ROLE=URL: a language model plays ROLE (repeatable)")(
      "agent-model", po::value<std::string>()->default_value("default"), "the model's name at the endpoints")(
      "agent-timeout", po::value<int>()->default_value(60), "seconds to wait for one answer")(
      "agent-record", po::value<std::string>(), "FILE: every model call as a JSON line (appended)");
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
  RehearsalPlan plan{static_cast<int>(runs), vm["seed"].as<std::uint64_t>(), *strategies, static_cast<unsigned>(jobs), {}};
  std::atomic<long long> model_calls{0};
  std::shared_ptr<CallRecord> record;
  if (vm.count("agent-record")) {
    if (!vm.count("agents")) return usage_error("--agent-record keeps the calls of --agents seats; give --agents ROLE=URL", opts);
    const char* key = std::getenv("PARLEY_LLM_KEY");
    record = std::make_shared<CallRecord>(vm["agent-record"].as<std::string>(), key ? key : "");
    if (!record->ok()) return failure("rehearse", vm["agent-record"].as<std::string>() + ": cannot open it for writing");
  }
  if (vm.count("agents")) {
    auto players = model_players(*index, vm, model_calls, record);
    if (!players) return usage_error(players.error().message, opts);
    plan.players = std::move(players.value());
  }
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
  if (model_calls > 0) {
    std::cerr << "parley rehearse: " << model_calls << " calls to the models"
              << (record ? ", each kept in " + vm["agent-record"].as<std::string>() : std::string()) << "\n";
  }
  if (report.errors() > 0) return failure("rehearse", std::to_string(report.errors()) + " game(s) failed: " + report.first_error());
  return 0;
}

}  // namespace parley::cli
