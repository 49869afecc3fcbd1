#include "review_command.hpp"

#include <boost/json.hpp>
#include <google/protobuf/util/json_util.h>
#include <iostream>

#include "cli_options.hpp"
#include "review/event_format.hpp"
#include "http_client.hpp"

namespace parley::cli {
using review::clock_time;
using review::describe;
namespace po = boost::program_options;
namespace json = boost::json;
namespace pb = parley::v1;

namespace {

constexpr const char* kReplayUsage =
    "Usage: parley replay SESSION [--as ROLE] [--round N] [--step] [--json] --token TOKEN\n\n"
    "Steps through a recorded session as ROLE saw it (default: the white cell), with\n"
    "timestamps and round and phase headers. A facilitator token reads any role's view;\n"
    "a seat's join code reads only its own.\n\n";

constexpr const char* kForkUsage =
    "Usage: parley fork SESSION --at SEQ [--title T] [--json] --token FACILITATOR_TOKEN\n\n"
    "Creates a new live session whose history is SESSION's up to event SEQ, with new codes.\n"
    "If the original was running at that point, the fork starts paused. The original is\n"
    "untouched.\n\n";


// Prints one event of a replay: a JSON line, or a line under a round and phase header.
struct ReplayPrinter {
  bool json_lines;
  std::int64_t round = -1;
  std::string phase = "?";

  void print(const json::object& item) {
    if (json_lines) {
      std::cout << json::serialize(item) << "\n";
      return;
    }
    pb::Event e;
    (void)google::protobuf::util::JsonStringToMessage(json::serialize(item.at("event")), &e);
    if (item.at("round").to_number<std::int64_t>() != round || item.at("phase").as_string() != phase) {
      round = item.at("round").to_number<std::int64_t>();
      phase = std::string(item.at("phase").as_string());
      std::cout << "\n== " << (round == 0 ? std::string("Lobby") : "Round " + std::to_string(round) + " · " + phase) << " ==\n";
    }
    std::cout << "[" << clock_time(item.at("at_ms").to_number<std::int64_t>()) << "] #" << item.at("seq").to_number<std::int64_t>()
              << "  " << describe(e) << "\n";
  }
};

}  // namespace

int replay_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("as", po::value<std::string>()->default_value(""), "whose view (default: the white cell)")(
      "round", po::value<int>()->default_value(0), "only this round")("step", "wait for Enter between events")(
      "page", po::value<int>()->default_value(5000), "events per request to the server (1-20000)");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"session"}, vm, kReplayUsage, code)) return code;
  auto common = read_common_options(vm);
  int page = vm["page"].as<int>();
  if (page < 1 || page > 20000) return failure("replay", "--page must be 1 to 20000");
  std::string base = "/api/sessions/" + vm["session"].as<std::string>() + "/events?round=" + std::to_string(vm["round"].as<int>()) +
                     "&limit=" + std::to_string(page);
  if (!vm["as"].as<std::string>().empty()) base += "&as=" + vm["as"].as<std::string>();
  ReplayPrinter printer{common.json};
  // Long sessions come in pages: each names where the next begins.
  for (json::value after = 0; !after.is_null();) {
    auto reply = client::http_call(common.server, "GET", base + "&after=" + json::serialize(after), "", common.token);
    if (!reply) return failure("replay", reply.error().message);
    if (reply.value().status != 200) return failure("replay", http_error(reply.value().status, reply.value().body));
    auto body = json::parse(reply.value().body).as_object();
    if (!common.json && after == 0) {
      std::cout << "Session " << body["session_id"].as_string().c_str() << " \"" << body["title"].as_string().c_str() << "\" as "
                << body["role"].as_string().c_str() << ": " << body["last_seq"].to_number<std::int64_t>() << " events recorded\n";
    }
    for (const auto& v : body["events"].as_array()) {
      printer.print(v.as_object());
      if (vm.count("step")) {
        std::cout << "-- Enter for the next event --" << std::flush;
        std::string ignored;
        if (!std::getline(std::cin, ignored)) return 0;
      }
    }
    after = body["next_after"];
  }
  return 0;
}

int fork_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("at", po::value<long long>(), "the last event the fork keeps")(
      "title", po::value<std::string>()->default_value(""), "a title for the fork");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"session"}, vm, kForkUsage, code)) return code;
  if (!vm.count("at")) {
    std::cerr << "parley fork: --at is required\n\n" << kForkUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  auto body = json::serialize(json::object{{"at", vm["at"].as<long long>()}, {"title", vm["title"].as<std::string>()}});
  auto reply = client::http_call(common.server, "POST", "/api/sessions/" + vm["session"].as<std::string>() + "/fork", body,
                                 common.token);
  if (!reply) return failure("fork", reply.error().message);
  if (reply.value().status != 201) return failure("fork", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto obj = json::parse(reply.value().body).as_object();
  std::cout << "fork               " << obj["session_id"].as_string().c_str() << " (of " << obj["forked_from"].as_string().c_str()
            << " at seq " << obj["forked_at"].to_number<std::int64_t>() << ")\n"
            << "facilitator token  " << obj["facilitator_token"].as_string().c_str() << "\n"
            << "observer code      " << obj["observer_code"].as_string().c_str() << "\n";
  for (const auto& s : obj["seats"].as_array()) {
    const auto& seat = s.as_object();
    std::cout << "  " << seat.at("role").as_string().c_str() << " seat " << seat.at("seat").as_int64() << "  "
              << seat.at("join_code").as_string().c_str() << "\n";
  }
  return 0;
}

}  // namespace parley::cli
