// Sessions played over WebSocket against the real server and PostgreSQL.

#include <doctest/doctest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "engine/desk.hpp"
#include "engine/session.hpp"
#include "live/live_helpers.hpp"
#include "support/http_client.hpp"
#include "support/player.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "wire/batch_reader.hpp"

using namespace parley::test;

namespace {

struct Fixture {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server{db.url(), tmp / "var"};
  SessionCodes codes = server.create_session("collective-security-pact");
};

const std::vector<std::string> kDelegations{"PAK", "KSA", "TUR", "IRN", "AZE", "QAT"};

}  // namespace

TEST_CASE("a full default-scenario session from lobby to signature, every client seeing only what its role may") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  std::map<std::string, std::unique_ptr<Player>> d;
  for (const auto& role : kDelegations) d[role] = std::make_unique<Player>(f.server.url(), f.codes.code(role), role);
  Player observer(f.server.url(), f.codes.observer_code, "OBS");
  CHECK(d["KSA"]->welcome().scenario().injects_size() == 0);  // players never see the injects list

  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_ack(d["PAK"]->command(cmd([](pb::Command& c) {
    c.mutable_send_message()->set_to("KSA");
    c.mutable_send_message()->set_text("Rotation, if you fund the common pot?");
  })));
  advance_to(white, 1, "consultations");
  require_ack(d["KSA"]->command(cmd([](pb::Command& c) {
    c.mutable_create_room()->set_name("gulf");
    c.mutable_create_room()->add_members("QAT");
  })));
  require_ack(d["KSA"]->command(cmd([](pb::Command& c) {
    c.mutable_pledge()->set_to("TUR");
    c.mutable_pledge()->set_points(20);
    c.mutable_pledge()->set_condition(pb::IF_SIGNS);
  })));
  advance_to(white, 1, "plenary");
  auto tabled = d["PAK"]->command(cmd([](pb::Command& c) {
    auto& o = *c.mutable_table_text()->mutable_options();
    o["M"] = "M3"; o["C"] = "C2"; o["F"] = "F4"; o["T"] = "T2"; o["S"] = "S3"; o["P"] = "P2"; o["N"] = "N2";
  }));
  require_ack(tabled);
  advance_to(white, 1, "vote");
  require_rule(d["IRN"]->command(cmd([](pb::Command& c) {
                 c.mutable_vote()->set_text_id("DR1");
                 c.mutable_vote()->set_choice(pb::YES);
               })),
               pb::NOT_ELIGIBLE);
  for (const char* r : {"PAK", "KSA", "TUR", "AZE", "QAT"}) {
    require_ack(d[r]->command(cmd([](pb::Command& c) {
      c.mutable_vote()->set_text_id("DR1");
      c.mutable_vote()->set_choice(pb::YES);
    })));
  }
  advance_to(white, 4, "signature");
  for (const char* r : {"PAK", "KSA", "TUR", "AZE", "QAT"}) require_ack(d[r]->command(cmd([](pb::Command& c) { c.mutable_sign(); })));
  auto closed = white.command(cmd([](pb::Command& c) { c.mutable_advance(); }));
  require_ack(closed);
  white.wait_for_seq(closed.ack().seq());

  bool in_force = false;
  for (const auto& [seq, e] : white.events()) {
    if (e.has_signature_closed()) in_force = e.signature_closed().in_force();
  }
  CHECK(in_force);
  // The white cell saw every event, each once, in order.
  for (std::size_t i = 0; i < white.events().size(); ++i) CHECK(white.events()[i].first == i + 1);
  // Ending the session gives everyone a last public event to catch up to.
  auto ended = white.command(cmd([](pb::Command& c) { c.mutable_end()->set_reason("test over"); }));
  require_ack(ended);
  for (auto& [role, p] : d) p->wait_for_seq(ended.ack().seq());
  observer.wait_for_seq(ended.ack().seq());
  bool pak_saw_pledge = false, ksa_saw_pledge = false, obs_saw_message = false;
  for (const auto& [seq, e] : d["PAK"]->events()) pak_saw_pledge = pak_saw_pledge || e.has_pledge_made();
  for (const auto& [seq, e] : d["TUR"]->events()) ksa_saw_pledge = ksa_saw_pledge || e.has_pledge_made();
  for (const auto& [seq, e] : observer.events()) obs_saw_message = obs_saw_message || e.has_message_sent();
  CHECK_FALSE(pak_saw_pledge);
  CHECK(ksa_saw_pledge);  // TUR is the pledge's recipient
  CHECK_FALSE(obs_saw_message);
  CHECK(f.server.status(f.codes).find("\"state\":\"ended\"") != std::string::npos);
}

