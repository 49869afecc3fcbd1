#include "cohort_command.hpp"

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
    "Usage: parley cohort create --scenario NAME --tables N (--roster FILE|- | --count N) [--title T] [--version V] [--token ADMIN_TOKEN] [--json]\n"
    "       parley cohort status ID --token COHORT_TOKEN [--json]\n"
    "       parley cohort act ID ACTION [--tables 1,3] [--factor F] [--inject ID] [--seconds S] --token COHORT_TOKEN\n"
    "       parley cohort handout ID [--format html|csv] [--paper a4|letter] [--base URL] [--out FILE] --token COHORT_TOKEN\n"
    "       parley cohort debrief ID [--format html|json|csv] [--runs N] [--out FILE] --token COHORT_TOKEN\n\n"
    "A class: N tables of one scenario made at once, a roster seated on them (CSV lines of name,\n"
    "group, role; a group sits together, a role is a preference), slips to hand out, every table\n"
    "run at once (ACTION: start, pause, resume, advance, extend, time_scale, inject, bots, end),\n"
    "and a debrief comparing the tables. create prints the cohort's token; the admin token also works.\n\n";

Result<std::string> read_all(const std::string& path) {
  std::ostringstream out;
  if (path == "-") {
    out << std::cin.rdbuf();
    return out.str();
  }
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::invalid, "cannot read " + path);
  out << in.rdbuf();
  return out.str();
}

// Calls the API; the body of a 2xx answer, else the server's sentence.
Result<std::string> call(const CommonOptions& common, const std::string& method, const std::string& path, const std::string& body = "") {
  auto reply = client::http_call(common.server, method, path, body, common.token);
  if (!reply) return reply.error();
  if (reply.value().status / 100 != 2) return fail(ErrorCode::failed, http_error(reply.value().status, reply.value().body));
  return reply.value().body;
}

int print_or_save(const std::string& what, const std::string& body, const po::variables_map& vm) {
  if (!vm.count("out")) {
    std::cout << body;
    return 0;
  }
  std::ofstream out(vm["out"].as<std::string>(), std::ios::binary);
  if (!(out << body)) return failure(what, "cannot write " + vm["out"].as<std::string>());
  std::cerr << "wrote " << vm["out"].as<std::string>() << " (" << body.size() << " bytes)\n";
  return 0;
}

int create(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("scenario", po::value<std::string>(), "scenario id")("version", po::value<int>()->default_value(0), "library version")(
      "title", po::value<std::string>()->default_value(""), "the class's title; tables are 'TITLE — Table k'")(
      "tables", po::value<int>(), "how many tables (1 to 100)")("roster", po::value<std::string>(), "CSV file of name,group,role (- for stdin)")(
      "count", po::value<int>(), "how many people, without names");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {}, vm, kUsage, code)) return code;
  if (!vm.count("scenario") || !vm.count("tables") || vm.count("roster") == vm.count("count")) {
    std::cerr << "parley cohort create: needs --scenario, --tables, and either --roster or --count\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  if (common.token.empty()) common.token = local_admin_token();
  json::object body{{"scenario", vm["scenario"].as<std::string>()}, {"title", vm["title"].as<std::string>()}, {"tables", vm["tables"].as<int>()}};
  if (vm["version"].as<int>() > 0) body["version"] = vm["version"].as<int>();
  if (vm.count("count")) body["count"] = vm["count"].as<int>();
  if (vm.count("roster")) {
    auto roster = read_all(vm["roster"].as<std::string>());
    if (!roster) return failure("cohort create", roster.error().message);
    body["roster"] = roster.value();
  }
  auto reply = call(common, "POST", "/api/cohorts", json::serialize(body));
  if (!reply) return failure("cohort create", reply.error().message);
  if (common.json) {
    std::cout << reply.value();
    return 0;
  }
  auto made = json::parse(reply.value()).as_object();
  std::cout << "cohort     " << made.at("cohort_id").as_string().c_str() << "  (" << made.at("title").as_string().c_str() << ")\n"
            << "token      " << made.at("token").as_string().c_str() << "   keep it private: it runs every table\n"
            << "dashboard  " << common.server << made.at("dashboard").as_string().c_str() << "\n\n";
  for (const auto& t : made.at("tables").as_array()) {
    std::cout << "table " << t.at("table").as_int64() << "  session " << t.at("session_id").as_string().c_str() << "\n";
  }
  std::cout << "\n" << made.at("participants").as_array().size() << " people seated, " << made.at("bots").as_array().size()
            << " head seats for bots (parley cohort act ID bots)\n";
  for (const auto& n : made.at("notes").as_array()) std::cout << "note: " << n.as_string().c_str() << "\n";
  std::cout << "\nSlips to print: parley cohort handout " << made.at("cohort_id").as_string().c_str() << " --out handout.html --token TOKEN\n";
  return 0;
}

