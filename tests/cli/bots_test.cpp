// Bots and scripts playing together, and bot-only demos of each scenario.

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <sstream>

#include "cli/cli_fixture.hpp"

using namespace parley::test;

namespace {

using Fixture = CliFixture;

boost::json::object demo(Fixture& f, const std::string& scenario, const std::string& seed) {
  auto r = run_to_completion(kParley, {"demo", "--scenario", scenario, "--seed", seed, "--json",
                                       "--token", f.server.admin_token()},
                             f.env);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return boost::json::parse(r.out).as_object();
}

}  // namespace

TEST_CASE("two seats played by scripts and four by bots reach the end with a recorded outcome") {
  Fixture f;
  auto created = run_to_completion(kParley, {"session", "create", "--scenario", "collective-security-pact", "--json", "--token",
                                             f.server.admin_token()},
                                   f.env);
  REQUIRE(created.exit_code == 0);
  auto codes = boost::json::parse(created.out).as_object();
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  auto seat = [&](const std::string& role) {
    for (const auto& s : codes.at("seats").as_array()) {
      if (s.as_object().at("role").as_string() == role && s.as_object().at("seat").as_int64() == 0) {
        return std::string(s.as_object().at("join_code").as_string());
      }
    }
    return std::string();
  };
  ChildProcess bots(kParley, {"bots", "--session", id, "--roles", "TUR,IRN,AZE,QAT", "--seed", "4", "--token", white}, f.env);
  REQUIRE(bots.wait_for_stdout("bots seated for 4 role(s)").has_value());
  auto founders = f.script("say We came to build something.\nwait phase signature\nsign\nwait end\n");
  ChildProcess pak(kParley, {"play", seat("PAK"), "--script", founders.string(), "--keep-going"}, f.env);
  ChildProcess ksa(kParley, {"play", seat("KSA"), "--script", founders.string(), "--keep-going"}, f.env);
  auto run = run_to_completion(kParley, {"play", white, "--script", f.script("timescale 1000\nstart\nwait end\n").string()}, f.env);
  CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);
  CHECK(bots.wait() == 0);
  pak.wait();
  ksa.wait();

  auto replay = run_to_completion(kParley, {"replay", id, "--json", "--token", white}, f.env);
  REQUIRE(replay.exit_code == 0);
  std::istringstream in(replay.out);
  bool signature_closed = false, ended = false, bots_acted = false;
  for (std::string line; std::getline(in, line);) {
    auto item = boost::json::parse(line).as_object();
    std::string type(item.at("type").as_string());
    signature_closed = signature_closed || type == "signature_closed";
    ended = ended || type == "session_ended";
    bots_acted = bots_acted || (item.at("actor") == "TUR" && (type == "text_tabled" || type == "vote_cast"));
  }
  CHECK(signature_closed);
  CHECK(ended);
  CHECK(bots_acted);

  // The export, in each format, agrees with what the record says happened.
  std::vector<std::string> signed_by;
  std::size_t events = 0;
  std::istringstream again(replay.out);
  for (std::string line; std::getline(again, line); ++events) {
    auto item = boost::json::parse(line).as_object();
    if (item.at("type") == "treaty_signed") signed_by.emplace_back(item.at("actor").as_string());
  }
  auto json = run_to_completion(kParley, {"export", id, "--format", "json", "--token", white}, f.env);
  REQUIRE(json.exit_code == 0);
  auto report = boost::json::parse(json.out).as_object();
  std::vector<std::string> signatories;
  for (const auto& s : report.at("signatories").as_array()) signatories.emplace_back(s.as_string());
  std::sort(signatories.begin(), signatories.end());
  std::sort(signed_by.begin(), signed_by.end());
  CHECK(signatories == signed_by);
  CHECK(report.at("events").to_number<std::size_t>() == events);
  CHECK(report.at("ended").as_bool());
  auto md = run_to_completion(kParley, {"export", id, "--format", "md", "--token", white}, f.env);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.find("# After-action report") != std::string::npos);
  std::string line = "Signatories: ";
  for (const auto& s : report.at("signatories").as_array()) line += std::string(s.as_string()) + " ";
  CHECK(md.out.find(line) != std::string::npos);
  CHECK(md.out.find(report.at("in_force").as_bool() ? "entered into force" : "did not enter into force") != std::string::npos);
  auto csv = run_to_completion(kParley, {"export", id, "--format", "csv", "--token", white}, f.env);
  REQUIRE(csv.exit_code == 0);
  CHECK(static_cast<std::size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')) == events + 1);
  CHECK(csv.out.find(",\"TUR\",seat_claimed,\"TUR (a bot) took seat 0\"") != std::string::npos);
  // Participants: the bots with their strategy, the scripted heads as people at a keyboard.
  std::map<std::string, std::string> played_by;
  for (const auto& p : report.at("participants").as_array()) {
    for (const auto& s : p.at("seats").as_array()) played_by[std::string(p.at("role").as_string())] = std::string(s.at("player").as_string());
  }
  CHECK(played_by["TUR"] == "bot");
  CHECK(played_by["PAK"] == "human");
  // The HTML page, written to a file, carries the same outcome and its charts.
  auto html_file = f.tmp / "review.html";
  auto html = run_to_completion(kParley, {"export", id, "--format", "html", "--out", html_file.string(), "--token", white}, f.env);
  REQUIRE_MESSAGE(html.exit_code == 0, html.err);
  auto page = read_file(html_file);
  CHECK(page.find("<svg") != std::string::npos);
  CHECK(page.find(report.at("in_force").as_bool() ? "The treaty entered into force." : "The treaty did not enter into force.") != std::string::npos);
  // A player's code exports only its own role's view; another role's view is refused.
  auto own = run_to_completion(kParley, {"export", id, "--format", "json", "--token", seat("TUR")}, f.env);
  REQUIRE_MESSAGE(own.exit_code == 0, own.err);
  auto mine = boost::json::parse(own.out).as_object();
  CHECK(mine.at("viewer_role") == "TUR");
  CHECK(mine.at("value").at("utilities").as_array().size() == 1);
  CHECK(mine.at("events").to_number<std::size_t>() < events);
  auto refused = run_to_completion(kParley, {"export", id, "--format", "json", "--as", "KSA", "--token", seat("TUR")}, f.env);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("only a facilitator reads another role's view") != std::string::npos);
}

