// What the browser client needs from parley-server: its pages and assets
// served from --web-dir, the white cell's seats board (who is connected, and
// as what), the live draft analysis, and bots seated from the dashboard.

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <functional>
#include <pqxx/pqxx>
#include <set>

#include "live/live_helpers.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "wire/batch_reader.hpp"

using namespace parley::test;
namespace json = boost::json;

namespace {

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; }

// A built client as clients/web/build.mjs lays it out.
std::filesystem::path fake_client(const TempDir& tmp) {
  auto dir = tmp / "web";
  std::filesystem::create_directories(dir / "assets");
  write_file(dir / "index.html", "<!doctype html><title>Parley</title><script src=/assets/app-1a2b.js></script>");
  write_file(dir / "assets/app-1a2b.js", "console.log('parley');");
  write_file(dir / "assets/app-1a2b.js.gz", "GZIPPED-BYTES");
  write_file(dir / "assets/app-1a2b.css", "body{}");
  return dir;
}

// A started server on its own database; `extra` gives flags that may name files in tmp.
struct Running {
  explicit Running(const std::function<std::vector<std::string>(const TempDir&)>& extra = {})
      : server(db.url(), tmp / "var", extra ? extra(tmp) : std::vector<std::string>{}) {}
  TestDatabase db;
  TempDir tmp;
  ServerProcess server;
};

json::object status_of(const ServerProcess& server, const SessionCodes& codes) {
  return json::parse(server.status(codes)).as_object();
}

// The connections the seats board lists for a role.
json::array connected(const json::object& status, const std::string& role) {
  for (const auto& s : status.at("seats").as_array()) {
    if (s.at("role").as_string() == role) return s.at("connected").as_array();
  }
  return {};
}

// A fork of the session at seq `at`: its bots endpoint and its facilitator's Authorization header.
struct Fork {
  std::string bots_path;
  std::string auth;
};
Fork fork_of(const ServerProcess& server, const SessionCodes& codes, std::int64_t at) {
  auto forked = http_request(server.port(), "POST", "/api/sessions/" + codes.session_id + "/fork",
                             R"({"at": )" + std::to_string(at) + "}", bearer(codes.facilitator_token));
  REQUIRE_MESSAGE(forked.status == 201, forked.body);
  auto fork = json::parse(forked.body).as_object();
  return {"/api/sessions/" + std::string(fork.at("session_id").as_string()) + "/bots",
          bearer(std::string(fork.at("facilitator_token").as_string()))};
}

}  // namespace

TEST_CASE("the browser client's pages and assets are served with their types, caching and gzip") {
  Running run([](const TempDir& tmp) { return std::vector<std::string>{"--web-dir", fake_client(tmp).string()}; });
  auto& server = run.server;

  for (const char* page : {"/", "/join", "/admin"}) {
    INFO(page);
    auto r = http_get(server.port(), page);
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == "text/html; charset=utf-8");
    CHECK(r.header("cache-control") == "no-cache");
    CHECK(r.body.find("<title>Parley</title>") != std::string::npos);
  }
  auto plain = http_get(server.port(), "/assets/app-1a2b.js");
  CHECK(plain.status == 200);
  CHECK(plain.header("content-type") == "text/javascript; charset=utf-8");
  CHECK(plain.header("cache-control").find("immutable") != std::string::npos);
  CHECK(plain.header("content-encoding").empty());
  CHECK(plain.body == "console.log('parley');");

  auto gzipped = http_request(server.port(), "GET", "/assets/app-1a2b.js", "", "Accept-Encoding: gzip, deflate\r\n");
  CHECK(gzipped.header("content-encoding") == "gzip");
  CHECK(gzipped.header("vary") == "Accept-Encoding");
  CHECK(gzipped.body == "GZIPPED-BYTES");
  CHECK(http_get(server.port(), "/assets/app-1a2b.css").header("content-type") == "text/css; charset=utf-8");

  CHECK(http_get(server.port(), "/assets/missing.js").status == 404);
  CHECK(http_get(server.port(), "/favicon.ico").status == 404);
  auto api = http_get(server.port(), "/api/nothing-here");
  CHECK(api.status == 404);
  CHECK(api.body.find("no such endpoint") != std::string::npos);
  CHECK(http_request(server.port(), "POST", "/join").status == 404);
}

