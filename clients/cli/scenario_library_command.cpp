#include "scenario_library_command.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "http_client.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

constexpr const char* kUsage =
    "Usage: parley scenario list [--all] [--json]\n"
    "       parley scenario push FILE [--publish] [--base V] [--author NAME] [--json]\n"
    "       parley scenario pull ID [--version V] [--format textproto|json] [--out FILE]\n"
    "       parley scenario publish ID [--version V]\n"
    "       parley scenario archive ID\n\n"
    "The server's scenario library (admin token: --token, PARLEY_TOKEN or var/admin-token).\n"
    "push     validate FILE on the server and save it as a new version (a draft unless\n"
    "         --publish); an edit of a scenario already in the library names the version\n"
    "         it was made from (--base), so two authors never overwrite each other\n"
    "pull     a version as the server has it (default: the newest)\n"
    "publish  offer a version for new sessions (default: the newest)\n"
    "archive  withdraw it; sessions created from it keep their copy\n\n";

// The admin token, from the options or a local server's data directory.
bool admin_token(CommonOptions& common, const std::string& what) {
  if (common.token.empty()) common.token = local_admin_token();
  if (!common.token.empty()) return true;
  failure(what, "needs the admin token: --token, PARLEY_TOKEN, or var/admin-token of a local server");
  return false;
}

// Problems of a refused scenario, one a line, as `scenario check` prints them.
void print_problems(const std::string& source, const std::string& body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("problems")) return;
  for (const auto& p : v.as_object().at("problems").as_array()) {
    const auto& o = p.as_object();
    std::cerr << source;
    if (o.at("line").is_int64()) std::cerr << ":" << o.at("line").as_int64();
    std::cerr << ": " << o.at("path").as_string().c_str() << ": " << o.at("message").as_string().c_str() << "\n";
  }
}

int list(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("all", "drafts and archived scenarios too (admin token)");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  bool all = vm.count("all") > 0;
  if (all && !admin_token(common, "scenario list")) return 1;
  auto reply = client::http_call(common.server, "GET", all ? "/api/scenarios?all=1" : "/api/scenarios", "", common.token);
  if (!reply) return failure("scenario list", reply.error().message);
  if (reply.value().status != 200) return failure("scenario list", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto listing = json::parse(reply.value().body);
  for (const auto& s : listing.at("scenarios").as_array()) {
    const auto& o = s.as_object();
    std::string version = o.at("origin").as_string() == "shipped" ? "shipped" : "v" + std::to_string(o.at("version").as_int64());
    std::cout << o.at("id").as_string().c_str() << "  " << version << "  " << o.at("state").as_string().c_str() << "  "
              << o.at("title").as_string().c_str() << "\n";
  }
  return 0;
}

int push(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("publish", "publish at once")("base", po::value<int>()->default_value(0), "the version this edit was made from")(
      "author", po::value<std::string>()->default_value(""), "the author's name, kept with the version");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"file"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  if (!admin_token(common, "scenario push")) return 1;
  auto file = vm["file"].as<std::string>();
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return failure("scenario push", "cannot read " + file);
  std::string path = "/api/scenarios?base=" + std::to_string(vm["base"].as<int>());
  if (vm.count("publish")) path += "&publish=1";
  for (char c : vm["author"].as<std::string>()) {
    if (path.find("&author=") == std::string::npos) path += "&author=";
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
    path += std::isalnum(static_cast<unsigned char>(c)) ? std::string(1, c) : std::string(hex);
  }
  auto reply = client::http_call(common.server, "POST", path, text.str(), common.token, std::chrono::seconds(60), "text/plain");
  if (!reply) return failure("scenario push", reply.error().message);
  if (reply.value().status == 422) {
    print_problems(file, reply.value().body);
    return failure("scenario push", file + " was not saved: the server found the problems above");
  }
  if (reply.value().status != 201) return failure("scenario push", http_error(reply.value().status, reply.value().body));
  if (common.json) {
    std::cout << reply.value().body;
    return 0;
  }
  auto o = json::parse(reply.value().body).as_object();
  std::cout << file << ": saved as " << o.at("id").as_string().c_str() << " version " << o.at("version").as_int64() << " ("
            << o.at("state").as_string().c_str() << ")\n";
  return 0;
}

int pull(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("version", po::value<int>()->default_value(0), "a version (default: the newest)")(
      "format", po::value<std::string>()->default_value("textproto"), "textproto or json")(
      "out", po::value<std::string>(), "write to FILE instead of standard output");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  if (!admin_token(common, "scenario pull")) return 1;
  std::string path = "/api/scenarios/" + vm["id"].as<std::string>() + "?format=" + vm["format"].as<std::string>();
  if (vm["version"].as<int>() > 0) path += "&version=" + std::to_string(vm["version"].as<int>());
  auto reply = client::http_call(common.server, "GET", path, "", common.token);
  if (!reply) return failure("scenario pull", reply.error().message);
  if (reply.value().status != 200) return failure("scenario pull", http_error(reply.value().status, reply.value().body));
  if (!vm.count("out")) {
    std::cout << reply.value().body;
    return 0;
  }
  std::ofstream out(vm["out"].as<std::string>(), std::ios::binary);
  out << reply.value().body;
  if (!out) return failure("scenario pull", "cannot write " + vm["out"].as<std::string>());
  return 0;
}

int change_state(const std::string& verb, const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("version", po::value<int>()->default_value(0), "the version (default: the newest)");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  if (!admin_token(common, "scenario " + verb)) return 1;
  json::object body;
  if (vm["version"].as<int>() > 0) body["version"] = vm["version"].as<int>();
  auto reply = client::http_call(common.server, "POST", "/api/scenarios/" + vm["id"].as<std::string>() + "/" + verb,
                                 json::serialize(body), common.token);
  if (!reply) return failure("scenario " + verb, reply.error().message);
  if (reply.value().status != 200) return failure("scenario " + verb, http_error(reply.value().status, reply.value().body));
  auto o = json::parse(reply.value().body).as_object();
  std::cout << o.at("id").as_string().c_str() << " version " << o.at("version").as_int64() << ": " << o.at("state").as_string().c_str()
            << "\n";
  return 0;
}

}  // namespace

bool is_library_verb(const std::string& verb) {
  return verb == "list" || verb == "push" || verb == "pull" || verb == "publish" || verb == "archive";
}

int scenario_library_command(const std::string& verb, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (verb == "list") return list(args);
  if (verb == "push") return push(args);
  if (verb == "pull") return pull(args);
  if (verb == "publish" || verb == "archive") return change_state(verb, args);
  std::cerr << "parley scenario: unknown command '" << verb << "'\n\n" << kUsage;
  return 2;
}

}  // namespace parley::cli