TEST_CASE("a bot-only demo of each shipped scenario plays to the end, and the same seed gives the same outcome") {
  Fixture f;
  for (const char* scenario : {"collective-security-pact", "river-basin-accord"}) {
    INFO(scenario);
    auto first = demo(f, scenario, "11");
    auto second = demo(f, scenario, "11");
    CHECK(first.at("session_id") != second.at("session_id"));
    const auto& a = first.at("outcome").as_object();
    const auto& b = second.at("outcome").as_object();
    for (const char* key : {"adopted_text", "signatories", "in_force", "alliance_held", "utilities"}) {
      INFO(key);
      CHECK(a.at(key) == b.at(key));
    }
    CHECK_FALSE(a.at("end_reason").as_string().empty());

    // The printed outcome says of each crisis what the record says, "not invoked" included.
    auto text = run_to_completion(kParley, {"demo", "--scenario", scenario, "--seed", "11", "--token", f.server.admin_token()}, f.env);
    REQUIRE_MESSAGE(text.exit_code == 0, text.err);
    bool any_obliged = false;
    for (const auto& c : a.at("crises").as_array()) {
      std::string outcome(c.at("outcome").as_string());
      std::string phrase = outcome == "held" ? "the alliance held" : outcome == "failed" ? "the alliance did not hold" : outcome;
      INFO(c);
      CHECK(text.out.find("crisis " + std::string(c.at("crisis").as_string()) + ": " + phrase) != std::string::npos);
      any_obliged = any_obliged || outcome != "not invoked";
    }
    CHECK(a.at("alliance_held").is_null() == !any_obliged);
  }
}