TEST_CASE("without a built client the pages say how to build it, and the API still works") {
  Running run([](const TempDir& tmp) { return std::vector<std::string>{"--web-dir", (tmp / "not-built").string()}; });
  auto& server = run.server;
  auto r = http_get(server.port(), "/");
  CHECK(r.status == 503);
  CHECK(r.body.find("not built") != std::string::npos);
  CHECK(http_get(server.port(), "/readyz").status == 200);
}

TEST_CASE("the seats board shows who is connected on which seat and with which client") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("collective-security-pact");
  {
    Player ksa(server.url(), codes.code("KSA"), "KSA");
    auto seats = connected(status_of(server, codes), "KSA");
    REQUIRE(seats.size() == 1);
    CHECK(seats[0].at("seat").as_int64() == 0);
    CHECK(connected(status_of(server, codes), "TUR").empty());
  }
  // The seat stays claimed (once its claim is stored) after its client leaves,
  // but is no longer connected.
  auto settled = [&](const json::object& status) {
    for (const auto& s : status.at("seats").as_array()) {
      if (s.at("role").as_string() == "KSA") return connected(status, "KSA").empty() && s.at("taken").as_array().size() == 1;
    }
    return false;
  };
  for (int i = 0; i < 200 && !settled(status_of(server, codes)); ++i) {
    Player probe(server.url(), codes.facilitator_token, "WHITE");  // a round trip lets the close and the commit land
  }
  auto status = status_of(server, codes);
  INFO(json::serialize(status));
  CHECK(settled(status));
}

TEST_CASE("the white cell's analysis gives every delegation's utility for each complete draft") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  advance_to(white, 1, "plenary");
  require_ack(pak.command(cmd([](pb::Command& c) {
    auto& o = *c.mutable_table_text()->mutable_options();
    o["M"] = "M3"; o["C"] = "C2"; o["F"] = "F4"; o["T"] = "T2"; o["S"] = "S3"; o["P"] = "P2"; o["N"] = "N2";
  })));
  require_ack(pak.command(cmd([](pb::Command& c) { (*c.mutable_table_text()->mutable_options())["M"] = "M1"; })));

  auto path = "/api/sessions/" + codes.session_id + "/analysis";
  CHECK(http_get(server.port(), path).status == 401);
  CHECK(http_request(server.port(), "GET", path, "", bearer(codes.code("PAK"))).status == 401);
  auto r = http_request(server.port(), "GET", path, "", bearer(codes.facilitator_token));
  REQUIRE(r.status == 200);
  auto a = json::parse(r.body).as_object();
  CHECK(a.at("exact").as_bool());
  CHECK(a.at("delegations").as_array().size() == 6);
  CHECK(a.at("batna").as_object().size() == 6);
  REQUIRE(a.at("nash").is_object());
  CHECK(a.at("nash").at("options").as_object().size() == 7);
  auto texts = a.at("texts").as_array();
  REQUIRE(texts.size() == 1);  // the partial draft has no utility to show
  auto t = texts[0].as_object();
  CHECK(t.at("utilities").as_object().size() == 6);
  for (const auto& [role, u] : t.at("utilities").as_object()) {
    INFO(std::string(role));
    CHECK(u.to_number<double>() >= 0);
    CHECK(u.to_number<double>() <= 100);
  }
  CHECK(t.at("distance_to_frontier").to_number<double>() >= 0);
}