TEST_CASE("a white-cell team: further facilitator tokens act as the white cell; players cannot mint them") {
  Fixture f;
  auto refused = http_request(f.server.port(), "POST", "/api/sessions/" + f.codes.session_id + "/facilitators", "",
                              "Authorization: Bearer " + f.codes.code("PAK") + "\r\n");
  CHECK(refused.status == 401);
  auto added = http_request(f.server.port(), "POST", "/api/sessions/" + f.codes.session_id + "/facilitators", "",
                            "Authorization: Bearer " + f.codes.facilitator_token + "\r\n");
  REQUIRE(added.status == 201);
  auto token = boost::json::parse(added.body).as_object().at("facilitator_token").as_string();
  Player second(f.server.url(), std::string(token), "WHITE");
  require_ack(second.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  CHECK(second.welcome().seat() == 1);
}

TEST_CASE("cross-role and privilege attempts are refused") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");
  Player adviser(f.server.url(), f.codes.code("PAK", 1), "PAK");
  Player observer(f.server.url(), f.codes.observer_code, "OBS");
  require_rule(pak.command(cmd([](pb::Command& c) { c.mutable_start(); })), pb::NOT_PERMITTED);
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_rule(observer.command(cmd([](pb::Command& c) {
                 c.mutable_send_message()->set_to("PAK");
                 c.mutable_send_message()->set_text("hi");
               })),
               pb::NOT_PERMITTED);
  require_rule(pak.command(cmd([](pb::Command& c) { c.mutable_release_inject()->set_inject_id("leak"); })), pb::NOT_PERMITTED);
  auto tick = pak.command(cmd([](pb::Command& c) { c.mutable_tick(); }));
  REQUIRE(tick.has_rejection());
  CHECK(tick.rejection().protocol() == pb::FORBIDDEN_COMMAND);
  advance_to(white, 1, "vote");
  require_rule(adviser.command(cmd([](pb::Command& c) {
                 c.mutable_vote()->set_text_id("DR1");
                 c.mutable_vote()->set_choice(pb::YES);
               })),
               pb::NOT_PERMITTED);
  // A message is attributed to the sender's own role, whatever it claims.
  auto sent = pak.command(cmd([](pb::Command& c) {
    c.mutable_send_message()->set_to("KSA");
    c.mutable_send_message()->set_text("from Pakistan");
  }));
  require_ack(sent);
  white.wait_for_seq(sent.ack().seq());
  CHECK(white.events().back().second.actor() == "PAK");
}

