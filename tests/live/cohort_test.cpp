// Class mode against the real server: a cohort of tables made from a roster,
// its handout, the cohort dashboard's status and bulk actions, the debrief
// checked against each table's own review, and a table's deletion taking the
// participants' names with it.

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <future>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "live/live_helpers.hpp"
#include "ws_client.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;
namespace json = boost::json;
namespace pb = parley::v1;

namespace {

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; }

const char* kRoster =
    "name,group,role\n"
    "Ana Lima,,\nBen Okafor,,\nChen Wei,,\nDana Cohen,,Midland\nEli Park,,\n"
    "Fay Osei,,\nGus Romero,,\nHana Sato,,\nIvo Novak,,\nJo Reyes,,\n";

struct Class {
  // A model endpoint is configured so a model's seating reaches the class list's check; nothing calls it.
  Class() : server(db.url(), tmp / "var", {"--llm-url", "http://127.0.0.1:9/v1"}) {}
  HttpReply post(const std::string& path, const json::object& body, const std::string& token) const {
    return http_request(server.port(), "POST", path, json::serialize(body), bearer(token));
  }
  HttpReply get(const std::string& path, const std::string& token) const { return http_request(server.port(), "GET", path, "", bearer(token)); }
  json::object created(const json::object& body) const {
    auto r = post("/api/cohorts", body, server.admin_token());
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return json::parse(r.body).as_object();
  }
  TestDatabase db;
  TempDir tmp;
  ServerProcess server;
};

json::object cohort_body(const std::string& roster, int tables) {
  return json::object{{"scenario", "river-basin-accord"}, {"title", "Politics 210"}, {"tables", tables}, {"roster", roster}};
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

}  // namespace

TEST_CASE("a cohort seats a roster over its tables, and a roster or size it cannot take is refused with the reason") {
  Class c;
  auto made = c.created(cohort_body(kRoster, 4));
  auto tables = made.at("tables").as_array();
  REQUIRE(tables.size() == 4);
  CHECK(str(tables[2].at("title")) == "Politics 210 — Table 3");
  std::map<int, int> per_table;
  std::set<std::string> codes;
  for (const auto& p : made.at("participants").as_array()) {
    ++per_table[static_cast<int>(p.at("table").as_int64())];
    codes.insert(str(p.at("short_code")));
    CHECK(str(p.at("kind")) == "seat");
    if (str(p.at("name")) == "Dana Cohen") CHECK(str(p.at("role")) == "MID");
  }
  CHECK(per_table == std::map<int, int>{{1, 3}, {2, 3}, {3, 2}, {4, 2}});
  CHECK(codes.size() == 10);
  CHECK(made.at("bots").as_array().size() == 4 * 4 - 10);  // every head seat without a person waits for a bot
  CHECK(str(made.at("token")).rfind(str(made.at("cohort_id")) + ".", 0) == 0);

  auto refused = [&](const json::object& body, const std::string& says) {
    auto r = c.post("/api/cohorts", body, c.server.admin_token());
    CHECK_MESSAGE(r.status == 400, r.body);
    CHECK_MESSAGE(r.body.find(says) != std::string::npos, r.body);
  };
  refused(cohort_body("Ana\nBen\nana\n", 2), "line 3");
  refused(cohort_body("Ana,,Atlantis\n", 2), "'Atlantis' is not a role");
  refused(cohort_body(kRoster, 0), "from 1 to 100");
  refused(cohort_body(kRoster, 500), "from 1 to 100");
  std::string crowd;
  for (int i = 0; i < 40; ++i) crowd += "Student " + std::to_string(i) + "\n";
  refused(cohort_body(crowd, 2), "make it 6 tables");
  refused(json::object{{"scenario", "river-basin-accord"}, {"tables", 2}}, "(CSV: name, group, role per line)");
  CHECK(c.post("/api/cohorts", cohort_body(kRoster, 2), "not-the-admin").status == 401);
  // A count instead of names: anonymous seats.
  auto counted = c.created(json::object{{"scenario", "river-basin-accord"}, {"tables", 2}, {"count", 5}});
  CHECK(counted.at("participants").as_array().size() == 5);
}