TEST_CASE("bots seated from the dashboard take the named or every empty seat, and bad requests say why") {
  Running run([](const TempDir&) { return std::vector<std::string>{"--bots-client", PARLEY_CLIENT_BINARY}; });
  auto& server = run.server;
  auto codes = server.create_session("river-basin-accord");
  auto path = "/api/sessions/" + codes.session_id + "/bots";
  auto auth = bearer(codes.facilitator_token);

  CHECK(http_request(server.port(), "POST", path, R"({"roles":["UPS"]})").status == 401);
  auto unknown = http_request(server.port(), "POST", path, R"({"roles":["NOPE"]})", auth);
  CHECK(unknown.status == 400);
  CHECK(unknown.body.find("'NOPE' is not a delegation") != std::string::npos);
  auto strategy = http_request(server.port(), "POST", path, R"({"empty":true,"strategy":"random"})", auth);
  CHECK(strategy.status == 400);
  CHECK(strategy.body.find("strategy 'random'") != std::string::npos);

  auto started = http_request(server.port(), "POST", path, R"({"empty":true,"strategy":"conceder"})", auth);
  REQUIRE_MESSAGE(started.status == 202, started.body);
  auto roles = json::parse(started.body).at("roles").as_array();
  CHECK(roles.size() >= 3);
  // Each bot appears on the seats board under its strategy's name.
  for (const auto& role : roles) {
    std::string id(role.as_string());
    INFO(id);
    json::array seats;
    for (int i = 0; i < 600 && seats.empty(); ++i) {
      seats = connected(status_of(server, codes), id);
      if (seats.empty()) Player probe(server.url(), codes.facilitator_token, "CHAIR");  // wait a round trip, not a clock
    }
    REQUIRE(seats.size() == 1);
    CHECK(seats[0].at("client").as_string() == "bot:conceder");
  }
  auto again = http_request(server.port(), "POST", path, R"({"empty":true})", auth);
  CHECK(again.status == 409);

  // A fork inherits its parent's seat claims but none of its players: its seats are empty.
  auto fork = fork_of(server, codes, 1);
  auto seated = http_request(server.port(), "POST", fork.bots_path, R"({"empty":true})", fork.auth);
  REQUIRE_MESSAGE(seated.status == 202, seated.body);
  CHECK(json::parse(seated.body).at("roles").as_array().size() == roles.size());
}

TEST_CASE("numbers in request bodies are whole and in range, or refused with a reason; the server never throws on them") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("collective-security-pact");
  auto auth = bearer(codes.facilitator_token);
  auto codes_path = "/api/sessions/" + codes.session_id + "/codes";
  for (const char* body : {R"({"role":"KSA","seat":4294967296})", R"({"role":"KSA","seat":1.5})", R"({"role":"KSA","seat":-1})",
                           R"({"role":"KSA","seat":"0"})", R"({"role":"KSA","seat":1e300})"}) {
    INFO(std::string(body));
    auto r = http_request(server.port(), "POST", codes_path, body, auth);
    CHECK(r.status == 400);
    CHECK(r.body.find("seat must be a whole number") != std::string::npos);
  }
  CHECK(http_request(server.port(), "POST", codes_path, R"({"role":"KSA","seat":2})", auth).status == 201);
  CHECK(http_request(server.port(), "POST", codes_path, R"({"role":"KSA","seat":3})", auth).status == 400);  // two advisers
  auto fork_path = "/api/sessions/" + codes.session_id + "/fork";
  for (const char* body : {R"({"at":1.5})", R"({"at":1e300})", R"({"at":-3})"}) {
    INFO(std::string(body));
    auto r = http_request(server.port(), "POST", fork_path, body, auth);
    CHECK(r.status == 400);
    CHECK(r.body.find("must be a whole number of 0 or more") != std::string::npos);
  }
  CHECK(http_get(server.port(), "/readyz").status == 200);
}

