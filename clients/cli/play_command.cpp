#include "play_command.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "command_language.hpp"
#include "session_link.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace pb = parley::v1;

namespace {

constexpr const char* kUsage =
    "Usage: parley play CODE --script FILE|- [--keep-going] [--timeout SECONDS] [--json]\n\n"
    "Joins the session with CODE (a seat's join code, the observer code or a facilitator\n"
    "token) and runs the script's commands in order, one per line, printing each result.\n"
    "Stops at the first rejection (exit 1) unless --keep-going, which runs every line and\n"
    "exits 1 at the end if any was rejected. A script with a syntax error runs nothing\n"
    "(exit 2). Commands:\n\n";

struct Clock {
  int round = 0;
  std::string phase;
  bool ended = false;
};

std::vector<std::string> read_lines(std::istream& in) {
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void print(bool json, std::size_t number, const std::string& input, const std::string& result, const std::string& detail,
           std::uint64_t seq) {
  if (json) {
    boost::json::object o{{"line", number}, {"input", input}, {"result", result}};
    if (result == "ack") o["seq"] = seq;
    if (!detail.empty()) o[result == "ack" ? "note" : "message"] = detail;
    std::cout << boost::json::serialize(o) << "\n" << std::flush;
  } else {
    std::cout << number << ": " << input << "  -> " << result;
    if (result == "ack" && seq > 0) std::cout << " (seq " << seq << ")";
    if (!detail.empty()) std::cout << ": " << detail;
    std::cout << "\n" << std::flush;
  }
}

}  // namespace

int play_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("script", po::value<std::string>(), "the script file, or - for standard input")(
      "keep-going", "run every line even after a rejection")("timeout", po::value<int>()->default_value(600),
                                                            "seconds to wait for an answer or a 'wait'");
  add_common_options(opts, false);
  po::variables_map vm;
  int code = 0;
  std::string usage = std::string(kUsage) + command_reference() + "\n";
  if (!parse_args(args, opts, {"code"}, vm, usage, code)) return code;
  if (!vm.count("script")) {
    std::cerr << "parley play: --script is required\n\n" << usage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  std::vector<std::string> lines;
  if (vm["script"].as<std::string>() == "-") {
    lines = read_lines(std::cin);
  } else {
    std::ifstream in(vm["script"].as<std::string>());
    if (!in) return failure("play", "cannot read script " + vm["script"].as<std::string>());
    lines = read_lines(in);
  }
  std::vector<ScriptLine> parsed;
  bool bad = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto p = parse_line(lines[i]);
    if (!p) {
      std::cerr << "parley play: line " << i + 1 << ": " << p.error().message << "\n";
      bad = true;
    } else {
      parsed.push_back(p.value());
    }
  }
  if (bad) return 2;

  auto link = SessionLink::open(common.server, vm["code"].as<std::string>(), 0, "parley play");
  if (!link) return failure("play", link.error().message);
  auto& session = *link.value();
  Clock clock{session.snapshot().round(), session.snapshot().phase(), session.snapshot().status() == pb::ENDED};
  session.on_event([&clock](std::uint64_t, const pb::Event& e) {
    if (e.has_phase_started()) {
      clock.round = e.phase_started().round();
      clock.phase = e.phase_started().phase();
    }
    if (e.has_crisis_opened()) clock.phase = "stress-test";
    if (e.has_session_ended()) clock.ended = true;
  });
  std::chrono::seconds timeout(vm["timeout"].as<int>());
  int rejected = 0;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const auto& line = parsed[i];
    std::string input = lines[i].substr(0, lines[i].find('#'));
    if (line.kind == ScriptLine::Kind::nothing) continue;
    if (line.kind != ScriptLine::Kind::command) {
      auto reached = [&] {
        if (line.kind == ScriptLine::Kind::wait_end) return clock.ended;
        return clock.phase == line.phase && (line.round == 0 || clock.round == line.round);
      };
      if (!reached()) {
        if (auto s = session.wait_until([&](const pb::Event&) { return reached(); }, timeout); !s) {
          return failure("play", "line " + std::to_string(i + 1) + ": " + s.error().message);
        }
      }
      print(common.json, i + 1, input, "ack", "reached", 0);
      continue;
    }
    auto answer = session.send(line.command, timeout);
    if (!answer) return failure("play", "line " + std::to_string(i + 1) + ": " + answer.error().message);
    if (answer.value().has_ack()) {
      print(common.json, i + 1, input, "ack", "", answer.value().ack().seq());
      continue;
    }
    const auto& r = answer.value().rejection();
    print(common.json, i + 1, input, "rejected", rejection_code(r) + ": " + r.message(), 0);
    ++rejected;
    if (!vm.count("keep-going")) return 1;
  }
  return rejected == 0 ? 0 : 1;
}

}  // namespace parley::cli
