#include "agents_command.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "agent_seat.hpp"
#include "cli_options.hpp"
#include "http_client.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

std::atomic<bool> g_stop{false};

constexpr const char* kUsage =
    "Usage: parley agents --session ID --roles KSA,TUR --endpoint URL --model NAME [options] --token FACILITATOR_TOKEN\n\n"
    "Seats a language model on the head seat of each role. It joins through the same protocol as\n"
    "every client and sees only what a person in that seat would; every call to the model (what it\n"
    "was told, what it answered, what became of it) is stored with the session for the white cell\n"
    "and the review. The endpoint is any OpenAI-compatible chat-completions server, e.g.\n"
    "http://127.0.0.1:8080/v1 (llama.cpp), http://127.0.0.1:11434/v1 (Ollama), http://HOST:8000/v1 (vLLM),\n"
    "or a hosted API's https://…/v1 (the system's trusted certificates; SSL_CERT_FILE adds one).\n"
    "The key, when the endpoint needs one, comes from PARLEY_LLM_KEY or --key-file, never the command line.\n\n";

Result<std::string> read_key(const po::variables_map& vm) {
  if (vm.count("key-file")) {
    std::ifstream in(vm["key-file"].as<std::string>());
    if (!in) return fail(ErrorCode::invalid, "cannot read the key file " + vm["key-file"].as<std::string>());
    std::string key;
    std::getline(in, key);
    return key;
  }
  const char* env = std::getenv("PARLEY_LLM_KEY");
  return std::string(env ? env : "");
}

// Each role's stance line from --persona ROLE=LINE.
Result<std::map<std::string, std::string>> personas(const po::variables_map& vm) {
  std::map<std::string, std::string> out;
  if (!vm.count("persona")) return out;
  for (const auto& p : vm["persona"].as<std::vector<std::string>>()) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) return fail(ErrorCode::invalid, "--persona takes ROLE=LINE, not '" + p + "'");
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

Result<AgentConfig> read_config(const po::variables_map& vm, std::string key) {
  AgentConfig c;
  c.model.endpoint = vm["endpoint"].as<std::string>();
  c.model.model = vm["model"].as<std::string>();
  c.model.temperature = vm["temperature"].as<double>();
  if (vm.count("model-seed")) c.model.seed = vm["model-seed"].as<std::int64_t>();
  c.model.max_tokens = vm["max-tokens"].as<int>();
  c.model.timeout = std::chrono::seconds(vm["timeout"].as<int>());
  c.model.tool_calling = !vm.count("no-tools");
  c.model.key = std::move(key);
  auto fallback = vm["fallback"].as<std::string>();
  if (fallback != "wait" && fallback != "bot") return fail(ErrorCode::invalid, "--fallback is wait or bot, not '" + fallback + "'");
  c.fallback = fallback == "bot" ? Fallback::bot : Fallback::wait;
  c.retries = vm["retries"].as<int>();
  c.max_calls = vm["budget-calls"].as<int>();
  c.max_tokens = vm["budget-tokens"].as<std::int64_t>();
  c.seed = vm["seed"].as<std::uint64_t>();
  if (c.model.timeout.count() < 1 || c.retries < 0 || c.max_calls < 1 || c.model.max_tokens < 1) {
    return fail(ErrorCode::invalid, "--timeout, --budget-calls and --max-tokens must be at least 1, --retries at least 0");
  }
  return c;
}

// Seats one role: a code for its head seat, a link, and a recorder that stores each call with that code.
Result<std::unique_ptr<AgentSeat>> seat_agent(const CommonOptions& common, const std::string& id, const std::string& role,
                                              AgentConfig config) {
  auto issued = client::http_call(common.server, "POST", "/api/sessions/" + id + "/codes",
                                  json::serialize(json::object{{"role", role}, {"seat", 0}}), common.token);
  if (!issued) return issued.error();
  if (issued.value().status != 201) return fail(ErrorCode::invalid, role + ": " + http_error(issued.value().status, issued.value().body));
  std::string code(json::parse(issued.value().body).as_object().at("join_code").as_string());
  auto link = SessionLink::open(common.server, code, 0, "agent:" + config.model.model, /*wants_desk=*/true);
  if (!link) return link.error();
  auto key = config.model.key;
  auto record = [server = common.server, id, code, key, role](json::object rec) {
    auto stored = client::http_call(server, "POST", "/api/sessions/" + id + "/agent-calls", redact_key(json::serialize(rec), key), code);
    if (!stored || stored.value().status != 201) {
      std::cerr << "agent " << role << ": a model call could not be recorded: "
                << (stored ? http_error(stored.value().status, stored.value().body) : stored.error().message) << "\n";
    }
  };
  std::string base = "/api/sessions/" + id + "/agents/" + role;
  AgentControl control;
  control.read = [server = common.server, base, code]() -> Result<json::object> {
    auto reply = client::http_call(server, "GET", base + "/control", "", code, std::chrono::seconds(10));
    if (!reply) return reply.error();
    if (reply.value().status != 200) return fail(ErrorCode::unavailable, http_error(reply.value().status, reply.value().body));
    boost::system::error_code ec;
    auto body = json::parse(reply.value().body, ec);
    if (ec || !body.is_object()) return fail(ErrorCode::invalid, "the server's answer about the seat's mode is not a JSON object");
    return body.as_object();
  };
  control.propose = [server = common.server, base, code](const std::string& tool, const std::string& arguments) -> Result<std::int64_t> {
    auto reply = client::http_call(server, "POST", base + "/proposals", json::serialize(json::object{{"tool", tool}, {"arguments", arguments}}),
                                   code, std::chrono::seconds(10));
    if (!reply) return reply.error();
    if (reply.value().status != 201) return fail(ErrorCode::unavailable, http_error(reply.value().status, reply.value().body));
    return json::parse(reply.value().body).at("id").to_number<std::int64_t>();
  };
  return std::make_unique<AgentSeat>(std::move(link.value()), std::move(config), record, std::move(control));
}

}  // namespace