TEST_CASE("the cohort dashboard: who has joined where, bulk actions each table answers for, and only the cohort's token opens it") {
  Class c;
  auto made = c.created(cohort_body(kRoster, 4));
  std::string token = str(made.at("token"));
  std::string path = "/api/cohorts/" + str(made.at("cohort_id"));
  auto status = [&] {
    auto r = c.get(path, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return json::parse(r.body).as_object();
  };
  CHECK(c.get(path, "").status == 401);
  CHECK(c.get(path, str(made.at("cohort_id")) + ".0000").status == 401);
  auto other = c.created(cohort_body("Zed\n", 1));
  CHECK(c.get(path, str(other.at("token"))).status == 401);
  CHECK(c.get(path, c.server.admin_token()).status == 200);

  // Ana types her short code in small letters with spaces; the dashboard sees her seat taken.
  std::string ana_code, ana_role;
  std::int64_t ana_table = 0;
  for (const auto& p : made.at("participants").as_array()) {
    if (str(p.at("name")) != "Ana Lima") continue;
    ana_code = str(p.at("short_code"));
    ana_role = str(p.at("role"));
    ana_table = p.at("table").as_int64();
  }
  auto alerted = [&](const json::object& s) {
    for (const auto& a : s.at("alerts").as_array()) {
      if (str(a).rfind("Table " + std::to_string(ana_table) + ": no one has joined for ", 0) == 0 && str(a).find("(Ana Lima)") != std::string::npos) return true;
    }
    return false;
  };
  auto seat_of_ana = [&](const json::object& s) {
    for (const auto& p : s.at("tables").as_array()[ana_table - 1].at("people").as_array()) {
      if (str(p.at("name")) == "Ana Lima") return p.as_object();
    }
    return json::object{};
  };
  auto lobby = status();
  CHECK_FALSE(alerted(lobby));  // in the lobby the cards say who is there; alerts start with the exercise
  CHECK_FALSE(seat_of_ana(lobby).at("joined").as_bool());
  std::string typed;
  for (char ch : ana_code) typed += ch == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  Player ana(c.server.url(), typed + ".", ana_role);
  json::object after;
  CHECK(eventually([&] {  // her seat's claim is stored a moment after her hello
    after = status();
    return seat_of_ana(after).at("joined").as_bool();
  }));
  CHECK(seat_of_ana(after).at("connected").as_bool());
  // A table's own dashboard never seats a bot on a seat the class list keeps for someone.
  std::string table_session = str(made.at("tables").at(ana_table - 1).at("session_id"));
  std::string table_white = str(made.at("tables").at(ana_table - 1).at("facilitator_token"));
  auto kept = c.post("/api/sessions/" + table_session + "/bots", json::object{{"roles", json::array{json::value(ana_role)}}}, table_white);
  CHECK(kept.status == 409);
  CHECK(kept.body.find("kept for Ana Lima") != std::string::npos);
  auto kept_from_model = c.post("/api/sessions/" + table_session + "/agents", json::object{{"roles", json::array{json::value(ana_role)}}}, table_white);
  CHECK(kept_from_model.status == 409);
  CHECK(kept_from_model.body.find("kept for Ana Lima") != std::string::npos);

  // Bulk actions: each table answers; a table that refuses does not stop the others.
  auto act = [&](const json::object& body) {
    auto r = c.post(path + "/actions", body, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return json::parse(r.body).as_object();
  };
  auto first = act(json::object{{"action", "start"}, {"tables", json::array{1, 2}}});
  CHECK(first.at("done").as_int64() == 2);
  // Started: someone missing is an alert; Ana, who joined, is not.
  bool missing = false;
  auto running = status();
  for (const auto& a : running.at("alerts").as_array()) missing = missing || str(a).find("no one has joined for") != std::string::npos;
  CHECK(missing);
  CHECK_FALSE(alerted(running));
  auto all = act(json::object{{"action", "start"}});
  CHECK(all.at("done").as_int64() == 2);
  CHECK(all.at("refused").as_int64() == 2);
  for (const auto& r : all.at("results").as_array()) {
    bool early = r.at("table").as_int64() <= 2;
    CHECK(r.at("ok").as_bool() == !early);
    if (early) CHECK(str(r.at("error")).find("already started") != std::string::npos);
  }
  CHECK(act(json::object{{"action", "pause"}, {"tables", json::array{3}}}).at("done").as_int64() == 1);
  bool paused = false;
  auto now = status();
  for (const auto& a : now.at("alerts").as_array()) paused = paused || str(a) == "Table 3 is paused";
  CHECK(paused);
  for (const auto& t : now.at("tables").as_array()) CHECK(str(t.at("state")) == (t.at("table").as_int64() == 3 ? "paused" : "running"));
  CHECK(c.post(path + "/actions", json::object{{"action", "fly"}}, token).status == 400);
  CHECK(c.post(path + "/actions", json::object{{"action", "start"}, {"tables", json::array{9}}}, token).status == 400);
  CHECK(c.post(path + "/actions", json::object{{"action", "time_scale"}}, token).body.find("factor") != std::string::npos);

  // The dashboard's wait: asked with the version it has, the server answers when a table changes.
  auto version = status().at("version").to_number<std::uint64_t>();
  auto waiting = std::async(std::launch::async, [&] { return c.get(path + "?after=" + std::to_string(version), token); });
  CHECK(waiting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);  // nothing changed yet
  CHECK(act(json::object{{"action", "resume"}, {"tables", json::array{3}}}).at("done").as_int64() == 1);
  auto changed = waiting.get();
  REQUIRE(changed.status == 200);
  auto answer = json::parse(changed.body).as_object();
  CHECK(answer.at("version").to_number<std::uint64_t>() != version);
  CHECK(str(answer.at("tables").at(2).at("state")) == "running");
  CHECK(c.get(path + "?after=soon", token).status == 400);
}

TEST_CASE("the handout has a slip per person with table, role, link and QR code, and a CSV of the same") {
  Class c;
  auto made = c.created(cohort_body(kRoster, 4));
  std::string path = "/api/cohorts/" + str(made.at("cohort_id")) + "/handout";
  std::string token = str(made.at("token"));
  auto html = c.get(path + "?paper=a4&base=http://10.0.0.5:8080", token);
  REQUIRE(html.status == 200);
  CHECK(html.header("Content-Type").find("text/html") != std::string::npos);
  CHECK(html.body.find("size:A4") != std::string::npos);
  std::size_t qr = 0;
  for (auto at = html.body.find("class=\"qr\""); at != std::string::npos; at = html.body.find("class=\"qr\"", at + 1)) ++qr;
  CHECK(qr == 10);
  for (const auto& p : made.at("participants").as_array()) {
    CHECK(html.body.find(str(p.at("name"))) != std::string::npos);
    CHECK(html.body.find("http://10.0.0.5:8080/join#" + str(p.at("short_code"))) != std::string::npos);
  }
  auto csv = c.get(path + "?format=csv", token);
  REQUIRE(csv.status == 200);
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 11);
  CHECK(csv.body.rfind("name,table,role,seat,link,short_code\n", 0) == 0);
  CHECK(csv.body.find("Dana Cohen,") != std::string::npos);
  CHECK(csv.body.find("Midland") != std::string::npos);
  CHECK(c.get(path + "?format=pdf", token).status == 400);
}

TEST_CASE("the debrief's figures are each table's own review's; deleting a table deletes its people's names") {
  Class c;
  auto made = c.created(cohort_body(kRoster, 2));
  std::string token = str(made.at("token"));
  std::string path = "/api/cohorts/" + str(made.at("cohort_id"));
  // Table 1 plays a little (an adoption is possible only after a vote: none here), then both end.
  REQUIRE(c.post(path + "/actions", json::object{{"action", "start"}}, token).status == 200);
  REQUIRE(c.post(path + "/actions", json::object{{"action", "end"}}, token).status == 200);
  auto r = c.get(path + "/debrief?format=json&runs=2", token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  auto d = json::parse(r.body).as_object();
  REQUIRE(d.at("tables").as_array().size() == 2);
  for (const auto& t : d.at("tables").as_array()) {
    auto review = json::parse(c.get("/api/sessions/" + str(t.at("session_id")) + "/review?format=json", c.server.admin_token()).body).as_object();
    CHECK(t.at("in_force") == review.at("outcome").at("in_force"));
    CHECK(t.at("signatories") == review.at("outcome").at("signatories"));
    CHECK(t.at("adopted_text") == review.at("outcome").at("adopted_text"));
    CHECK(t.at("outcome") == review.at("outcome").at("category"));  // the scenario's named outcome
    CHECK(str(t.at("outcome").at("id")) == "no-accord");
    CHECK(t.at("utilities").as_array().size() == review.at("value").at("utilities").as_array().size());
    for (std::size_t i = 0; i < t.at("utilities").as_array().size(); ++i) {
      CHECK(t.at("utilities").at(i).at("gain") == review.at("value").at("utilities").at(i).at("gain_over_batna"));
    }
  }
  CHECK(d.at("spread").at("tables").as_int64() == 2);
  CHECK(d.at("spread").at("outcomes").at("no-accord").at("tables").as_int64() == 2);
  bool named_line = false;  // the class beside the bots, outcome by outcome
  for (const auto& l : d.at("rehearsal").at("shares").as_array()) named_line |= str(l.at("measure")) == "outcome: No accord";
  CHECK(named_line);
  // The roster's names are in the white cell's review of each table, in no delegation's.
  std::string first_table = str(d.at("tables").at(0).at("session_id"));
  std::string named, seat_code;
  for (const auto& p : made.at("participants").as_array()) {
    if (str(p.at("kind")) == "seat" && p.at("table").as_int64() == 1 && named.empty()) named = str(p.at("name")), seat_code = str(p.at("join_code"));
  }
  CHECK(c.get("/api/sessions/" + first_table + "/review?format=html", c.server.admin_token()).body.find(named) != std::string::npos);
  CHECK(c.get("/api/sessions/" + first_table + "/review?format=json", seat_code).body.find(named) == std::string::npos);
  REQUIRE(d.at("rehearsal").is_object());
  CHECK(d.at("rehearsal").at("runs").as_int64() == 2);
  CHECK_FALSE(d.at("questions").as_array().empty());
  auto csv = c.get(path + "/debrief?format=csv&runs=0", token);
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 3);
  CHECK(csv.body.find(",No accord,") != std::string::npos);
  auto html = c.get(path + "/debrief?runs=0", token);
  CHECK(html.body.find("Each delegation against its BATNA") != std::string::npos);
  CHECK(html.body.find("Outcomes reached: No accord: 2") != std::string::npos);

  std::string first = str(made.at("tables").at(0).at("session_id"));
  REQUIRE(http_request(c.server.port(), "DELETE", "/api/sessions/" + first, "", bearer(c.server.admin_token())).status == 200);
  pqxx::connection db(c.db.url());
  pqxx::read_transaction tx(db);
  CHECK(tx.exec_params("SELECT count(*) FROM cohort_seats WHERE session_id = $1", first)[0][0].as<int>() == 0);
  CHECK(tx.exec_params("SELECT count(*) FROM cohort_seats WHERE name IS NOT NULL")[0][0].as<int>() == 5);
  auto left = json::parse(c.get(path, token).body).as_object();
  CHECK(left.at("tables").as_array().size() == 1);
}

TEST_CASE("parley cohort makes, runs and debriefs a class from a terminal; parley compare takes its tables by title") {
  Class c;
  TempDir dir;
  write_file(dir / "roster.csv", "name,group\nA One,\nB Two,pair\nC Three,pair\n");
  std::map<std::string, std::string> env{{"PARLEY_SERVER", c.server.url()}, {"PARLEY_TOKEN", ""}};
  auto parley = [&](std::vector<std::string> args) { return run_to_completion(PARLEY_CLIENT_BINARY, args, env); };
  auto made = parley({"cohort", "create", "--scenario", "river-basin-accord", "--tables", "2", "--roster", (dir / "roster.csv").string(),
                      "--title", "Evening class", "--token", c.server.admin_token(), "--json"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  auto cohort = json::parse(made.out).as_object();
  std::string id = str(cohort.at("cohort_id")), token = str(cohort.at("token"));
  auto start = parley({"cohort", "act", id, "start", "--tables", "1", "--token", token});
  CHECK(start.exit_code == 0);
  auto again = parley({"cohort", "act", id, "start", "--token", token});
  CHECK(again.exit_code == 1);  // table 1 refused: the others still started
  CHECK(again.out.find("table 1: refused: the session has already started") != std::string::npos);
  CHECK(again.out.find("table 2: done") != std::string::npos);
  auto status = parley({"cohort", "status", id, "--token", token});
  CHECK(status.out.find("table 2  running") != std::string::npos);
  CHECK(status.out.find("no one has joined for Upper Tessaro (B Two)") != std::string::npos);
  CHECK(parley({"cohort", "act", id, "fly", "--token", token}).err.find("'fly' is not one of") != std::string::npos);
  auto handout = parley({"cohort", "handout", id, "--format", "csv", "--token", token, "--base", "http://10.1.1.1:8080"});
  CHECK(handout.out.find("C Three,1,Upper Tessaro,Adviser 1,http://10.1.1.1:8080/join#") != std::string::npos);
  REQUIRE(parley({"cohort", "act", id, "end", "--token", token}).exit_code == 0);
  auto debrief = parley({"cohort", "debrief", id, "--format", "csv", "--runs", "0", "--token", token});
  CHECK(std::count(debrief.out.begin(), debrief.out.end(), '\n') == 3);

  std::vector<std::string> ids;
  for (const auto& t : cohort.at("tables").as_array()) ids.push_back(str(t.at("session_id")));
  auto other = c.server.create_session("river-basin-accord", "Morning class");
  auto three = parley({"compare", ids[0], ids[1], other.session_id, "--token", c.server.admin_token()});
  REQUIRE_MESSAGE(three.exit_code == 0, three.err);
  CHECK(three.out.find("3 sessions compared") != std::string::npos);
  CHECK(three.out.find("Evening class — Table 2 (" + ids[1] + ")") != std::string::npos);
  CHECK(three.out.find("Morning class (" + other.session_id + ")") != std::string::npos);
  CHECK(parley({"compare", ids[0], "--token", c.server.admin_token()}).exit_code == 2);
}

TEST_CASE("a class that asks for names seats nobody without one; a name reaches the white cell and its review, never a delegation") {
  Class c;
  auto made = c.created(json::object{{"scenario", "river-basin-accord"}, {"tables", 1}, {"count", 2}, {"names_required", true}});
  std::string code = str(made.at("participants").at(0).at("join_code"));
  std::string role = str(made.at("participants").at(0).at("role"));
  std::string session = str(made.at("tables").at(0).at("session_id"));
  std::string white = str(made.at("tables").at(0).at("facilitator_token"));
  auto hello = [&](const std::string& name) {
    auto ws = std::make_unique<parley::client::WsClient>();
    REQUIRE(ws->connect(c.server.url()).ok());
    pb::ClientEnvelope env;
    env.set_request_id("h");
    env.mutable_hello()->set_code(code);
    env.mutable_hello()->set_display_name(name);
    REQUIRE(ws->send(env).ok());
    auto answer = ws->receive();
    REQUIRE(answer.ok());
    return std::make_pair(std::move(ws), answer.value());
  };
  auto [refused_ws, refused] = hello("   ");
  REQUIRE(refused.has_error());
  CHECK(refused.error().code() == pb::NAME_REQUIRED);
  auto [ws, welcome] = hello("  Nadia\x01 Rahman  ");
  REQUIRE_MESSAGE(welcome.has_welcome(), welcome.ShortDebugString());
  // The white cell's seats board names her; so does its review, and no delegation's.
  auto status = json::parse(c.get("/api/sessions/" + session, white).body).as_object();
  bool named = false;
  for (const auto& s : status.at("seats").as_array()) {
    for (const auto& conn : s.at("connected").as_array()) named = named || str(conn.at("name")) == "Nadia Rahman";
  }
  CHECK(named);
  // The class dashboard shows the name she typed, the list having none.
  auto board = json::parse(c.get("/api/cohorts/" + str(made.at("cohort_id")), str(made.at("token"))).body).as_object();
  bool typed = false;
  for (const auto& p : board.at("tables").at(0).at("people").as_array()) typed = typed || str(p.at("typed_name")) == "Nadia Rahman";
  CHECK(typed);
  std::string review;
  CHECK(eventually([&] {
    review = c.get("/api/sessions/" + session + "/review?format=json", white).body;
    return review.find("Nadia Rahman") != std::string::npos;
  }));
  auto other = str(made.at("participants").at(1).at("join_code"));
  auto theirs = c.get("/api/sessions/" + session + "/review?format=json", other);
  REQUIRE(theirs.status == 200);
  CHECK(theirs.body.find("Nadia") == std::string::npos);
  // Bots need no name.
  auto bots = c.post("/api/cohorts/" + str(made.at("cohort_id")) + "/actions", json::object{{"action", "bots"}}, str(made.at("token")));
  CHECK(json::parse(bots.body).at("done").as_int64() == 1);
  // Deleting the ended session takes her name with it.
  REQUIRE(c.post("/api/cohorts/" + str(made.at("cohort_id")) + "/actions", json::object{{"action", "end"}}, str(made.at("token"))).status == 200);
  ws.reset();
  REQUIRE(http_request(c.server.port(), "DELETE", "/api/sessions/" + session, "", bearer(c.server.admin_token())).status == 200);
  pqxx::connection db(c.db.url());
  pqxx::read_transaction tx(db);
  CHECK(tx.exec("SELECT count(*) FROM seat_presence WHERE display_name <> ''")[0][0].as<int>() == 0);
}

TEST_CASE("the console: who is connected, archiving, a role's view at any event, and sessions compared by title") {
  Class c;
  auto a = c.server.create_session("river-basin-accord", "Seminar A");
  auto b = c.server.create_session("river-basin-accord", "Seminar B");
  const auto admin = c.server.admin_token();
  Player white(c.server.url(), a.facilitator_token, "CHAIR");
  require_ack(white.command(cmd([](pb::Command& x) { x.mutable_start(); })));
  Player upr(c.server.url(), a.code("UPR"), "UPR");
  require_ack(upr.command(message_to("MID", "a word in private")));
  upr.sync();
  auto listed = [&](const std::string& query) {
    auto body = json::parse(c.get("/api/sessions" + query, admin).body).as_object();
    std::map<std::string, json::object> out;
    for (const auto& s : body.at("sessions").as_array()) out[str(s.at("session_id"))] = s.as_object();
    return out;
  };
  auto now = listed("");
  CHECK(now.at(a.session_id).at("connected").as_int64() >= 2);
  CHECK(now.at(b.session_id).at("connected").as_int64() == 0);

  // Archived: out of the list, kept, and back.
  CHECK(c.post("/api/sessions/" + b.session_id + "/archive", json::object{{"archived", true}}, a.facilitator_token).status == 401);
  REQUIRE(c.post("/api/sessions/" + b.session_id + "/archive", json::object{{"archived", true}}, admin).status == 200);
  CHECK_FALSE(listed("").count(b.session_id));
  CHECK(listed("?archived=1").count(b.session_id));
  CHECK(c.post("/api/sessions/" + b.session_id + "/archive", json::object{{"archived", "yes"}}, admin).status == 400);
  REQUIRE(c.post("/api/sessions/" + b.session_id + "/archive", json::object{{"archived", false}}, admin).status == 200);
  CHECK(listed("").count(b.session_id));

  // The view after any event: the lobby at 0; later, the message in UPR's view and MID's, not DWN's.
  auto view = [&](const std::string& query, const std::string& token) {
    auto r = c.get("/api/sessions/" + a.session_id + "/view" + query, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return json::parse(r.body).as_object();
  };
  auto start = view("?at=0", a.facilitator_token);
  CHECK(start.at("at").as_int64() == 0);
  CHECK(start.at("round").as_int64() == 0);  // the lobby
  CHECK_FALSE(start.at("state").as_object().contains("status"));  // LOBBY, the default, is left out of protobuf JSON
  auto last = view("?as=MID", a.facilitator_token);
  CHECK(last.at("at") == last.at("last_seq"));
  CHECK(json::serialize(last.at("state")).find("a word in private") != std::string::npos);
  CHECK(json::serialize(view("?as=DWN", a.facilitator_token).at("state")).find("a word in private") == std::string::npos);
  CHECK(last.at("desk").as_object().contains("actions"));
  CHECK(c.get("/api/sessions/" + a.session_id + "/view?as=MID", a.code("UPR")).status == 403);  // a seat reads its own view only
  CHECK(c.get("/api/sessions/" + a.session_id + "/view?at=x", admin).status == 400);

  // Compared, labelled by title.
  auto cmp = c.get("/api/compare?sessions=" + a.session_id + "," + b.session_id, admin);
  REQUIRE_MESSAGE(cmp.status == 200, cmp.body);
  auto comparison = json::parse(cmp.body).as_object();
  CHECK(str(comparison.at("sessions").at(0).at("title")) == "Seminar A");
  CHECK(str(comparison.at("sessions").at(1).at("title")) == "Seminar B");
  CHECK(comparison.contains("pair"));
  CHECK(c.get("/api/compare?sessions=" + a.session_id, admin).status == 400);
  CHECK(c.get("/api/compare?sessions=" + a.session_id + "," + b.session_id, a.facilitator_token).status == 401);  // not B's
}
