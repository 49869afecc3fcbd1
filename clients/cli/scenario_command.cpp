#include "scenario_command.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "engine/analyzer.hpp"
#include "engine/scenario_index.hpp"
#include "engine/scenario_parser.hpp"
#include "review/scenario_summary.hpp"
#include "scenario_library_command.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;
using engine::Analyzer;
using engine::ScenarioIndex;

namespace {

constexpr const char* kUsage =
    "Usage: parley scenario check FILE...\n"
    "       parley scenario analyze FILE [--json]\n"
    "       parley scenario list|push|pull|publish|archive ...  (the server's library; see\n"
    "                                                         parley scenario push --help)\n\n"
    "check    validate scenario files; prints every problem as FILE:LINE: PATH: PROBLEM\n"
    "         and exits 0 when all files are valid, 1 when any is not\n"
    "analyze  print the roles, the size of the text space, the Nash bargaining text for\n"
    "         each number of signatories with every delegation's utility, and the size\n"
    "         of the Pareto frontier (initial preferences, no injects applied)\n";

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read file";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int check(const std::vector<std::string>& files) {
  if (files.empty()) {
    std::cerr << "parley scenario check: no FILE given\n\n" << kUsage;
    return 2;
  }
  int invalid = 0;
  for (const auto& file : files) {
    std::string text;
    std::string error;
    if (!read_file(file, text, error)) {
      std::cout << error << "\n";
      ++invalid;
      continue;
    }
    auto parsed = engine::parse_scenario(text);
    if (parsed.ok()) {
      std::cout << file << ": ok (" << parsed.scenario.id() << ")\n";
    } else {
      std::cout << parsed.report(file);
      ++invalid;
    }
  }
  return invalid == 0 ? 0 : 1;
}

std::string fixed(double v, int digits = 1) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << v;
  return out.str();
}

std::string text_labels(const ScenarioIndex& index, const engine::Text& text) {
  std::string out;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (!out.empty()) out += ' ';
    out += text[i] < 0 ? index.issue(i).id() + "?" : index.option(i, text[i]).id();
  }
  return out;
}

std::string roles_of_kind(const ScenarioIndex& index, parley::v1::RoleKind kind) {
  std::string out;
  for (int r = 0; r < index.role_count(); ++r) {
    if (index.role(r).kind() == kind) out += (out.empty() ? "" : ", ") + index.role(r).id();
  }
  return out.empty() ? "none" : out;
}

void print_human(const ScenarioIndex& index, const Analyzer& analyzer, const engine::Analysis& a) {
  std::cout << "Scenario " << index.scenario().id() << ": " << index.scenario().title() << "\n"
            << "  delegations     " << roles_of_kind(index, parley::v1::DELEGATION) << "\n"
            << "  outside powers  " << roles_of_kind(index, parley::v1::OUTSIDE_POWER) << "\n"
            << "  white cell      " << roles_of_kind(index, parley::v1::WHITE_CELL) << "\n"
            << "  observers       " << roles_of_kind(index, parley::v1::OBSERVER) << "\n"
            << "Issues: " << index.issue_count() << "; text space " << std::fixed << std::setprecision(0)
            << a.space_size << " texts" << (a.exact ? " (enumerated exactly)" : " (sampled)") << "\n"
            << "Texts that would enter into force: " << a.acceptable << "\n"
            << "Nash bargaining text by number of signatories:\n";
  for (const auto& n : a.nash) {
    std::cout << "  " << n.signatories << " signator" << (n.signatories == 1 ? "y" : "ies") << ": "
              << text_labels(index, n.text) << "  (product " << fixed(n.product, 1) << ", effectiveness "
              << fixed(analyzer.effectiveness(n.text), 2) << ")\n    ";
    for (int r : index.delegations()) {
      std::cout << index.role(r).id() << " " << fixed(analyzer.utility_of(r, n.text)) << "  ";
    }
    std::cout << "\n";
  }
  if (a.nash.empty()) std::cout << "  none: no text would enter into force\n";
  std::cout << "Pareto frontier: " << a.frontier.size() << " texts\n";
}

int analyze(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("json", "print one JSON object")("help,h", "this help");
  po::options_description all;
  all.add(opts).add_options()("file", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  } catch (const po::error& e) {
    std::cerr << "parley scenario analyze: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  auto files = vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 1) {
    std::cerr << "parley scenario analyze: give exactly one FILE\n\n" << kUsage;
    return 2;
  }
  std::string text;
  std::string error;
  if (!read_file(files[0], text, error)) {
    std::cerr << error << "\n";
    return 1;
  }
  auto parsed = engine::parse_scenario(text);
  if (!parsed.ok()) {
    std::cerr << parsed.report(files[0]);
    return 1;
  }
  ScenarioIndex index(parsed.scenario);
  if (vm.count("json")) {
    std::cout << json::serialize(review::scenario_summary(index)) << "\n";
    return 0;
  }
  Analyzer analyzer(index, index.starting_profiles());
  print_human(index, analyzer, analyzer.run());
  return 0;
}

}  // namespace

int scenario_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "check") {
    if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
      std::cout << kUsage;
      return 0;
    }
    return check(rest);
  }
  if (args[0] == "analyze") return analyze(rest);
  if (is_library_verb(args[0])) return scenario_library_command(args[0], rest);
  std::cerr << "parley scenario: unknown command '" << args[0] << "'\n\n" << kUsage;
  return 2;
}

}  // namespace parley::cli
