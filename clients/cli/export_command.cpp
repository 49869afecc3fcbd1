#include "export_command.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <google/protobuf/util/json_util.h>
#include <iostream>

#include "after_action.hpp"
#include "cli_options.hpp"
#include "http_client.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {
constexpr const char* kUsage =
    "Usage: parley export SESSION --format json|csv|md [--out FILE] [--with-messages] --token FACILITATOR_TOKEN\n\n"
    "The after-action record: timeline by round, every text and its amendments, votes, the\n"
    "adopted text, signatures and red-line flags, pledges and their settlement, the stress\n"
    "test, each delegation's utility against its BATNA, and the outcome against the Pareto\n"
    "frontier and the Nash text. Private messages are counted per pair, not shown, unless\n"
    "--with-messages. CSV is one row per event.\n\n";
}  // namespace

int export_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("format", po::value<std::string>()->default_value("md"), "json, csv or md")(
      "out", po::value<std::string>(), "write to FILE instead of standard output")("with-messages", "include message texts");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"session"}, vm, kUsage, code)) return code;
  std::string format = vm["format"].as<std::string>();
  if (format != "json" && format != "csv" && format != "md") {
    std::cerr << "parley export: --format must be json, csv or md\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  std::string id = vm["session"].as<std::string>();
  auto reply = client::http_call(common.server, "GET", "/api/sessions/" + id + "/events", "", common.token);
  if (!reply) return failure("export", reply.error().message);
  if (reply.value().status != 200) return failure("export", "HTTP " + std::to_string(reply.value().status) + ": " + reply.value().body);
  auto body = json::parse(reply.value().body).as_object();
  parley::v1::Scenario scenario;
  (void)google::protobuf::util::JsonStringToMessage(json::serialize(body["scenario"]), &scenario);
  if (scenario.injects_size() == 0 && scenario.roles_size() > 0 && !scenario.roles(0).has_profile()) {
    return failure("export", "the after-action record needs a facilitator token (the white cell's full view)");
  }
  std::vector<RecordedEvent> events;
  for (const auto& v : body["events"].as_array()) {
    const auto& o = v.as_object();
    RecordedEvent r{static_cast<std::uint64_t>(o.at("seq").to_number<std::int64_t>()), o.at("at_ms").to_number<std::int64_t>(), {}};
    (void)google::protobuf::util::JsonStringToMessage(json::serialize(o.at("event")), &r.event);
    events.push_back(std::move(r));
  }
  bool with_messages = vm.count("with-messages") > 0;
  std::string out;
  if (format == "csv") {
    out = render_csv(events, with_messages);
  } else {
    auto report = after_action(scenario, id, events, with_messages);
    if (body.contains("forked_from")) {  // a what-if branch says where it branched
      report["forked_from"] = body["forked_from"];
      report["forked_at"] = body["forked_at"];
    }
    out = format == "json" ? json::serialize(report) + "\n" : render_markdown(report);
  }
  if (!vm.count("out")) {
    std::cout << out;
    return 0;
  }
  std::ofstream file(vm["out"].as<std::string>());
  file << out;
  if (!file) return failure("export", "cannot write " + vm["out"].as<std::string>());
  std::cerr << "wrote " << vm["out"].as<std::string>() << "\n";
  return 0;
}

}  // namespace parley::cli
