#include "app/config.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>
#include <type_traits>

extern char** environ;

namespace parley::app {
namespace po = boost::program_options;
namespace {

struct Flag {
  const char* name;
  const char* env;
};

constexpr Flag kFlags[] = {
    {"listen", "PARLEY_LISTEN"},         {"data-dir", "PARLEY_DATA_DIR"},
    {"db", "PARLEY_DATABASE_URL"},       {"log-level", "PARLEY_LOG_LEVEL"},
    {"migrations", "PARLEY_MIGRATIONS_DIR"}, {"admin-token", "PARLEY_ADMIN_TOKEN"},
    {"threads", "PARLEY_THREADS"},           {"scenarios", "PARLEY_SCENARIOS_DIR"},
    {"max-connections", "PARLEY_MAX_CONNECTIONS"}, {"max-sessions", "PARLEY_MAX_SESSIONS"},
    {"max-frame-bytes", "PARLEY_MAX_FRAME_BYTES"}, {"max-queued-frames", "PARLEY_MAX_QUEUED_FRAMES"},
    {"max-queued-bytes", "PARLEY_MAX_QUEUED_BYTES"},
    {"rate", "PARLEY_RATE"},                 {"idle-timeout", "PARLEY_IDLE_TIMEOUT"},
    {"hello-failures", "PARLEY_HELLO_FAILURES"},
    {"snapshot-every", "PARLEY_SNAPSHOT_EVERY"}, {"web-dir", "PARLEY_WEB_DIR"},
    {"keep-ended", "PARLEY_KEEP_ENDED"},
    {"keep-idle", "PARLEY_KEEP_IDLE"},
    {"bots-client", "PARLEY_BOTS_CLIENT"},
    {"llm-url", "PARLEY_LLM_URL"},           {"llm-model", "PARLEY_LLM_MODEL"},
    {"llm-key-file", "PARLEY_LLM_KEY_FILE"},
    {"node-id", "PARLEY_NODE_ID"},           {"advertise", "PARLEY_ADVERTISE"},
    {"lease", "PARLEY_LEASE"},
};

std::string flag_name(const std::string& name) {
  for (const auto& f : kFlags) {
    if (name == f.name) return std::string("--") + f.name + " (" + f.env + ")";
  }
  return "--" + name;
}

po::options_description describe() {
  po::options_description opts("Options (each also read from the environment variable shown)");
  opts.add_options()
      ("help,h", "print this help and exit")
      ("listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
       "HOST:PORT to serve HTTP and WebSocket on; port 0 picks a free one  [PARLEY_LISTEN]")
      ("data-dir", po::value<std::string>()->default_value("var"),
       "directory for the embedded database and the admin token  [PARLEY_DATA_DIR]")
      ("db", po::value<std::string>(),
       "PostgreSQL connection URL; without it Parley runs its own cluster in DATA_DIR/postgres  "
       "[PARLEY_DATABASE_URL]")
      ("log-level", po::value<std::string>()->default_value("info"),
       "trace, debug, info, warn or error  [PARLEY_LOG_LEVEL]")
      ("migrations", po::value<std::string>()->default_value(PARLEY_DEFAULT_MIGRATIONS_DIR),
       "directory of NNNN_name.sql migrations  [PARLEY_MIGRATIONS_DIR]")
      ("scenarios", po::value<std::string>()->default_value(PARLEY_DEFAULT_SCENARIOS_DIR),
       "directory of *.textproto scenario files offered to sessions  [PARLEY_SCENARIOS_DIR]")
      ("web-dir", po::value<std::string>()->default_value(PARLEY_DEFAULT_WEB_DIR),
       "directory of the built browser client served at /  [PARLEY_WEB_DIR]")
      ("bots-client", po::value<std::string>()->default_value(PARLEY_DEFAULT_BOTS_CLIENT),
       "the parley client program run to seat bots from the dashboard  [PARLEY_BOTS_CLIENT]")
      ("llm-url", po::value<std::string>()->default_value(""),
       "the OpenAI-compatible endpoint (http://HOST:PORT/v1 or https://…/v1) of the language model the dashboard's AI "
       "delegations use; its key, if it needs one, comes from PARLEY_LLM_KEY  [PARLEY_LLM_URL]")
      ("llm-model", po::value<std::string>()->default_value("default"), "the model's name at that endpoint  [PARLEY_LLM_MODEL]")
      ("llm-key-file", po::value<std::string>(), "a file whose first line is the endpoint's key  [PARLEY_LLM_KEY_FILE]")
      ("admin-token", po::value<std::string>(),
       "admin bearer token (at least 16 characters); default: generated once and kept in "
       "DATA_DIR/admin-token  [PARLEY_ADMIN_TOKEN]")
      ("threads", po::value<std::string>()->default_value("2"), "network threads, 1-64  [PARLEY_THREADS]")
      ("max-connections", po::value<std::string>()->default_value("20000"), "WebSocket connections at once  [PARLEY_MAX_CONNECTIONS]")
      ("max-sessions", po::value<std::string>()->default_value("5000"), "live sessions at once  [PARLEY_MAX_SESSIONS]")
      ("max-frame-bytes", po::value<std::string>()->default_value("65536"), "largest frame a client may send  [PARLEY_MAX_FRAME_BYTES]")
      ("max-queued-frames", po::value<std::string>()->default_value("1024"),
       "frames queued for a client before it is disconnected as a slow reader  [PARLEY_MAX_QUEUED_FRAMES]")
      ("max-queued-bytes", po::value<std::string>()->default_value("8388608"),
       "bytes queued for a client before it is disconnected as a slow reader  [PARLEY_MAX_QUEUED_BYTES]")
      ("rate", po::value<std::string>()->default_value("50"), "commands per second per connection (bursts of twice that)  [PARLEY_RATE]")
      ("hello-failures", po::value<std::string>()->default_value("30"),
       "hellos with an unknown code one address may send per minute before it must wait; 0 turns the limit off "
       "(behind a proxy, limit there)  [PARLEY_HELLO_FAILURES]")
      ("idle-timeout", po::value<std::string>()->default_value("60"),
       "seconds without a frame or pong before a connection is dropped; pings go out at half  [PARLEY_IDLE_TIMEOUT]")
      ("snapshot-every", po::value<std::string>()->default_value("1000"), "events between stored snapshots  [PARLEY_SNAPSHOT_EVERY]")
      ("keep-ended", po::value<std::string>()->default_value("600"),
       "seconds an ended session nobody is connected to stays in memory; it is hosted again from the "
       "database when someone joins  [PARLEY_KEEP_ENDED]")
      ("keep-idle", po::value<std::string>()->default_value("600"),
       "seconds an unfinished session stays in memory with nobody connected and its clock stopped "
       "(lobby or paused); it keeps its lease and is hosted again when someone joins  [PARLEY_KEEP_IDLE]")
      ("node-id", po::value<std::string>(),
       "this node's name in a cluster of servers sharing one database; default: generated once and kept "
       "in DATA_DIR/node-id  [PARLEY_NODE_ID]")
      ("advertise", po::value<std::string>(),
       "http://HOST:PORT at which the other nodes reach this one; default: the --listen address  [PARLEY_ADVERTISE]")
      ("lease", po::value<std::string>()->default_value("5"),
       "seconds a node's hold on a session lasts without renewal; another node takes the session over "
       "after that  [PARLEY_LEASE]");
  return opts;
}

std::string usage_text(const po::options_description& opts) {
  std::ostringstream out;
  out << "Usage: parley-server [COMMAND] [OPTIONS]\n\n"
         "The Parley negotiation server.\n\n"
         "Commands:\n"
         "  serve       run the server (the default)\n"
         "  migrate     apply database migrations and exit\n"
         "  db start    start the embedded PostgreSQL in DATA_DIR/postgres, print its\n"
         "              connection string and exit, leaving it running\n"
         "  db stop     stop the embedded PostgreSQL in DATA_DIR/postgres\n\n"
      << opts;
  return out.str();
}

Result<Command> parse_command(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  if (joined.empty() || joined == "serve") return Command::serve;
  if (joined == "migrate") return Command::migrate;
  if (joined == "db start") return Command::db_start;
  if (joined == "db stop") return Command::db_stop;
  return fail(ErrorCode::invalid, "unknown command '" + joined + "' (commands: serve, migrate, db start, db stop)");
}

Result<std::uint16_t> parse_port(const std::string& text, const std::string& whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return fail(ErrorCode::invalid, flag_name("listen") + ": '" + whole + "' has no numeric port; expected HOST:PORT");
  }
  if (value > 65535) {
    return fail(ErrorCode::invalid, flag_name("listen") + ": port " + text + " is out of range 0-65535");
  }
  return static_cast<std::uint16_t>(value);
}

Status parse_listen(const std::string& text, Config& config) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(ErrorCode::invalid, flag_name("listen") + ": '" + text + "' is not [IPV6]:PORT");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) {
      return fail(ErrorCode::invalid, flag_name("listen") + ": '" + text + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty()) return fail(ErrorCode::invalid, flag_name("listen") + ": '" + text + "' has no host");
  auto p = parse_port(port, text);
  if (!p) return p.error();
  config.listen_host = host;
  config.listen_port = p.value();
  return {};
}