TEST_CASE("resume after a disconnect: exactly the missed events, in order, then live ones; retries are idempotent") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player steady(f.server.url(), f.codes.code("KSA", 0), "KSA");
  auto dropper = std::make_unique<Player>(f.server.url(), f.codes.code("KSA", 1), "KSA");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  dropper->drain();
  std::uint64_t seen = dropper->last_seq();
  dropper.reset();  // the laptop's connection drops

  for (const char* text : {"one", "two", "three"}) {
    require_ack(pak.command(cmd([&](pb::Command& c) {
      c.mutable_send_message()->set_to("KSA");
      c.mutable_send_message()->set_text(text);
    })));
  }
  require_ack(pak.command(cmd([&](pb::Command& c) {
    c.mutable_send_message()->set_to("TUR");
    c.mutable_send_message()->set_text("not for KSA");
  })));
  auto last = white.command(cmd([](pb::Command& c) { c.mutable_advance(); }));
  require_ack(last);

  Player back(f.server.url(), f.codes.code("KSA", 1), "KSA", false, seen);
  CHECK_FALSE(back.got_snapshot());
  steady.wait_for_seq(last.ack().seq());
  back.wait_for_seq(last.ack().seq());
  std::vector<std::uint64_t> expected, got;
  for (const auto& [seq, e] : steady.events()) {
    if (seq > seen) expected.push_back(seq);
  }
  for (const auto& [seq, e] : back.events()) got.push_back(seq);
  CHECK(got == expected);
  CHECK(got.size() >= 4);

  // Live events follow the backlog.
  auto live = pak.command(cmd([](pb::Command& c) {
    c.mutable_send_message()->set_to("KSA");
    c.mutable_send_message()->set_text("live");
  }));
  back.wait_for_seq(live.ack().seq());
  CHECK(back.events().back().second.message_sent().text() == "live");

  SUBCASE("a retried request id is answered with the original result and applied once") {
    auto message = cmd([](pb::Command& c) {
      c.mutable_send_message()->set_to("QAT");
      c.mutable_send_message()->set_text("exactly once");
    });
    auto first = pak.command(message, "retry-1");
    require_ack(first);
    Player reconnected(f.server.url(), f.codes.code("PAK", 0), "PAK", false, pak.last_seq());
    auto again = reconnected.command(message, "retry-1");
    require_ack(again);
    CHECK(again.ack().seq() == first.ack().seq());
    auto after = pak.command(cmd([](pb::Command& c) { c.mutable_statement()->set_text("x"); }));
    white.drain();
    int copies = 0;
    for (const auto& [seq, e] : white.events()) copies += e.message_sent().text() == "exactly once";
    CHECK(copies == 1);
  }
}

TEST_CASE("a late joiner gets a snapshot of its own view first") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_ack(pak.command(cmd([](pb::Command& c) {
    c.mutable_send_message()->set_to("KSA");
    c.mutable_send_message()->set_text("private");
  })));
  Player tur(f.server.url(), f.codes.code("TUR"), "TUR");
  CHECK(tur.got_snapshot());
  CHECK(tur.snapshot_seq() >= 5);
  CHECK(tur.snapshot().messages_size() == 0);  // PAK's message to KSA is not TUR's business
  for (const auto& r : tur.snapshot().roles()) {
    if (r.role() != "TUR") CHECK(r.weights_size() == 0);
  }
  Player ksa(f.server.url(), f.codes.code("KSA"), "KSA");
  CHECK(ksa.snapshot().messages_size() == 1);
}

TEST_CASE("a JSON text-frame client plays like a binary one, answered in JSON") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE", /*json=*/true);
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  auto raw = white.ws().send_raw(R"({"requestId":"j1","command":{"pause":{}}})", true);
  REQUIRE(raw.ok());
  for (int i = 0; i < 20; ++i) {
    auto frame = white.ws().receive_raw(std::chrono::seconds(5));
    REQUIRE(frame.ok());
    CHECK(frame.value().second);  // text
    const auto& json = frame.value().first;
    if (json.find("\"acks\":[{\"requestId\":\"j1\"") != std::string::npos) {
      // The ack rides in the batch with the event it produced, in full (JSON is never packed).
      CHECK(json.find("\"sessionPaused\"") != std::string::npos);
      CHECK(json.find("\"packing\"") == std::string::npos);
      CHECK(json.find("\"actor\":\"WHITE\"") != std::string::npos);
      return;
    }
  }
  FAIL("no JSON ack for j1");
}