int status(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  auto reply = call(common, "GET", "/api/cohorts/" + vm["id"].as<std::string>());
  if (!reply) return failure("cohort status", reply.error().message);
  if (common.json) {
    std::cout << reply.value();
    return 0;
  }
  auto s = json::parse(reply.value()).as_object();
  std::cout << s.at("title").as_string().c_str() << " (" << s.at("scenario").as_string().c_str() << ")\n";
  for (const auto& v : s.at("tables").as_array()) {
    const auto& t = v.as_object();
    int people = 0, here = 0;
    for (const auto& p : t.at("people").as_array()) {
      if (p.at("kind").as_string() == "observer") continue;
      ++people;
      here += p.at("connected").is_bool() && p.at("connected").as_bool() ? 1 : 0;
    }
    std::cout << "table " << t.at("table").as_int64() << "  " << (t.contains("state") ? t.at("state").as_string().c_str() : "unreachable");
    if (t.contains("round") && t.at("round").as_int64() > 0) std::cout << "  round " << t.at("round").as_int64() << " " << t.at("phase").as_string().c_str();
    std::cout << "  people " << here << "/" << people << "\n";
  }
  for (const auto& a : s.at("alerts").as_array()) std::cout << "! " << a.as_string().c_str() << "\n";
  return 0;
}

int act(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("tables", po::value<std::string>(), "table numbers, e.g. 1,3 (default: every table)")(
      "factor", po::value<double>(), "for time_scale")("inject", po::value<std::string>(), "for inject: its id")(
      "seconds", po::value<int>(), "for extend");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id", "action"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  json::object body{{"action", vm["action"].as<std::string>()}};
  if (vm.count("factor")) body["factor"] = vm["factor"].as<double>();
  if (vm.count("inject")) body["inject"] = vm["inject"].as<std::string>();
  if (vm.count("seconds")) body["seconds"] = vm["seconds"].as<int>();
  if (vm.count("tables")) {
    json::array tables;
    std::stringstream list(vm["tables"].as<std::string>());
    for (std::string item; std::getline(list, item, ',');) {
      try {
        tables.push_back(std::stoi(item));
      } catch (const std::exception&) {
        return failure("cohort act", "--tables takes numbers separated by commas, not '" + item + "'");
      }
    }
    body["tables"] = tables;
  }
  auto reply = call(common, "POST", "/api/cohorts/" + vm["id"].as<std::string>() + "/actions", json::serialize(body));
  if (!reply) return failure("cohort act", reply.error().message);
  if (common.json) {
    std::cout << reply.value();
    return 0;
  }
  auto r = json::parse(reply.value()).as_object();
  for (const auto& x : r.at("results").as_array()) {
    std::cout << "table " << x.at("table").as_int64() << ": "
              << (x.at("ok").as_bool() ? std::string("done") : "refused: " + std::string(x.at("error").as_string())) << "\n";
  }
  return r.at("refused").as_int64() > 0 ? 1 : 0;
}

int document(const std::vector<std::string>& args, const std::string& kind) {
  po::options_description opts("Options");
  opts.add_options()("format", po::value<std::string>()->default_value("html"), "html, csv (or json: debrief)")(
      "out", po::value<std::string>(), "write to this file instead of standard output");
  if (kind == "handout") {
    opts.add_options()("paper", po::value<std::string>()->default_value(""), "a4 or letter (default: slips that fit both)")(
        "base", po::value<std::string>(), "the address participants open, e.g. http://192.168.1.20:8080 (default: --server)");
  } else {
    opts.add_options()("runs", po::value<int>()->default_value(300), "bot games to set the class beside (0: none)");
  }
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"id"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  std::string query = "format=" + vm["format"].as<std::string>();
  if (kind == "handout") {
    query += "&paper=" + vm["paper"].as<std::string>() + "&base=" + (vm.count("base") ? vm["base"].as<std::string>() : common.server);
  } else {
    query += "&runs=" + std::to_string(vm["runs"].as<int>());
  }
  auto reply = call(common, "GET", "/api/cohorts/" + vm["id"].as<std::string>() + "/" + kind + "?" + query);
  if (!reply) return failure("cohort " + kind, reply.error().message);
  return print_or_save("cohort " + kind, reply.value(), vm);
}

}  // namespace

int cohort_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "create") return create(rest);
  if (args[0] == "status") return status(rest);
  if (args[0] == "act") return act(rest);
  if (args[0] == "handout") return document(rest, "handout");
  if (args[0] == "debrief") return document(rest, "debrief");
  std::cerr << "parley cohort: unknown command '" << args[0] << "'\n\n" << kUsage;
  return 2;
}

}  // namespace parley::cli
