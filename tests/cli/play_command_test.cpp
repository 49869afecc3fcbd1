// The parley client against the real server, as a facilitator and players would use it.

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <sstream>

#include "cli/cli_fixture.hpp"

using namespace parley::test;

namespace {

using Fixture = CliFixture;

std::string seat_code(const boost::json::object& created, const std::string& role) {
  for (const auto& s : created.at("seats").as_array()) {
    if (s.as_object().at("role").as_string() == role && s.as_object().at("seat").as_int64() == 0) {
      return std::string(s.as_object().at("join_code").as_string());
    }
  }
  return "";
}

}  // namespace

TEST_CASE("session create, play scripts as the white cell and delegations, timescale and status") {
  Fixture f;
  auto created = f.parley({"session", "create", "--scenario", "river-basin-accord", "--title", "cli test", "--json",
                           "--token", f.server.admin_token()});
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  auto obj = boost::json::parse(created.out).as_object();
  std::string chair(obj.at("facilitator_token").as_string());
  std::string id(obj.at("session_id").as_string());

  auto white = f.play(chair, "start\nadvance   # to the ballot\n");
  CHECK(white.exit_code == 0);
  CHECK(white.out.find("1: start  -> ack (seq ") != std::string::npos);

  // A rejection stops the script (exit 1) and names its code.
  auto early = f.play(seat_code(obj, "UPR"), "table W=W4 D=D1 J=J3 A=A1\nvote DR1 yes\n");
  CHECK(early.exit_code == 1);
  CHECK(early.out.find("rejected: WRONG_PHASE: the Ballot phase does not allow tabling texts") != std::string::npos);
  CHECK(early.out.find("2: vote") == std::string::npos);

  // --keep-going runs every line; --json prints one object per line.
  f.play(chair, "advance\n");  // round 2: talks
  auto json = f.play(seat_code(obj, "UPR"), "table W=W4 D=D1 J=J3 A=A1 : Upstream offer\nvote DR1 yes\nsay we are flexible\n",
                     {"--keep-going", "--json"});
  CHECK(json.exit_code == 1);
  std::vector<boost::json::object> lines;
  std::istringstream in(json.out);
  for (std::string l; std::getline(in, l);) lines.push_back(boost::json::parse(l).as_object());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].at("result").as_string() == "ack");
  CHECK(lines[1].at("result").as_string() == "rejected");
  CHECK(lines[2].at("result").as_string() == "ack");

  auto scaled = f.parley({"session", "timescale", id, "600", "--token", chair});
  CHECK_MESSAGE(scaled.exit_code == 0, scaled.err);
  // At 600x the 10-minute talks phase ends within a second, without the white cell.
  auto waited = f.play(seat_code(obj, "MID"), "wait phase ballot 2\nvote DR1 yes\n");
  CHECK_MESSAGE(waited.exit_code == 0, waited.out << waited.err);

  auto status = f.parley({"session", "status", id, "--token", chair});
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("round 2") != std::string::npos);
}

TEST_CASE("join: the interactive client reads commands, answers them and prints events as they come") {
  Fixture f;
  auto obj = f.create_session();
  std::string chair(obj.at("facilitator_token").as_string());
  auto script = f.tmp / "typed.txt";
  write_file(script, "start\nbrief\nvote T9 yes\nanalysis\nquit\n");
  auto r = run_to_completion("/bin/sh", {"-c", kParley + " join " + chair + " < " + script.string()}, f.env);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("You are Conference chair (CHAIR)") != std::string::npos);
  CHECK(r.out.find("ok (seq") != std::string::npos);
  CHECK(r.out.find("round 1, talks phase begins") != std::string::npos);
  CHECK(r.out.find("refused, NOT_PERMITTED: Conference chair (WHITE_CELL) cannot vote") != std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);  // no colours when not on a terminal
}

TEST_CASE("join survives the server being killed and restarted: it reconnects and resumes where it was") {
  Fixture f;
  std::string chair(f.create_session().at("facilitator_token").as_string());
  ChildProcess join(kParley, {"join", chair}, f.env, "", /*with_stdin=*/true);
  REQUIRE(join.wait_for_stdout("You are Conference chair").has_value());
  join.write_stdin("start\n");
  REQUIRE(join.wait_for_stdout("talks phase begins").has_value());
  f.server.kill9();
  f.server.start();
  REQUIRE_MESSAGE(join.wait_for_stdout("reconnected").has_value(), join.out());
  join.write_stdin("say After the restart.\n");
  auto said = join.wait_for_stdout("CHAIR states: After the restart.");
  CHECK(said.has_value());
  // Resumed, not replayed: the opening events were not shown a second time.
  auto out = join.out();
  CHECK(out.find("talks phase begins") == out.rfind("talks phase begins"));
  join.write_stdin("quit\n");
  CHECK(join.wait() == 0);
}

