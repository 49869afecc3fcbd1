#include "session_command.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli_options.hpp"
#include "http_client.hpp"
#include "session_link.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

constexpr const char* kUsage =
    "Usage: parley session create --scenario NAME [--version V] [--title T] [--token ADMIN_TOKEN] [--json]\n"
    "       parley session status ID --token FACILITATOR_TOKEN [--json]\n"
    "       parley session list [--state S] [--scenario ID] [--limit N] [--offset N] [--token ADMIN_TOKEN] [--json]\n"
    "       parley session timescale ID FACTOR --token FACILITATOR_TOKEN\n\n";

int create(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("scenario", po::value<std::string>(), "scenario id (see parley scenario list)")(
      "version", po::value<int>()->default_value(0), "a version of a library scenario (default: the newest published)")(
      "title", po::value<std::string>()->default_value(""), "a title for the session");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kUsage, code)) return code;
  if (!vm.count("scenario")) {
    std::cerr << "parley session create: --scenario is required\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  if (common.token.empty()) common.token = local_admin_token();
  if (common.token.empty()) {
    return failure("session create", "needs the admin token: --token, PARLEY_TOKEN, or var/admin-token of a local server");
  }
  json::object request{{"scenario", vm["scenario"].as<std::string>()}, {"title", vm["title"].as<std::string>()}};
  if (vm["version"].as<int>() > 0) request["version"] = vm["version"].as<int>();
  auto body = json::serialize(request);
  auto reply = client::http_call(common.server, "POST", "/api/sessions", body, common.token);
  if (!reply) return failure("session create", reply.error().message);
  if (reply.value().status != 201) return failure("session create", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto obj = json::parse(reply.value().body).as_object();
  // The code travels in the fragment, which browsers never send to a server or proxy.
  std::string join = common.server + "/join#";
  std::string facilitator(obj["facilitator_token"].as_string());
  std::string observer(obj["observer_code"].as_string());
  std::cout << "session            " << obj["session_id"].as_string().c_str() << "\n"
            << "facilitator token  " << facilitator << "\n"
            << "observer code      " << observer << "\n"
            << "seats:\n";
  for (const auto& s : obj["seats"].as_array()) {
    const auto& seat = s.as_object();
    std::cout << "  " << seat.at("role").as_string().c_str() << " seat " << seat.at("seat").as_int64()
              << (seat.at("seat").as_int64() == 0 ? " (head)   " : " (adviser)") << "  " << seat.at("join_code").as_string().c_str()
              << "\n";
  }
  std::cout << "\nIn a browser:\n"
            << "  white cell (dashboard)   " << join << facilitator << "\n"
            << "  projector (observer)     " << join << observer << "\n";
  for (const auto& s : obj["seats"].as_array()) {
    const auto& seat = s.as_object();
    if (seat.at("seat").as_int64() != 0) continue;
    std::string label = std::string(seat.at("role").as_string()) + " (head)";
    std::cout << "  " << label << std::string(label.size() < 25 ? 25 - label.size() : 1, ' ') << join
              << seat.at("join_code").as_string().c_str() << "\n";
  }
  std::cout << "  (advisers: " << join << "CODE with a code above; the dashboard shows every link and a QR code)\n"
            << "\nIn a terminal: parley join CODE    (the white cell joins with the facilitator token)\n";
  return 0;
}

int status(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  auto reply = client::http_call(common.server, "GET", "/api/sessions/" + vm["id"].as<std::string>(), "", common.token);
  if (!reply) return failure("session status", reply.error().message);
  if (reply.value().status != 200) return failure("session status", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto obj = json::parse(reply.value().body).as_object();
  std::string phase(obj["phase"].as_string());  // none before the start
  std::cout << "session " << obj["session_id"].as_string().c_str() << " (" << obj["scenario"].as_string().c_str() << "): "
            << obj["state"].as_string().c_str()
            << (phase.empty() ? std::string() : ", round " + std::to_string(obj["round"].to_number<std::int64_t>()) + ", phase " + phase)
            << ", last seq " << obj["last_seq"].to_number<std::int64_t>() << ", "
            << obj["connections"].to_number<std::int64_t>() << " connection(s)\n";
  if (obj.contains("forked_from")) {
    std::cout << "forked from " << obj["forked_from"].as_string().c_str() << " at seq "
              << obj["forked_at"].to_number<std::int64_t>() << "\n";
  }
  return 0;
}

// Every recorded session, newest first: the way back to a lost session id.
int list(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("state", po::value<std::string>()->default_value(""), "only lobby, running, paused or ended sessions")(
      "scenario", po::value<std::string>()->default_value(""), "only sessions of this scenario id")(
      "limit", po::value<std::uint32_t>()->default_value(50), "at most this many (1-200)")(
      "offset", po::value<std::uint64_t>()->default_value(0), "skip this many (for the next page)");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  if (common.token.empty()) common.token = local_admin_token();
  if (common.token.empty()) return failure("session list", "needs the admin token: --token, PARLEY_TOKEN, or var/admin-token of a local server");
  std::string query = "/api/sessions?limit=" + std::to_string(vm["limit"].as<std::uint32_t>()) +
                      "&offset=" + std::to_string(vm["offset"].as<std::uint64_t>());
  if (!vm["state"].as<std::string>().empty()) query += "&state=" + vm["state"].as<std::string>();
  if (!vm["scenario"].as<std::string>().empty()) query += "&scenario=" + vm["scenario"].as<std::string>();
  auto reply = client::http_call(common.server, "GET", query, "", common.token);
  if (!reply) return failure("session list", reply.error().message);
  if (reply.value().status != 200) return failure("session list", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto page = json::parse(reply.value().body).as_object();
  const auto& sessions = page["sessions"].as_array();
  for (const auto& item : sessions) {
    const auto& s = item.as_object();
    std::cout << s.at("session_id").as_string().c_str() << "  " << s.at("created_at").as_string().c_str() << "  "
              << s.at("state").as_string().c_str() << "  " << s.at("scenario").as_string().c_str() << "  seq "
              << s.at("last_seq").to_number<std::int64_t>() << "  \"" << s.at("title").as_string().c_str() << "\"";
    if (s.contains("forked_from")) {
      std::cout << "  (fork of " << s.at("forked_from").as_string().c_str() << " at " << s.at("forked_at").to_number<std::int64_t>() << ")";
    }
    std::cout << "\n";
  }
  auto total = page["total"].to_number<std::uint64_t>();
  std::cout << sessions.size() << " of " << total << " session(s)";
  if (vm["offset"].as<std::uint64_t>() + sessions.size() < total) {
    std::cout << "; next page: --offset " << vm["offset"].as<std::uint64_t>() + sessions.size();
  }
  std::cout << "\n";
  return 0;
}

int timescale(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id", "factor"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  double factor = std::atof(vm["factor"].as<std::string>().c_str());
  if (common.token.empty()) return failure("session timescale", "needs the facilitator token: --token or PARLEY_TOKEN");
  auto link = SessionLink::open(common.server, common.token);
  if (!link) return failure("session timescale", link.error().message);
  if (link.value()->welcome().session_id() != vm["id"].as<std::string>()) {
    return failure("session timescale", "the token belongs to session " + link.value()->welcome().session_id());
  }
  parley::v1::Command c;
  c.mutable_time_scale()->set_factor(factor);
  auto answer = link.value()->send(c);
  if (!answer) return failure("session timescale", answer.error().message);
  if (answer.value().has_rejection()) return failure("session timescale", answer.value().rejection().message());
  std::cout << "deadlines of session " << vm["id"].as<std::string>() << " now run " << factor << " times faster\n";
  return 0;
}

}  // namespace

int session_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "create") return create(rest);
  if (args[0] == "status") return status(rest);
  if (args[0] == "list") return list(rest);
  if (args[0] == "timescale") return timescale(rest);
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "parley session: unknown command '" << args[0] << "'\n\n" << kUsage;
  return 2;
}

}  // namespace parley::cli