TEST_CASE("the review endpoint answers each format with its type, and refuses what a reader may not see") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("collective-security-pact");
  { Player ksa(server.url(), codes.code("KSA"), "KSA"); }
  auto path = "/api/sessions/" + codes.session_id + "/review";
  auto get = [&](const std::string& query, const std::string& token) {
    return http_request(server.port(), "GET", path + query, "", token.empty() ? "" : bearer(token));
  };
  auto html = get("?format=html", codes.facilitator_token);
  CHECK(html.status == 200);
  CHECK(html.header("content-type") == "text/html; charset=utf-8");
  CHECK(html.body.find("<svg") != std::string::npos);
  CHECK(get("", codes.facilitator_token).header("content-type") == "text/html; charset=utf-8");  // html is the default
  CHECK(get("?format=md", codes.facilitator_token).header("content-type") == "text/markdown; charset=utf-8");
  auto csv = get("?format=csv", codes.facilitator_token);
  CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
  CHECK(csv.body.rfind("seq,time,round,phase,actor,type,description\n", 0) == 0);
  auto model = json::parse(get("?format=json", codes.facilitator_token).body).as_object();
  CHECK(model.at("is_facilitator").as_bool());
  bool ksa_seen = false;
  for (const auto& p : model.at("participants").as_array()) {
    if (p.at("role") != "KSA") continue;
    REQUIRE(p.at("seats").as_array().size() == 1);
    ksa_seen = p.at("seats").as_array()[0].as_object().contains("player");
  }
  CHECK(ksa_seen);

  auto seat = json::parse(get("?format=json", codes.code("KSA")).body).as_object();
  CHECK(seat.at("viewer_role") == "KSA");
  CHECK_FALSE(seat.at("is_facilitator").as_bool());
  auto other = get("?format=json&as=TUR", codes.code("KSA"));
  CHECK(other.status == 403);
  CHECK(other.body.find("only a facilitator reads another role's view") != std::string::npos);
  CHECK(get("?format=json&as=TUR", codes.facilitator_token).status == 200);
  auto unknown_role = get("?format=json&as=NOPE", codes.facilitator_token);
  CHECK(unknown_role.status == 400);
  CHECK(unknown_role.body.find("no role 'NOPE'") != std::string::npos);
  auto bad_format = get("?format=pdf", codes.facilitator_token);
  CHECK(bad_format.status == 400);
  CHECK(bad_format.body.find("format must be html, md, json, csv or meta") != std::string::npos);
  // The view picker's metadata, without the review: who reads, and which views exist.
  auto meta = json::parse(get("?format=meta&as=TUR", codes.facilitator_token).body).as_object();
  CHECK(meta.at("viewer_role") == "TUR");
  CHECK(meta.at("roles").as_array().size() == model.at("roles").as_array().size());
  CHECK_FALSE(meta.contains("summary"));
  CHECK(json::parse(get("?format=meta", codes.code("KSA")).body).at("is_facilitator") == false);
  CHECK(get("?format=html", "").status == 401);
  auto missing = http_request(server.port(), "GET", "/api/sessions/nosuchsession/review", "", bearer(server.admin_token()));
  CHECK(missing.status == 404);
}