TEST_CASE("a command's ack comes in one frame with the events it produced") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  pb::ClientEnvelope env;
  env.set_request_id("b1");
  env.mutable_command()->mutable_send_message()->set_to("KSA");
  env.mutable_command()->mutable_send_message()->set_text("in one frame");
  REQUIRE(pak.ws().send(env).ok());
  for (int i = 0; i < 20; ++i) {
    auto frame = pak.ws().receive_raw(std::chrono::seconds(5));
    REQUIRE(frame.ok());
    pb::ServerEnvelope got;
    REQUIRE(got.ParseFromString(frame.value().first));
    if (!got.has_batch() || got.batch().acks_size() == 0) continue;
    REQUIRE(got.batch().acks(0).request_id() == "b1");
    REQUIRE(got.batch().events_size() >= 1);
    const auto& last = got.batch().events(got.batch().events_size() - 1);
    CHECK(last.event().message_sent().to() == "KSA");
    // Its own words are not sent back: the client said in its hello that it keeps them.
    CHECK((last.packing() & pb::OWN_TEXT) != 0);
    CHECK(last.event().message_sent().text().empty());
    CHECK(frame.value().first.find("in one frame") == std::string::npos);
    return;
  }
  FAIL("no batch with the ack of b1");
}

// The text of `seq`'s message among what `player` received.
std::string message_text(const Player& player, std::uint64_t seq) {
  for (const auto& [s, e] : player.events()) {
    if (s == seq) return e.message_sent().text();
  }
  return "(not received)";
}

TEST_CASE("a sender's own words come back from its command; every other reader gets them on the wire") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");      // keeps its texts, and says so
  Player pak_too(f.server.url(), f.codes.code("PAK"), "PAK");  // the same seat on a second device
  Player ksa(f.server.url(), f.codes.code("KSA"), "KSA");
  // A program written from the .proto files that never heard of own texts.
  parley::client::WsClient plain;
  REQUIRE(plain.connect(f.server.url()).ok());
  pb::ClientEnvelope hello;
  hello.mutable_hello()->set_code(f.codes.code("PAK"));
  REQUIRE(plain.send_raw(hello.SerializeAsString(), false).ok());
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));

  auto answer = pak.command(message_to("KSA", "said once, read four times"));
  require_ack(answer);
  auto seq = answer.ack().seq();
  CHECK(message_text(pak, seq) == "said once, read four times");
  pak_too.wait_for_seq(seq);
  CHECK(message_text(pak_too, seq) == "said once, read four times");
  ksa.wait_for_seq(seq);
  CHECK(message_text(ksa, seq) == "said once, read four times");

  // A command without a request id has no ack that could name it: its words come back whole.
  pb::ClientEnvelope unnamed;
  *unnamed.mutable_command() = message_to("KSA", "no id to name it by");
  REQUIRE(pak.ws().send(unnamed).ok());
  require_ack(pak.command(message_to("KSA", "applied after it")));  // one connection's commands apply in order
  CHECK(std::any_of(pak.events().begin(), pak.events().end(),
                    [](const auto& e) { return e.second.message_sent().text() == "no id to name it by"; }));

  parley::wire::BatchReader reader;
  for (int frames = 0; frames < 20; ++frames) {
    auto raw = plain.receive_raw(std::chrono::seconds(5));
    REQUIRE(raw.ok());
    pb::ServerEnvelope env;
    REQUIRE(env.ParseFromString(raw.value().first));
    for (const auto& part : reader.unpack(env)) {
      if (part.has_event() && part.event().seq() == seq) {
        CHECK(part.event().event().message_sent().text() == "said once, read four times");
        return;
      }
    }
  }
  FAIL("the plain client never got the message");
}