TEST_CASE("join explains every id: issues with option labels, the white cell's injects, the vote rule in the brief") {
  Fixture f;
  auto obj = f.create_session();
  std::string chair(obj.at("facilitator_token").as_string());
  ChildProcess white(kParley, {"join", chair}, f.env, "", /*with_stdin=*/true);
  REQUIRE(white.wait_for_stdout("You are Conference chair").has_value());
  white.write_stdin("injects\n");
  // Every inject with its id, state and schedule, so 'release ID' has an id to name.
  REQUIRE_MESSAGE(white.wait_for_stdout("loan-terms").has_value(), white.out());
  CHECK(white.out().find("waiting") != std::string::npos);
  white.write_stdin("note the chair expects a late deal\nquit\n");
  CHECK(white.wait() == 0);
  CHECK(white.out().find("ok (seq") != std::string::npos);

  ChildProcess upr(kParley, {"join", seat_code(obj, "UPR")}, f.env, "", /*with_stdin=*/true);
  REQUIRE(upr.wait_for_stdout("You are Upper Tessaro").has_value());
  upr.write_stdin("issues\nbrief\ninjects\nquit\n");
  CHECK(upr.wait() == 0);
  auto out = upr.out();
  CHECK(out.find("W1  ") != std::string::npos);                         // option ids with their labels
  CHECK(out.find("How texts are adopted") != std::string::npos);
  CHECK(out.find("counts as abstaining") != std::string::npos);
  CHECK(out.find("unknown command 'injects'") != std::string::npos);  // the white cell's list only
}

TEST_CASE("a late join reads the private talk that came before it with 'talk'") {
  Fixture f;
  auto obj = f.create_session();
  std::string chair(obj.at("facilitator_token").as_string());
  REQUIRE(f.play(chair, "start\n").exit_code == 0);
  REQUIRE(f.play(seat_code(obj, "UPR"), "message MID Shall we share the dry-season flow?\n").exit_code == 0);
  REQUIRE(f.play(seat_code(obj, "DWN"), "message UPR Not a word to Midland.\n").exit_code == 0);

  ChildProcess mid(kParley, {"join", seat_code(obj, "MID")}, f.env, "", /*with_stdin=*/true);
  REQUIRE(mid.wait_for_stdout("1 private message(s) and room post(s) so far").has_value());
  mid.write_stdin("talk\nquit\n");
  CHECK(mid.wait() == 0);
  auto out = mid.out();
  CHECK(out.find("UPR to MID: Shall we share the dry-season flow?") != std::string::npos);
  CHECK(out.find("Not a word to Midland") == std::string::npos);  // only what Midland may see
}

TEST_CASE("client errors: one line naming the cause, and usage errors exit 2") {
  Fixture f;
  auto wrong = f.play("0123456789abcdef0123456789abcdef", "start\n");
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err == "parley play: unknown join code or token\n");
  auto syntax = f.play("anything", "start\nvote DR1 perhaps\n");
  CHECK(syntax.exit_code == 2);
  CHECK(syntax.err.find("line 2: usage: vote TEXT yes|no|abstain") != std::string::npos);
  auto unreachable = run_to_completion(kParley, {"session", "status", "x", "--server", "http://127.0.0.1:1"}, {});
  CHECK(unreachable.exit_code == 1);
  CHECK(unreachable.err.find("cannot reach the Parley server at http://127.0.0.1:1") != std::string::npos);
  auto no_token = f.parley({"session", "create", "--scenario", "river-basin-accord", "--token", "wrong-token-0000000"});
  CHECK(no_token.exit_code == 1);
  CHECK(no_token.err.find("that is not the admin token") != std::string::npos);
  CHECK(f.parley({"session", "create"}).exit_code == 2);
  CHECK(f.parley({"play", "code"}).exit_code == 2);
  CHECK(f.parley({"session", "explode"}).exit_code == 2);
  CHECK(f.parley({"play", "--help"}).out.find("pledge ROLE POINTS") != std::string::npos);
}
