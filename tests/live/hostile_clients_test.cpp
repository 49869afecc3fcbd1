// Malformed, oversized, unauthenticated, flooding and non-reading clients:
// typed errors, bounded memory, and no other session notices.

#include <doctest/doctest.h>

#include "live/live_helpers.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;

namespace {

pb::ServerEnvelope next(parley::client::WsClient& ws) {
  auto got = ws.receive();
  REQUIRE_MESSAGE(got.ok(), (got ? "" : got.error().message));
  return got.value();
}

struct Fixture {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server{db.url(), tmp / "var", {"--max-frame-bytes", "4096", "--rate", "20"}};
  SessionCodes codes = server.create_session("collective-security-pact");
};

// An observer that says hello and never reads again, and a white cell that has
// started the session and reached the plenary, where statements are allowed.
struct SleeperAndChair {
  SleeperAndChair(const ServerProcess& server, const SessionCodes& codes) : white(server.url(), codes.facilitator_token, "WHITE") {
    REQUIRE(sleeper.connect(server.url()).ok());
    pb::ClientEnvelope hello;
    hello.mutable_hello()->set_code(codes.observer_code);
    REQUIRE(sleeper.send(hello).ok());
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    for (int i = 0; i < 2; ++i) {
      auto a = white.command(cmd([](pb::Command& c) { c.mutable_advance(); }));
      require_ack(a);
      white.wait_for_seq(a.ack().seq());
    }
  }
  parley::client::WsClient sleeper;
  Player white;
};

}  // namespace

TEST_CASE("malformed frames and commands before hello get typed errors; the connection survives them") {
  Fixture f;
  parley::client::WsClient ws;
  REQUIRE(ws.connect(f.server.url()).ok());
  REQUIRE(ws.send_raw(std::string("\xff\xff\xff garbage", 12), false).ok());
  auto e1 = next(ws);
  REQUIRE(e1.has_error());
  CHECK(e1.error().code() == pb::MALFORMED);
  CHECK_FALSE(e1.error().fatal());
  REQUIRE(ws.send_raw("{not json", true).ok());
  auto e2 = ws.receive_raw(std::chrono::seconds(5));
  REQUIRE(e2.ok());
  CHECK(e2.value().second);  // answered in text, as it was spoken to
  CHECK(e2.value().first.find("\"code\":\"MALFORMED\"") != std::string::npos);

  pb::ClientEnvelope early;
  early.set_request_id("early");
  *early.mutable_command() = message_to("KSA", "hi");
  REQUIRE(ws.send(early).ok());
  auto r = next(ws);
  REQUIRE(r.has_rejection());
  CHECK(r.rejection().protocol() == pb::NOT_AUTHENTICATED);
  CHECK(r.rejection().request_id() == "early");

  pb::ClientEnvelope empty;
  REQUIRE(ws.send(empty).ok());
  CHECK(next(ws).rejection().protocol() == pb::UNKNOWN_COMMAND);

  pb::ClientEnvelope hello;
  hello.mutable_hello()->set_code(f.codes.code("PAK"));
  REQUIRE(ws.send(hello).ok());
  CHECK(next(ws).has_welcome());

  // A request id is stored as text: one holding a NUL is refused, never cut short at it.
  const std::string nul_id("a\0b", 3);
  pb::ClientEnvelope nul;
  nul.set_request_id(nul_id);
  *nul.mutable_command() = message_to("KSA", "hi");
  REQUIRE(ws.send(nul).ok());
  pb::ServerEnvelope refused;
  for (int i = 0; i < 5 && !refused.has_rejection(); ++i) refused = next(ws);  // past the seat's own events
  REQUIRE(refused.has_rejection());
  CHECK(refused.rejection().protocol() == pb::MALFORMED);
  CHECK(refused.rejection().request_id() == nul_id);
}

TEST_CASE("a stream of frames whose strings are not UTF-8 is refused each time and logged once, not once a frame") {
  Fixture f;
  const std::string bad_request_id("\x0a\x02\xff\xfe", 4);  // ClientEnvelope.request_id = two bytes that are not UTF-8
  for (int connection = 0; connection < 3; ++connection) {
    parley::client::WsClient ws;
    REQUIRE(ws.connect(f.server.url()).ok());
    for (int i = 0; i < 10; ++i) {
      REQUIRE(ws.send_raw(bad_request_id, false).ok());
      auto e = next(ws);
      REQUIRE(e.has_error());
      CHECK(e.error().code() == pb::MALFORMED);
    }
  }
  auto log = f.server.log();
  std::size_t lines = 0;
  for (auto at = log.find("invalid UTF-8"); at != std::string::npos; at = log.find("invalid UTF-8", at + 1)) ++lines;
  INFO(log);
  CHECK(lines >= 1);  // said, through the server's own log
  CHECK(lines <= 2);  // 30 refusals: one line, and at most one summary
  CHECK(log.find("protobuf:") != std::string::npos);
}

