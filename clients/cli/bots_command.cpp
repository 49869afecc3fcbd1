#include "bots_command.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "bot.hpp"
#include "cli_options.hpp"
#include "engine/analyzer.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "review/event_format.hpp"
#include "http_client.hpp"

namespace parley::cli {
using review::describe;
namespace po = boost::program_options;
namespace json = boost::json;
namespace pb = parley::v1;

namespace {

std::atomic<bool> g_stop{false};

constexpr const char* kBotsUsage =
    "Usage: parley bots --session ID (--roles KSA,TUR | --empty) [--strategy boulware|conceder|tit-for-tat|mixed]\n"
    "                   [--seed N] [--verbose] --token FACILITATOR_TOKEN\n\n"
    "Bots take seat 0 of the given roles (or of every delegation and outside power whose head\n"
    "seat is empty) and negotiate from their own role's profile until the session ends.\n\n";

constexpr const char* kDemoUsage =
    "Usage: parley demo [--scenario NAME] [--seed N] [--time-scale F] [--strategy S] [--json]\n"
    "                   [--token ADMIN_TOKEN] [--server URL]\n\n"
    "Creates a session and fills every head seat with bots. The demo's white cell runs the\n"
    "conference: scheduled injects land with their phases, and each phase closes as soon as\n"
    "every bot, in role order, has seen everything and acted, so the same seed always plays\n"
    "the same game. Prints live progress and the outcome: adopted text, signatories, each\n"
    "delegation's utility against its BATNA, and whether the alliance held. --time-scale\n"
    "also compresses the session's clock (phases may then also close at their deadlines).\n\n";

// Runs each bot on its own thread until its session ends; returns the failures.
int run_bots(std::vector<std::unique_ptr<Bot>>& bots) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& bot : bots) {
    threads.emplace_back([&bot, &failures] {
      if (auto s = bot->run(g_stop); !s) {
        std::cerr << "parley bots: " << bot->role() << ": " << s.error().message << "\n";
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  return failures;
}

json::object outcome(const engine::Session& session) {
  const auto& index = session.index();
  const auto& s = session.state();
  json::object adopted;
  json::object utilities;
  json::object batnas;
  engine::Text text;
  if (const auto* t = engine::find_text(s, s.adopted_text_id())) {
    text = engine::to_text(index, t->options());
    for (int i = 0; i < index.issue_count(); ++i) {  // in the scenario's issue order
      if (text[i] >= 0) adopted[index.issue(i).id()] = index.option(i, text[i]).id();
    }
  }
  auto profiles = engine::current_profiles(index, s);
  for (int r : index.delegations()) {
    const auto& p = *profiles[r];
    batnas[index.role(r).id()] = p.batna;
    if (!text.empty()) utilities[index.role(r).id()] = engine::utility(p, text);
  }
  json::array signatories;
  for (int r : engine::signatories(index, s)) signatories.push_back(json::value(index.role(r).id()));
  json::array crises;
  // Only a crisis the pact obliged its members to meet tests the alliance; null when none did.
  bool invoked = false, held = true;
  for (const auto& c : s.crisis_outcomes()) {
    crises.push_back(json::object{{"crisis", c.inject_id()}, {"in_scope", c.in_scope()}, {"outcome", c.outcome()},
                                  {"held", c.held()}, {"lead", c.lead()}});
    if (!c.obligation()) continue;
    invoked = true;
    held = held && c.held();
  }
  return {{"adopted_text", adopted},   {"signatories", signatories}, {"in_force", s.in_force()},
          {"utilities", utilities},   {"batna", batnas},            {"crises", crises},
          {"alliance_held", invoked ? json::value(held) : json::value(nullptr)},
          {"end_reason", s.end_reason()}};
}

// What a crisis's outcome ("held", "failed" or "not invoked") says about the alliance.
std::string crisis_line(const std::string& outcome) {
  if (outcome == "held") return "the alliance held";
  if (outcome == "failed") return "the alliance did not hold";
  return outcome + " (the pact obliged nobody to act)";
}

void print_outcome(const json::object& o) {
  std::cout << "\nOutcome\n  adopted text   ";
  if (o.at("adopted_text").as_object().empty()) std::cout << "none";
  for (const auto& [issue, option] : o.at("adopted_text").as_object()) std::cout << option.as_string().c_str() << " ";
  std::cout << "\n  signatories    ";
  for (const auto& r : o.at("signatories").as_array()) std::cout << r.as_string().c_str() << " ";
  std::cout << "\n  in force       " << (o.at("in_force").as_bool() ? "yes" : "no") << "\n  utility vs BATNA:\n";
  for (const auto& [role, b] : o.at("batna").as_object()) {
    std::cout << "    " << std::string(role) << "  ";
    if (o.at("utilities").as_object().contains(role)) {
      std::cout << o.at("utilities").as_object().at(role).to_number<double>() << " vs " << b.to_number<double>() << "\n";
    } else {
      std::cout << "no treaty vs " << b.to_number<double>() << "\n";
    }
  }
  for (const auto& c : o.at("crises").as_array()) {
    std::cout << "  crisis " << c.as_object().at("crisis").as_string().c_str() << ": "
              << crisis_line(std::string(c.as_object().at("outcome").as_string())) << "\n";
  }
  std::cout << "  ended: " << o.at("end_reason").as_string().c_str() << "\n";
}

}  // namespace

int bots_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("session", po::value<std::string>(), "session id")("roles", po::value<std::string>(), "comma-separated roles")(
      "empty", "every delegation and outside power with nobody on its head seat that no person has taken (forks included)")(
      "strategy", po::value<std::string>()->default_value("boulware"),
      "boulware, conceder, tit-for-tat, or mixed (each role draws one from the seed)")(
      "seed", po::value<std::uint64_t>()->default_value(1), "random seed")("verbose", "log every rejection");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kBotsUsage, code)) return code;
  auto strategy = bots::parse_strategy(vm["strategy"].as<std::string>());
  if (!vm.count("session") || (!vm.count("roles") && !vm.count("empty")) || !strategy) {
    std::cerr << "parley bots: give --session, and --roles or --empty, and a known --strategy\n\n" << kBotsUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  std::string id = vm["session"].as<std::string>();
  std::vector<std::string> roles = vm.count("roles") ? split_list(vm["roles"].as<std::string>()) : std::vector<std::string>{};
  if (vm.count("empty")) {
    auto status = client::http_call(common.server, "GET", "/api/sessions/" + id, "", common.token);
    if (!status) return failure("bots", status.error().message);
    if (status.value().status != 200) return failure("bots", http_error(status.value().status, status.value().body));
    auto link = SessionLink::open(common.server, common.token);  // the scenario, as the white cell reads it
    if (!link) return failure("bots", link.error().message);
    auto described = json::parse(status.value().body);  // kept alive for the loop below
    for (const auto& seat : described.as_object().at("seats").as_array()) {
      std::string role(seat.as_object().at("role").as_string());
      // Empty means nobody is at the seat now and no person ever took it: a fork inherits its
      // parent's claims, not its players, and a person's seat waits for that person.
      bool head_here = false;
      for (const auto& c : seat.as_object().at("connected").as_array()) {
        head_here = head_here || c.as_object().at("seat").to_number<int>() == 0;
      }
      auto holds_head = [&](const char* key) {
        auto* list = seat.as_object().if_contains(key);
        if (list == nullptr || !list->is_array()) return false;
        for (const auto& s : list->as_array()) {
          if (s.to_number<int>() == 0) return true;
        }
        return false;
      };
      head_here = head_here || (holds_head("taken") && !holds_head("taken_by_bots"));
      for (const auto& r : link.value()->welcome().scenario().roles()) {
        if (r.id() == role && !head_here && (r.kind() == pb::DELEGATION || r.kind() == pb::OUTSIDE_POWER)) roles.push_back(role);
      }
    }
  }
  std::vector<std::unique_ptr<Bot>> bots;
  for (const auto& role : roles) {
    auto issued = client::http_call(common.server, "POST", "/api/sessions/" + id + "/codes",
                                    json::serialize(json::object{{"role", role}, {"seat", 0}}), common.token);
    if (!issued) return failure("bots", issued.error().message);
    if (issued.value().status != 201) return failure("bots", role + ": " + http_error(issued.value().status, issued.value().body));
    auto link = SessionLink::open(common.server, std::string(json::parse(issued.value().body).as_object().at("join_code").as_string()),
                                  0, "bot:" + vm["strategy"].as<std::string>());
    if (!link) return failure("bots", link.error().message);
    bots.push_back(std::make_unique<Bot>(std::move(link.value()), *strategy, vm["seed"].as<std::uint64_t>(), vm.count("verbose") > 0));
  }
  std::cout << "bots seated for " << roles.size() << " role(s); playing until the session ends (Ctrl-C stops them)\n" << std::flush;
  std::signal(SIGINT, [](int) { g_stop = true; });
  return run_bots(bots) == 0 ? 0 : 1;
}

int demo_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("scenario", po::value<std::string>()->default_value("collective-security-pact"), "scenario id")(
      "seed", po::value<std::uint64_t>()->default_value(1), "random seed for the bots")(
      "time-scale", po::value<double>(), "also run the session's clock this many times faster")(
      "strategy", po::value<std::string>()->default_value("mixed"),
      "boulware, conceder, tit-for-tat, or mixed (each role draws one from the seed)")(
      "verbose", "log the bots' rejections");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kDemoUsage, code)) return code;
  auto strategy = bots::parse_strategy(vm["strategy"].as<std::string>());
  if (!strategy) return failure("demo", "unknown strategy '" + vm["strategy"].as<std::string>() + "'");
  auto common = read_common_options(vm);
  if (common.token.empty()) common.token = local_admin_token();
  auto created = client::http_call(common.server, "POST", "/api/sessions",
                                   json::serialize(json::object{{"scenario", vm["scenario"].as<std::string>()}, {"title", "demo"}}),
                                   common.token);
  if (!created) return failure("demo", created.error().message);
  if (created.value().status != 201) return failure("demo", http_error(created.value().status, created.value().body));
  auto codes = json::parse(created.value().body).as_object();
  std::string id(codes["session_id"].as_string());

  auto white = SessionLink::open(common.server, std::string(codes["facilitator_token"].as_string()), 0, "parley demo");
  if (!white) return failure("demo", white.value() ? "" : white.error().message);
  auto index = std::make_shared<const engine::ScenarioIndex>(white.value()->welcome().scenario());
  engine::Session record(index, white.value()->snapshot());
  std::vector<std::unique_ptr<Bot>> bots;
  for (const auto& s : codes["seats"].as_array()) {
    if (s.as_object().at("seat").as_int64() != 0) continue;
    auto link = SessionLink::open(common.server, std::string(s.as_object().at("join_code").as_string()), 0,
                                  "bot:" + vm["strategy"].as<std::string>());
    if (!link) return failure("demo", link.error().message);
    bots.push_back(std::make_unique<Bot>(std::move(link.value()), *strategy, vm["seed"].as<std::uint64_t>(), vm.count("verbose") > 0));
  }
  if (!common.json) std::cout << "demo session " << id << ": " << bots.size() << " bots\n";
  white.value()->on_event([&](std::uint64_t, const pb::Event& e) {
    record.apply(e);
    bool show = e.has_phase_started() || e.has_vote_closed() || e.has_signature_closed() || e.has_crisis_opened() ||
                e.has_crisis_resolved() || e.has_session_ended() || (e.has_inject_released() && e.inject_released().audience().empty());
    if (show && !common.json) std::cout << "  " << describe(e) << "\n" << std::flush;
  });
  auto white_command = [&](const std::function<void(pb::Command&)>& fill) -> Status {
    pb::Command c;
    fill(c);
    auto answer = white.value()->send(c);
    if (!answer) return answer.error();
    if (answer.value().has_rejection()) return fail(ErrorCode::invalid, answer.value().rejection().message());
    return {};
  };
  if (vm.count("time-scale")) {
    double factor = vm["time-scale"].as<double>();
    if (auto s = white_command([factor](pb::Command& c) { c.mutable_time_scale()->set_factor(factor); }); !s) {
      return failure("demo", s.error().message);
    }
  }
  if (auto s = white_command([](pb::Command& c) { c.mutable_start(); }); !s) return failure("demo", s.error().message);
  // Lockstep: every bot, in role order, catches up and takes its turn; then
  // the white cell closes the phase. No race decides anything, so the same
  // seed plays the same game.
  for (int phase = 0; phase < 10000; ++phase) {
    if (auto seq = white.value()->sync(); !seq) return failure("demo", seq.error().message);
    if (record.state().status() == pb::ENDED) break;
    for (auto& bot : bots) {
      if (auto s = bot->take_turn(); !s) return failure("demo", bot->role() + ": " + s.error().message);
    }
    if (auto s = white_command([](pb::Command& c) { c.mutable_advance(); }); !s) return failure("demo", s.error().message);
  }
  auto result = outcome(record);
  std::string facilitator(codes["facilitator_token"].as_string());
  if (common.json) {
    std::cout << json::serialize(json::object{{"session_id", id}, {"facilitator_token", facilitator}, {"outcome", result}}) << "\n";
  } else {
    print_outcome(result);
    std::cout << "\nReview it:\n  parley replay " << id << " --token " << facilitator << "\n  parley export " << id
              << " --format md --token " << facilitator << "\n";
  }
  return 0;
}

}  // namespace parley::cli