// A whole number in [low, high], named by its flag when it is not.
template <class T>
Status parse_number(const po::variables_map& vm, const std::string& flag, T low, T high, T& out) {
  const auto& text = vm[flag].as<std::string>();
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < static_cast<double>(low) ||
      value > static_cast<double>(high) || (std::is_integral_v<T> && value != static_cast<double>(static_cast<long long>(value)))) {
    std::ostringstream range;
    range << low << " to " << high;
    return fail(ErrorCode::invalid, flag_name(flag) + ": '" + text + "' is not a " + (std::is_integral_v<T> ? "whole " : "") + "number from " +
                range.str());
  }
  out = static_cast<T>(value);
  return {};
}

Status fill(const po::variables_map& vm, Config& config) {
  if (auto s = parse_listen(vm["listen"].as<std::string>(), config); !s) return s;
  config.data_dir = vm["data-dir"].as<std::string>();
  if (config.data_dir.empty()) return fail(ErrorCode::invalid, flag_name("data-dir") + ": must not be empty");
  if (vm.count("db")) {
    config.database_url = vm["db"].as<std::string>();
    if (config.database_url.empty()) return fail(ErrorCode::invalid, flag_name("db") + ": must not be empty when given");
  }
  auto level_text = vm["log-level"].as<std::string>();
  auto level = log::parse_level(level_text);
  if (!level) {
    return fail(ErrorCode::invalid, flag_name("log-level") + ": '" + level_text + "' is not one of trace, debug, info, warn, error");
  }
  config.log_level = *level;
  config.migrations_dir = vm["migrations"].as<std::string>();
  config.scenarios_dir = vm["scenarios"].as<std::string>();
  config.web_dir = vm["web-dir"].as<std::string>();
  config.bots_client = vm["bots-client"].as<std::string>();
  config.llm_url = vm["llm-url"].as<std::string>();
  config.llm_model = vm["llm-model"].as<std::string>();
  if (!config.llm_url.empty() && config.llm_url.rfind("http://", 0) != 0 && config.llm_url.rfind("https://", 0) != 0) {
    return fail(ErrorCode::invalid, flag_name("llm-url") + ": '" + config.llm_url + "' is not an http:// or https:// address");
  }
  if (vm.count("llm-key-file")) {
    std::ifstream in(vm["llm-key-file"].as<std::string>());
    if (!in) return fail(ErrorCode::invalid, flag_name("llm-key-file") + ": cannot read " + vm["llm-key-file"].as<std::string>());
    std::getline(in, config.llm_key);
  }
  if (vm.count("admin-token")) {
    config.admin_token = vm["admin-token"].as<std::string>();
    if (config.admin_token.size() < 16) {
      return fail(ErrorCode::invalid, flag_name("admin-token") + ": must be at least 16 characters");
    }
  }
  if (vm.count("node-id")) {
    config.node_id = vm["node-id"].as<std::string>();
    bool plain = !config.node_id.empty() && config.node_id.size() <= 64 &&
                 std::all_of(config.node_id.begin(), config.node_id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; });
    if (!plain) return fail(ErrorCode::invalid, flag_name("node-id") + ": '" + config.node_id + "' must be 1-64 letters, digits, '-', '_' or '.'");
  }
  if (vm.count("advertise")) {
    config.advertise = vm["advertise"].as<std::string>();
    if (config.advertise.rfind("http://", 0) != 0 || config.advertise.find(':', 7) == std::string::npos) {
      return fail(ErrorCode::invalid, flag_name("advertise") + ": '" + config.advertise + "' is not an http://HOST:PORT address");
    }
  }
  Status checks[] = {
      parse_number<double>(vm, "lease", 1, 3600, config.lease_seconds),
      parse_number<unsigned>(vm, "threads", 1, 64, config.threads),
      parse_number<std::size_t>(vm, "max-connections", 1, 1'000'000, config.max_connections),
      parse_number<std::size_t>(vm, "max-sessions", 1, 1'000'000, config.max_sessions),
      parse_number<std::size_t>(vm, "max-frame-bytes", 1024, 16 * 1024 * 1024, config.max_frame_bytes),
      parse_number<std::size_t>(vm, "max-queued-frames", 16, 1'000'000, config.max_queued_frames),
      parse_number<std::size_t>(vm, "max-queued-bytes", 65'536, std::size_t{1} << 32, config.max_queued_bytes),
      parse_number<double>(vm, "rate", 1, 100'000, config.commands_per_second),
      parse_number<int>(vm, "hello-failures", 0, 1'000'000, config.hello_failures_per_minute),
      parse_number<int>(vm, "idle-timeout", 5, 86'400, config.idle_timeout_seconds),
      parse_number<std::uint64_t>(vm, "snapshot-every", 10, 1'000'000, config.snapshot_every),
      parse_number<double>(vm, "keep-ended", 0.1, 30 * 86'400, config.keep_ended_seconds),
      parse_number<double>(vm, "keep-idle", 0.1, 30 * 86'400, config.keep_idle_seconds),
  };
  for (auto& s : checks) {
    if (!s) return s;
  }
  return {};
}

}  // namespace

Result<ParsedCommandLine> parse_config(const std::vector<std::string>& args, const Environment& env) {
  auto opts = describe();
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add("command", -1);

  ParsedCommandLine out;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    // Environment values fill only what the command line left unset.
    std::vector<std::string> env_args;
    for (const auto& f : kFlags) {
      auto it = env.find(f.env);
      if (it != env.end()) env_args.push_back(std::string("--") + f.name + "=" + it->second);
    }
    po::store(po::command_line_parser(env_args).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return fail(ErrorCode::invalid, std::string(e.what()) + " (see --help)");
  }
  if (vm.count("help")) {
    out.help = true;
    out.help_text = usage_text(opts);
    return out;
  }
  auto command = parse_command(vm.count("command") ? vm["command"].as<std::vector<std::string>>()
                                                   : std::vector<std::string>{});
  if (!command) return command.error();
  out.config.command = command.value();
  if (auto s = fill(vm, out.config); !s) return s.error();
  // The key is read from the environment only: a flag would show it in `ps`.
  if (auto key = env.find("PARLEY_LLM_KEY"); key != env.end() && out.config.llm_key.empty()) out.config.llm_key = key->second;
  return out;
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos && entry.rfind("PARLEY_", 0) == 0) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

}  // namespace parley::app