TEST_CASE("a wrong code is refused and the connection closed") {
  Fixture f;
  parley::client::WsClient ws;
  REQUIRE(ws.connect(f.server.url()).ok());
  pb::ClientEnvelope hello;
  hello.mutable_hello()->set_code("00000000000000000000000000000000");
  REQUIRE(ws.send(hello).ok());
  auto e = next(ws);
  REQUIRE(e.has_error());
  CHECK(e.error().code() == pb::BAD_CREDENTIALS);
  CHECK(e.error().fatal());
  CHECK_FALSE(ws.receive(std::chrono::seconds(5)).ok());
  CHECK(f.server.log().find("rejected an unknown code") != std::string::npos);
}

TEST_CASE("an oversized frame closes that connection only") {
  Fixture f;
  Player other(f.server.url(), f.codes.code("KSA"), "KSA");
  parley::client::WsClient ws;
  REQUIRE(ws.connect(f.server.url()).ok());
  // The server may hang up before the whole frame is even written.
  (void)ws.send_raw(std::string(10000, 'x'), true);
  CHECK_FALSE(ws.receive(std::chrono::seconds(5)).ok());
  // Life goes on for everyone else.
  Player white(f.server.url(), f.codes.facilitator_token, "WHITE");
  // The close is logged on the server's own time: wait for it with round trips, not a clock.
  for (int i = 0; i < 100 && f.server.log().find("frame larger than 4096 bytes") == std::string::npos; ++i) {
    (void)white.command(cmd([](pb::Command& c) { c.mutable_pause(); }));  // refused in the lobby: a round trip
  }
  CHECK(f.server.log().find("frame larger than 4096 bytes") != std::string::npos);
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_ack(other.command(message_to("PAK", "still here")));
}

TEST_CASE("a flood is throttled, then cut off, and other sessions do not notice") {
  Fixture f;
  auto second = f.server.create_session("river-basin-accord");
  Player chair(f.server.url(), second.facilitator_token, "CHAIR");
  require_ack(chair.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  Player flooder(f.server.url(), f.codes.code("PAK"), "PAK");
  for (int i = 0; i < 400; ++i) {
    pb::ClientEnvelope env;
    env.set_request_id("flood-" + std::to_string(i));
    *env.mutable_command() = message_to("KSA", "spam");
    if (!flooder.ws().send(env).ok()) break;
  }
  int limited = 0;
  for (;;) {
    auto got = flooder.ws().receive(std::chrono::seconds(10));
    if (!got) break;  // closed by the server
    if (got.value().has_rejection() && got.value().rejection().protocol() == pb::RATE_LIMITED) {
      ++limited;
      CHECK(got.value().rejection().retryable());
    }
  }
  CHECK(limited > 0);
  CHECK(flooder.ws().close_reason() == "flooding");
  auto ok = chair.command(cmd([](pb::Command& c) { c.mutable_pause(); }));
  require_ack(ok);
}

TEST_CASE("a client that never reads is disconnected instead of growing the server's memory") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--max-queued-frames", "16", "--rate", "100000"});
  auto codes = server.create_session("collective-security-pact");
  SleeperAndChair both(server, codes);
  auto& white = both.white;
  std::string big(7900, 'w');
  bool dropped = false;
  for (int i = 0; i < 6000 && !dropped; ++i) {
    require_ack(white.command(cmd([&](pb::Command& c) { c.mutable_statement()->set_text(big); })));
    if (i % 100 == 99) dropped = server.log().find("it is not reading") != std::string::npos;
  }
  CHECK(dropped);
  require_ack(white.command(message_to("KSA", "the server is fine")));
}

TEST_CASE("a client that never reads is disconnected by bytes queued, long before its frame limit") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--max-queued-frames", "100000", "--max-queued-bytes", "262144", "--rate", "100000"});
  auto codes = server.create_session("collective-security-pact");
  SleeperAndChair both(server, codes);
  auto& white = both.white;
  std::string big(7900, 'w');
  std::string log;
  for (int i = 0; i < 6000 && log.find("it is not reading") == std::string::npos; ++i) {
    require_ack(white.command(cmd([&](pb::Command& c) { c.mutable_statement()->set_text(big); })));
    if (i % 50 == 49) log = server.log();
  }
  auto at = log.find("it is not reading (");
  REQUIRE(at != std::string::npos);
  std::size_t frames = std::stoul(log.substr(at + 19));
  CHECK(frames < 40);  // 256 KiB of 8 KB frames, not 100,000 frames
  CHECK(log.find(" bytes queued)", at) != std::string::npos);
}