TEST_CASE("the events page in binary holds the JSON page's events, packed as on the WebSocket") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  for (const char* to : {"KSA", "TUR", "KSA"}) {
    require_ack(pak.command(cmd([to](pb::Command& c) {
      c.mutable_send_message()->set_to(to);
      c.mutable_send_message()->set_text(std::string("to ") + to);
    })));
  }
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_extend()->set_seconds(60); })));
  auto auth = bearer(codes.facilitator_token);
  std::string base = "/api/sessions/" + codes.session_id + "/events?as=KSA&limit=4&after=";
  // Every page in both forms: the same events the same role saw, field for field.
  for (std::uint64_t after = 0;;) {
    auto text = http_request(server.port(), "GET", base + std::to_string(after), "", auth);
    auto binary = http_request(server.port(), "GET", base + std::to_string(after) + "&format=binary", "", auth);
    REQUIRE(text.status == 200);
    REQUIRE(binary.status == 200);
    CHECK(binary.header("content-type") == "application/x-protobuf");
    auto page = json::parse(text.body).as_object();
    pb::EventPage packed;
    REQUIRE(packed.ParseFromString(binary.body));
    parley::wire::BatchReader().restore(*packed.mutable_events());  // a page packs on its own
    const auto& events = page.at("events").as_array();
    REQUIRE(static_cast<int>(events.size()) == packed.events().events_size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& want = events[i].as_object();
      const auto& got = packed.events().events(static_cast<int>(i));
      INFO(json::serialize(want), " vs ", got.ShortDebugString());
      CHECK(want.at("seq").to_number<std::uint64_t>() == got.seq());
      CHECK(want.at("at_ms").to_number<std::int64_t>() == got.event().at_ms());
      CHECK(want.at("round").to_number<std::int64_t>() == got.event().round());
      CHECK(want.at("phase").as_string() == got.event().phase());
      CHECK(want.at("actor").as_string() == got.event().actor());
      CHECK(got.event().message_sent().to() != "TUR");  // KSA's view: PAK's message to TUR is not there
    }
    CHECK(packed.role() == "KSA");
    CHECK(packed.has_scenario() == (after == 0));
    if (page.at("next_after").is_null()) {
      CHECK(packed.next_after() == 0);
      break;
    }
    after = page.at("next_after").to_number<std::uint64_t>();
    CHECK(packed.next_after() == after);
  }
  auto refused = [&](const std::string& query) { return http_request(server.port(), "GET", "/api/sessions/" + codes.session_id + "/events?" + query, "", auth).status; };
  CHECK(refused("format=xml") == 400);
  CHECK(refused("format=binary&limit=100001") == 400);
  CHECK(refused("limit=50000") == 400);  // JSON pages stay at 20,000
  CHECK(refused("format=binary&limit=50000") == 200);
}

TEST_CASE("bots never take a seat a person claimed, in the session or in a fork of it") {
  Running run;
  auto& server = run.server;
  auto codes = server.create_session("river-basin-accord");
  auto auth = bearer(codes.facilitator_token);
  {
    Player upr(server.url(), codes.code("UPR"), "UPR");  // a person takes Upper Tessaro's head seat, then leaves
    eventually([&] {
      auto now = status_of(server, codes);
      for (const auto& s : now.at("seats").as_array()) {
        if (s.at("role").as_string() == "UPR") return s.at("taken").as_array().size() == 1;
      }
      return false;
    });
  }
  auto path = "/api/sessions/" + codes.session_id + "/bots";
  auto refused = http_request(server.port(), "POST", path, R"({"roles":["UPR"]})", auth);
  CHECK(refused.status == 409);
  CHECK(refused.body.find("bots never take a person's seat") != std::string::npos);

  // The fork inherits the person's claim: its empty seats are the others'.
  auto fork = fork_of(server, codes, status_of(server, codes).at("last_seq").to_number<std::int64_t>());
  auto seated = http_request(server.port(), "POST", fork.bots_path, R"({"empty":true})", fork.auth);
  REQUIRE_MESSAGE(seated.status == 202, seated.body);
  std::set<std::string> roles;
  auto seated_roles = json::parse(seated.body);
  CHECK(seated_roles.at("strategy").as_string() == "mixed");  // the default: each bot draws its own, as in rehearsals
  for (const auto& r : seated_roles.at("roles").as_array()) roles.insert(std::string(r.as_string()));
  CHECK(roles.count("UPR") == 0);
  CHECK(roles.count("MID") == 1);
  CHECK(roles.count("DWN") == 1);
  CHECK(http_request(server.port(), "POST", fork.bots_path, R"({"roles":["UPR"]})", fork.auth).status == 409);
}