int agents_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  const char* url = std::getenv("PARLEY_LLM_URL");
  opts.add_options()("session", po::value<std::string>(), "session id")("roles", po::value<std::string>(), "comma-separated roles")(
      "endpoint", po::value<std::string>()->default_value(url ? url : ""), "the model's OpenAI-compatible base URL (PARLEY_LLM_URL)")(
      "model", po::value<std::string>()->default_value("default"), "the model's name at the endpoint")(
      "temperature", po::value<double>()->default_value(0.7), "sampling temperature")(
      "model-seed", po::value<std::int64_t>(), "the seed sent to the model, where the endpoint honours one")(
      "max-tokens", po::value<int>()->default_value(800), "the longest answer, in tokens")(
      "timeout", po::value<int>()->default_value(60), "seconds to wait for one answer")(
      "no-tools", "the model has no tool calling: ask for a JSON answer instead")(
      "persona", po::value<std::vector<std::string>>(), "ROLE=LINE: a stance for that seat (repeatable)")(
      "fallback", po::value<std::string>()->default_value("wait"), "when the model fails: wait, or bot (the rule-based policy plays)")(
      "retries", po::value<int>()->default_value(2), "refused or malformed calls fed back to the model per decision")(
      "budget-calls", po::value<int>()->default_value(400), "model calls per seat for the whole session")(
      "budget-tokens", po::value<std::int64_t>()->default_value(0), "tokens per seat for the whole session (0: no limit)")(
      "key-file", po::value<std::string>(), "a file whose first line is the endpoint's key (else PARLEY_LLM_KEY)")(
      "seed", po::value<std::uint64_t>()->default_value(1), "seed of the fallback policy")(
      "concurrency", po::value<int>(), "model calls at once across these seats (default: one per seat)");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kUsage, code)) return code;
  if (!vm.count("session") || !vm.count("roles") || vm["endpoint"].as<std::string>().empty()) {
    std::cerr << "parley agents: give --session, --roles and --endpoint (or PARLEY_LLM_URL)\n\n" << kUsage << opts;
    return 2;
  }
  auto key = read_key(vm);
  if (!key) return failure("agents", key.error().message);
  auto config = read_config(vm, key.value());
  if (!config) return failure("agents", config.error().message);
  auto stances = personas(vm);
  if (!stances) return failure("agents", stances.error().message);
  auto common = read_common_options(vm);
  std::string id = vm["session"].as<std::string>();
  auto roles = split_list(vm["roles"].as<std::string>());
  int at_once = vm.count("concurrency") ? vm["concurrency"].as<int>() : static_cast<int>(std::max<std::size_t>(1, roles.size()));
  if (at_once < 1) return failure("agents", "--concurrency must be at least 1");
  config.value().calls_at_once = std::make_shared<std::counting_semaphore<>>(at_once);
  std::vector<std::unique_ptr<AgentSeat>> seats;
  for (const auto& role : roles) {
    auto c = config.value();
    if (auto it = stances.value().find(role); it != stances.value().end()) c.persona = it->second;
    auto seat = seat_agent(common, id, role, std::move(c));
    if (!seat) return failure("agents", redact_key(seat.error().message, key.value()));
    seats.push_back(std::move(seat.value()));
  }
  std::cout << "agents seated for " << seats.size() << " role(s) with model " << config.value().model.model
            << "; playing until the session ends (Ctrl-C stops them)\n" << std::flush;
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& seat : seats) {
    threads.emplace_back([&seat, &failures, &key] {
      if (auto s = seat->run(g_stop); !s) {
        std::cerr << "parley agents: " << seat->role() << ": " << redact_key(s.error().message, key.value()) << "\n";
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& seat : seats) std::cout << "agent " << seat->role() << ": " << seat->calls() << " model calls\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace parley::cli