TEST_CASE("/metrics reports connections, commands by type, rejections by code and commit latency") {
  Fixture f;
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  Player pak(f.server.url(), f.codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_rule(pak.command(cmd([](pb::Command& c) { c.mutable_start(); })), pb::NOT_PERMITTED);
  auto m = http_get(f.server.port(), "/metrics");
  REQUIRE(m.status == 200);
  for (const char* line : {"parley_connections 2", "parley_live_sessions 1", "parley_commands_total{type=\"start\"} 2",
                           "parley_rejections_total{code=\"NOT_PERMITTED\"} 1", "parley_commit_seconds_bucket",
                           "parley_commit_batch_appends_count", "parley_outbound_queue_depth", "parley_store_queue_depth",
                           "parley_bytes_in_total", "parley_bytes_out_total"}) {
    INFO(line);
    CHECK(m.body.find(line) != std::string::npos);
  }
}

namespace {

// The engine's desk for a seat, from the white cell's complete record of the session.
pb::Desk engine_desk(Player& white, const std::string& role, std::uint32_t seat) {
  white.sync();
  auto index = std::make_shared<const parley::engine::ScenarioIndex>(white.welcome().scenario());
  parley::engine::Session session(index);
  for (const auto& [seq, e] : white.events()) session.apply(e);
  return parley::engine::role_desk(*index, session.state(), *index->role_index(role), seat);
}

// The seat's latest desk from the server equals the engine's (seq aside). Two syncs: the
// desk of a delivery follows the frame that holds the first sync's answer.
void same_desk(Player& white, Player& seat, std::uint32_t seat_no) {
  seat.sync();
  seat.sync();
  auto got = seat.desk();
  got.clear_seq();
  auto want = engine_desk(white, seat.role(), seat_no);
  INFO(seat.role() << " seat " << seat_no << "\nserver: " << got.ShortDebugString() << "\nengine: " << want.ShortDebugString());
  CHECK(parley::engine::serialize_deterministic(got) == parley::engine::serialize_deterministic(want));
}

}  // namespace

TEST_CASE("each seat's desk from the server is the engine's: actions and reasons, worth against the BATNA, ballot, crisis offer") {
  Fixture f;
  auto url = f.server.url();
  Player white(url, f.codes.facilitator_token, "WHITE");
  Player pak(url, f.codes.code("PAK"), "PAK", false, 0, true);
  Player ksa_adviser(url, f.codes.code("KSA", 1), "KSA", false, 0, true);
  Player irn(url, f.codes.code("IRN"), "IRN", false, 0, true);
  Player tur(url, f.codes.code("TUR"), "TUR");  // did not ask: never sent a desk
  std::map<std::string, std::unique_ptr<Player>> heads;
  for (const char* r : {"KSA", "AZE", "QAT"}) heads[r] = std::make_unique<Player>(url, f.codes.code(r), r);
  same_desk(white, pak, 0);
  CHECK(pak.desk().activity() == "The session has not started: read your brief and preferences.");

  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  same_desk(white, pak, 0);
  same_desk(white, ksa_adviser, 1);
  advance_to(white, 1, "consultations");
  require_ack(heads["KSA"]->command(cmd([](pb::Command& c) {
    c.mutable_pledge()->set_to("PAK");
    c.mutable_pledge()->set_points(15);
    c.mutable_pledge()->set_condition(pb::IF_SIGNS);
  })));
  advance_to(white, 1, "plenary");
  require_ack(pak.command(cmd([](pb::Command& c) {
    auto& o = *c.mutable_table_text()->mutable_options();
    o["M"] = "M3"; o["C"] = "C3"; o["F"] = "F4"; o["T"] = "T1"; o["S"] = "S3"; o["P"] = "P3"; o["N"] = "N2";
  })));
  same_desk(white, pak, 0);
  REQUIRE(pak.desk().drafts_size() == 1);
  CHECK(pak.desk().drafts(0).pledges() > 0);  // KSA's pledge counts toward signing

  advance_to(white, 1, "vote");
  same_desk(white, pak, 0);
  CHECK(pak.desk().ballot().new_text_ids_size() == 1);
  same_desk(white, ksa_adviser, 1);
  CHECK_FALSE(ksa_adviser.desk().actions(7).open());  // vote: the head of delegation's
  same_desk(white, irn, 0);
  for (Player* p : {&pak, heads["KSA"].get(), &tur, heads["AZE"].get(), heads["QAT"].get()}) {
    require_ack(p->command(cmd([](pb::Command& c) {
      c.mutable_vote()->set_text_id("DR1");
      c.mutable_vote()->set_choice(pb::YES);
    })));
  }
  same_desk(white, pak, 0);
  advance_to(white, 4, "signature");
  same_desk(white, pak, 0);
  for (Player* p : {&pak, heads["KSA"].get(), &tur, heads["AZE"].get(), heads["QAT"].get()}) {
    require_ack(p->command(cmd([](pb::Command& c) { c.mutable_sign(); })));
  }
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_advance(); })));
  same_desk(white, pak, 0);
  REQUIRE(pak.desk().has_crisis());
  CHECK(pak.desk().crisis().may_respond());
  same_desk(white, ksa_adviser, 1);
  CHECK_FALSE(ksa_adviser.desk().crisis().may_respond());
  same_desk(white, irn, 0);
  CHECK_FALSE(irn.desk().crisis().member());
  tur.sync();
  CHECK(tur.desks() == 0);
}