namespace {
// The seats board's entry for a role.
json::object seat_entry(const json::object& status, const std::string& role) {
  for (const auto& s : status.at("seats").as_array()) {
    if (s.at("role").as_string() == role) return s.as_object();
  }
  return {};
}
}  // namespace

TEST_CASE("a bot removed from the dashboard frees its seat; its votes so far stand, and a person can take the seat") {
  Running run([](const TempDir&) { return std::vector<std::string>{"--bots-client", PARLEY_CLIENT_BINARY}; });
  auto& server = run.server;
  auto codes = server.create_session("river-basin-accord");
  auto path = "/api/sessions/" + codes.session_id + "/bots";
  auto auth = bearer(codes.facilitator_token);
  Player chair(server.url(), codes.facilitator_token, "CHAIR");
  Player upr(server.url(), codes.code("UPR"), "UPR");

  CHECK(http_request(server.port(), "DELETE", path + "?role=MID").status == 401);
  CHECK(http_request(server.port(), "DELETE", path, "", auth).status == 400);
  auto not_bot = http_request(server.port(), "DELETE", path + "?role=UPR", "", auth);
  CHECK(not_bot.status == 409);
  CHECK(not_bot.body.find("UPR's head seat is not held by a bot") != std::string::npos);

  REQUIRE(http_request(server.port(), "POST", path, R"({"roles":["MID"]})", auth).status == 202);
  REQUIRE(eventually([&] { chair.drain(std::chrono::milliseconds(50)); return !connected(status_of(server, codes), "MID").empty(); }, 600));
  require_ack(chair.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_ack(upr.command(cmd([](pb::Command& c) {
    auto& o = *c.mutable_table_text()->mutable_options();
    o["W"] = "W4"; o["D"] = "D1"; o["J"] = "J3"; o["A"] = "A1";
  })));
  advance_to(chair, 1, "ballot");
  // The bot votes on the ballot in its own time: read on until its vote is in.
  auto bot_voted = [&] {
    for (const auto& [seq, e] : chair.events()) {
      if (e.has_vote_cast() && e.actor() == "MID") return true;
    }
    return false;
  };
  REQUIRE(eventually([&] { chair.drain(std::chrono::milliseconds(100)); return bot_voted(); }, 600));

  auto removed = http_request(server.port(), "DELETE", path + "?role=MID", "", auth);
  REQUIRE_MESSAGE(removed.status == 202, removed.body);
  auto released = [&] {
    for (const auto& [seq, e] : chair.events()) {
      if (e.has_seat_released() && e.seat_released().role() == "MID") return e.seat_released().was_bot();
    }
    return false;
  };
  REQUIRE(eventually([&] { chair.drain(std::chrono::milliseconds(50)); return released(); }, 600));
  REQUIRE(eventually([&] {
    chair.drain(std::chrono::milliseconds(50));
    auto s = seat_entry(status_of(server, codes), "MID");
    return s.at("taken").as_array().empty() && s.at("connected").as_array().empty();
  }, 600));
  CHECK(http_request(server.port(), "DELETE", path + "?role=MID", "", auth).status == 409);  // nothing left to remove

  // The roll call keeps what the bot cast before it left.
  auto closed = chair.command(cmd([](pb::Command& c) { c.mutable_advance(); }));
  require_ack(closed);
  chair.wait_for_seq(closed.ack().seq());
  const pb::Tally* tally = nullptr;
  for (const auto& [seq, e] : chair.events()) {
    if (e.has_vote_closed() && e.vote_closed().tallies_size() > 0) tally = &e.vote_closed().tallies(0);
  }
  REQUIRE(tally != nullptr);
  std::vector<std::string> heard;
  for (const auto* list : {&tally->yes_roles(), &tally->no_roles(), &tally->abstain_roles()}) heard.insert(heard.end(), list->begin(), list->end());
  CHECK(std::count(heard.begin(), heard.end(), "MID") == 1);

  // A person takes the freed seat with its code, as a person.
  Player mid(server.url(), codes.code("MID"), "MID");
  REQUIRE(eventually([&] {
    auto s = seat_entry(status_of(server, codes), "MID");
    return s.at("taken").as_array().size() == 1 && s.at("taken_by_bots").as_array().empty();
  }));
}

namespace {
// The ids GET /api/sessions lists (as the admin), newest first.
std::vector<std::string> listed(const ServerProcess& server, const std::string& query = "") {
  auto r = http_request(server.port(), "GET", "/api/sessions" + query, "", bearer(server.admin_token()));
  REQUIRE_MESSAGE(r.status == 200, r.body);
  auto page = json::parse(r.body);
  std::vector<std::string> out;
  for (const auto& s : page.at("sessions").as_array()) out.emplace_back(s.at("session_id").as_string());
  return out;
}
}  // namespace

TEST_CASE("the console's list says where each session is; a session not running can be deleted with every trace of it") {
  Running run;
  auto& server = run.server;
  auto idle = server.create_session("river-basin-accord", "Mistake");
  auto live = server.create_session("river-basin-accord", "Class B");
  {
    Player person(server.url(), idle.code("UPR"), "UPR");  // a seat claimed: presence and an event
    Player chair(server.url(), live.facilitator_token, "CHAIR");
    require_ack(chair.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    chair.sync();
  }
  // The list: version, round and phase of the last event, and a search by title.
  auto all = json::parse(http_request(server.port(), "GET", "/api/sessions", "", bearer(server.admin_token())).body);
  for (const auto& s : all.at("sessions").as_array()) {
    if (s.at("session_id").as_string() != live.session_id) continue;
    CHECK(s.at("round").as_int64() == 1);
    CHECK(s.at("phase").as_string() == "talks");
    CHECK(s.at("state").as_string() == "running");
    CHECK(s.at("last_at").is_string());
  }
  CHECK(listed(server, "?q=mist") == std::vector<std::string>{idle.session_id});

  auto del = [&](const std::string& id, const std::string& auth) { return http_request(server.port(), "DELETE", "/api/sessions/" + id, "", auth); };
  CHECK(del(idle.session_id, bearer(idle.facilitator_token)).status == 401);  // the admin's alone
  auto running = del(live.session_id, bearer(server.admin_token()));
  CHECK(running.status == 409);
  CHECK(running.body.find("end it before deleting it") != std::string::npos);
  CHECK(del("nosuchsession", bearer(server.admin_token())).status == 404);

  auto gone = del(idle.session_id, bearer(server.admin_token()));
  REQUIRE_MESSAGE(gone.status == 200, gone.body);
  auto ids = listed(server);
  CHECK(std::find(ids.begin(), ids.end(), idle.session_id) == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), live.session_id) != ids.end());
  // Its codes no longer open anything, and nothing of it is stored.
  parley::client::WsClient ws;
  REQUIRE(ws.connect(server.url()).ok());
  pb::ClientEnvelope hello;
  hello.set_request_id("h");
  hello.mutable_hello()->set_code(idle.code("UPR"));
  REQUIRE(ws.send(hello).ok());
  auto answer = ws.receive();
  REQUIRE(answer.ok());
  CHECK(answer.value().error().code() == pb::BAD_CREDENTIALS);
  pqxx::connection db(run.db.url());
  pqxx::read_transaction tx(db);
  for (const char* table : {"events", "credentials", "seat_presence", "snapshots", "command_results"}) {
    INFO(table);
    auto n = tx.exec_params(std::string("SELECT count(*) FROM ") + table + " WHERE session_id = $1", idle.session_id)[0][0].as<int>();
    CHECK(n == 0);
  }
  CHECK(tx.exec_params("SELECT count(*) FROM events WHERE session_id = $1", live.session_id)[0][0].as<int>() > 0);
}
