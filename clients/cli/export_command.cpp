#include "export_command.hpp"

#include <fstream>
#include <iostream>

#include "cli_options.hpp"
#include "http_client.hpp"

namespace parley::cli {
namespace po = boost::program_options;

namespace {
constexpr const char* kUsage =
    "Usage: parley export SESSION [--format html|md|json|csv] [--as ROLE] [--out FILE] [--with-messages] --token TOKEN\n\n"
    "The after-action review, computed by the server from the stored events through the engine:\n"
    "a summary in plain sentences, participants, a timeline, positions over time, roll calls, what\n"
    "each inject changed, pledges, the stress test, the value left on the table (Pareto frontier,\n"
    "Nash and Kalai-Smorodinsky texts, voting power), who saw what, an HSEEP-shaped after-action\n"
    "report with improvement plan and discussion questions, and any what-if branches.\n\n"
    "  html  one self-contained page (inline CSS and SVG charts; opens from disk, no network)\n"
    "  md    the same findings as Markdown (the default)\n"
    "  json  the review model every format is drawn from\n"
    "  csv   one row per event\n\n"
    "A facilitator token reads the white cell's view, or a role's with --as; a seat's join code\n"
    "reads only what its role was shown. Private messages are counted per pair, not shown, unless\n"
    "--with-messages.\n\n";

std::string query_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}
}  // namespace

int export_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("format", po::value<std::string>()->default_value("md"), "html, md, json or csv")(
      "as", po::value<std::string>(), "a role's view (facilitators only); default: the token's own view")(
      "out", po::value<std::string>(), "write to FILE instead of standard output")("with-messages", "include message texts");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"session"}, vm, kUsage, code)) return code;
  std::string format = vm["format"].as<std::string>();
  if (format != "json" && format != "csv" && format != "md" && format != "html") {
    std::cerr << "parley export: --format must be html, md, json or csv\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  std::string path = "/api/sessions/" + query_escape(vm["session"].as<std::string>()) + "/review?format=" + format;
  if (vm.count("as")) path += "&as=" + query_escape(vm["as"].as<std::string>());
  if (vm.count("with-messages")) path += "&with_messages=1";
  auto reply = client::http_call(common.server, "GET", path, "", common.token);
  if (!reply) return failure("export", reply.error().message);
  if (reply.value().status != 200) return failure("export", http_error(reply.value().status, reply.value().body));
  if (!vm.count("out")) {
    std::cout << reply.value().body;
    return 0;
  }
  std::ofstream file(vm["out"].as<std::string>(), std::ios::binary);
  file << reply.value().body;
  if (!file) return failure("export", "cannot write " + vm["out"].as<std::string>());
  std::cerr << "wrote " << vm["out"].as<std::string>() << " (" << reply.value().body.size() << " bytes)\n";
  return 0;
}

}  // namespace parley::cli