TEST_CASE("codes people can type: any case, spaces, a full stop; the short form read aloud; one wrong character refused") {
  Fixture f;
  auto url = f.server.url();
  auto full = f.codes.code("PAK");
  std::string shouting;
  for (char c : full) shouting.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  Player upper(url, "  " + shouting.substr(0, 16) + " " + shouting.substr(16) + ".", "PAK");
  CHECK(upper.welcome().seat() == 0);

  auto spoken = f.codes.short_code("KSA", 1);
  REQUIRE(spoken.size() == 14);
  std::string typed;
  for (char c : spoken) typed.push_back(c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  Player adviser(url, typed, "KSA");
  CHECK(adviser.welcome().seat() == 1);

  // One character off: refused, as an unknown code.
  std::string wrong = spoken;
  wrong[0] = wrong[0] == 'Z' ? 'Y' : 'Z';
  parley::client::WsClient ws;
  REQUIRE(ws.connect(url).ok());
  pb::ClientEnvelope hello;
  hello.set_request_id("h");
  hello.mutable_hello()->set_code(wrong);
  REQUIRE(ws.send(hello).ok());
  auto answer = ws.receive();
  REQUIRE(answer.ok());
  CHECK(answer.value().error().code() == pb::BAD_CREDENTIALS);

  // A code issued later has its short form too, and it works over HTTP as a bearer token.
  auto issued = http_request(f.server.port(), "POST", "/api/sessions/" + f.codes.session_id + "/codes", R"({"role":"TUR","seat":2})",
                             "Authorization: Bearer " + f.codes.facilitator_token + "\r\n");
  REQUIRE(issued.status == 201);
  auto short_form = std::string(boost::json::parse(issued.body).at("short_code").as_string());
  Player tur(url, short_form, "TUR");
  CHECK(tur.welcome().seat() == 2);
  auto events = http_request(f.server.port(), "GET", "/api/sessions/" + f.codes.session_id + "/events", "",
                             "Authorization: Bearer " + short_form + "\r\n");
  CHECK(events.status == 200);
}

TEST_CASE("an address that sends too many unknown codes waits: even a right code is refused for the minute") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--hello-failures", "3"});
  server.start();
  auto codes = server.create_session("river-basin-accord");
  auto hello = [&](const std::string& code) {
    parley::client::WsClient ws;
    REQUIRE(ws.connect(server.url()).ok());
    pb::ClientEnvelope env;
    env.set_request_id("h");
    env.mutable_hello()->set_code(code);
    REQUIRE(ws.send(env).ok());
    auto answer = ws.receive();
    REQUIRE(answer.ok());
    return answer.value();
  };
  CHECK(hello(codes.code("UPR")).has_welcome());
  for (const char* guess : {"AAAA-AAAA-AAAA", "AAAA-AAAA-AAAB", "AAAA-AAAA-AAAC"}) CHECK(hello(guess).error().code() == pb::BAD_CREDENTIALS);
  auto refused = hello(codes.code("MID"));
  CHECK(refused.error().code() == pb::RATE_LIMITED);
  CHECK(refused.error().message().find("wait a minute") != std::string::npos);
}
