// Crashes and outages: nothing acknowledged is lost, and play goes on.

#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "live/live_helpers.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;

namespace {

int count_messages(const Player& p, const std::string& text) {
  int n = 0;
  for (const auto& [seq, e] : p.events()) n += e.message_sent().text() == text;
  return n;
}

// A delegation says something, then closes the lid: the seq it last saw.
std::uint64_t visit_and_leave(const ServerProcess& server, const SessionCodes& codes, const std::string& role) {
  Player p(server.url(), codes.code(role), role);
  require_ack(p.command(message_to("PAK", "back soon")));
  return p.last_seq();
}

}  // namespace

TEST_CASE("kill -9 mid-session: every acknowledged event is there after restart, and clocks and play resume") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var");
  auto codes = server.create_session("collective-security-pact");
  std::uint64_t acked = 0;
  std::uint64_t pak_seen = 0;
  {
    Player white(server.url(), codes.facilitator_token, "WHITE");
    Player pak(server.url(), codes.code("PAK"), "PAK");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    for (int i = 0; i < 20; ++i) {
      auto a = pak.command(message_to("KSA", "message " + std::to_string(i)));
      require_ack(a);
      acked = a.ack().seq();
    }
    pak.wait_for_seq(acked);
    pak_seen = pak.last_seq();
    // Compress time so the brief's deadline passes soon after the restart.
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_time_scale()->set_factor(200); })));
    server.kill9();
  }
  server.start();

  Player white(server.url(), codes.facilitator_token, "WHITE");
  CHECK(white.snapshot_seq() >= acked);
  CHECK(white.snapshot().messages_size() == 20);
  // The restarted clock closes the brief (300 s at 200x) on its own.
  for (;;) {
    auto got = white.ws().receive(std::chrono::seconds(20));
    REQUIRE_MESSAGE(got.ok(), "the phase clock did not resume after the restart");
    if (got.value().has_event() && got.value().event().event().has_phase_started()) {
      CHECK(got.value().event().event().phase_started().phase() == "consultations");
      break;
    }
  }
  Player pak(server.url(), codes.code("PAK"), "PAK", false, pak_seen);
  auto next = pak.command(message_to("KSA", "after the crash"));
  require_ack(next);
  CHECK(next.ack().seq() > acked);
}

TEST_CASE("PostgreSQL stopped and started mid-session: refused while down, nothing acknowledged lost, no restart needed") {
  TempDir tmp;
  auto data = tmp / "var";
  ServerProcess server("", data);  // its own embedded cluster, so stopping it disturbs no other test
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  require_ack(pak.command(message_to("KSA", "before the outage")));

  auto stopped = run_to_completion(PARLEY_SERVER_BINARY, {"db", "stop", "--data-dir", data.string()});
  REQUIRE_MESSAGE(stopped.exit_code == 0, stopped.err);

  auto refused = pak.command(message_to("KSA", "during the outage"), "outage-1");
  REQUIRE_MESSAGE(refused.has_rejection(), refused.ShortDebugString());
  CHECK(refused.rejection().protocol() == pb::STORAGE_UNAVAILABLE);
  CHECK(refused.rejection().retryable());
  CHECK(eventually([&] { return http_get(server.port(), "/readyz").status == 503; }));

  auto started = run_to_completion(PARLEY_SERVER_BINARY, {"db", "start", "--data-dir", data.string()});
  REQUIRE_MESSAGE(started.exit_code == 0, started.err);
  CHECK(eventually([&] { return http_get(server.port(), "/readyz").status == 200; }));
  pb::ServerEnvelope retried;
  CHECK(eventually([&] {
    retried = pak.command(message_to("KSA", "during the outage"), "outage-1");
    return retried.has_ack();
  }));
  white.wait_for_seq(retried.ack().seq());
  CHECK(count_messages(white, "before the outage") == 1);
  CHECK(count_messages(white, "during the outage") == 1);
  Player late(server.url(), codes.facilitator_token, "WHITE");
  CHECK(late.snapshot().messages_size() == 2);
}

TEST_CASE("recovery from a stored snapshot: the state is whole, and a resume older than memory gets a snapshot") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--snapshot-every", "10"});
  auto codes = server.create_session("collective-security-pact");
  std::uint64_t acked = 0;
  {
    Player white(server.url(), codes.facilitator_token, "WHITE");
    Player pak(server.url(), codes.code("PAK"), "PAK");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    for (int i = 0; i < 25; ++i) acked = pak.command(message_to("KSA", "m" + std::to_string(i))).ack().seq();
    server.kill9();
  }
  server.start();
  Player white(server.url(), codes.facilitator_token, "WHITE");
  CHECK(white.snapshot_seq() == acked);
  CHECK(white.snapshot().messages_size() == 25);
  Player old(server.url(), codes.code("KSA"), "KSA", false, 3);  // seq 3 is long gone from memory
  auto next = old.command(message_to("PAK", "still here"));
  require_ack(next);
  CHECK(old.got_snapshot());
  CHECK(old.snapshot().messages_size() == 25);
  CHECK(next.ack().seq() == acked + 2);  // KSA's first hello claimed its seat (acked + 1)
}

TEST_CASE("a client resuming over a 5,000-event gap gets its view as of now and stays connected") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--rate", "100000"});
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  std::uint64_t ksa_seen = visit_and_leave(server, codes, "KSA");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  std::uint64_t acked = 0;
  for (int i = 0; i < 5000; ++i) acked = pak.command(message_to("KSA", "m" + std::to_string(i))).ack().seq();
  REQUIRE(acked > ksa_seen + 5000);
  // Sent as a backlog, 5,000 events overran the connection's queue (1,024 frames) and it was
  // closed as a slow reader, on every reconnect.
  Player back(server.url(), codes.code("KSA"), "KSA", false, ksa_seen);
  auto next = back.command(message_to("PAK", "I am back"));
  require_ack(next);
  CHECK(back.got_snapshot());
  CHECK(back.snapshot_seq() >= acked);
  CHECK(back.snapshot().messages_size() == 5001);
  CHECK(next.ack().seq() > acked);
}

TEST_CASE("the embedded postmaster killed under load is started again and nothing acknowledged is lost") {
  TempDir tmp;
  auto data = tmp / "var";
  ServerProcess server("", data, {"--rate", "100000"});  // its own embedded cluster
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));

  // As a client does: a command refused as unavailable is sent again under the same request id.
  // One whose commit was under way at the kill may have been stored (its outcome was unknown);
  // its retry is then answered with the original ack, never applied a second time.
  std::vector<std::string> acked;
  std::string pending_text, pending_id;
  auto send = [&](int i) {
    if (pending_id.empty()) {
      pending_text = "load " + std::to_string(i);
      pending_id = "load-" + std::to_string(i);
    }
    auto answer = pak.command(message_to("KSA", pending_text), pending_id);
    if (answer.has_ack()) {
      acked.push_back(pending_text);
      pending_id.clear();
    }
    return answer;
  };
  int i = 0;
  while (acked.size() < 50) send(i++);
  std::ifstream pid_file(data / "postgres" / "postmaster.pid");
  pid_t postmaster = 0;
  pid_file >> postmaster;
  REQUIRE(postmaster > 0);
  REQUIRE(kill(postmaster, SIGKILL) == 0);
  auto killed = std::chrono::steady_clock::now();

  // Commands go on arriving: refused as unavailable while the cluster is down, never lost once
  // acknowledged. Back means the server restarted the cluster, stored a command again, and
  // answers /readyz with 200. How long that takes depends on the disk (crash recovery syncs the
  // cluster), so the bound is pg_ctl's own start timeout and the time is reported, not judged.
  bool restarted = false, back = false;
  std::size_t acked_at_restart = 0;
  std::int64_t took = 0;
  while (!back && std::chrono::steady_clock::now() - killed < std::chrono::seconds(60)) {
    auto answer = send(i++);
    if (answer.has_rejection()) CHECK(answer.rejection().protocol() == pb::STORAGE_UNAVAILABLE);
    if (!restarted && server.log().find("the embedded cluster is back") != std::string::npos) {
      restarted = true;
      acked_at_restart = acked.size();
    }
    back = restarted && acked.size() > acked_at_restart && http_get(server.port(), "/readyz").status == 200;
    took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed).count();
  }
  INFO(server.log());
  INFO("the cluster's own log:\n" << read_file(data / "postgres" / "server.log"));
  REQUIRE(back);
  MESSAGE("the cluster was back and storing commands " << took << " ms after the kill");
  CHECK(server.log().find("died; starting it again") != std::string::npos);
  auto settling = std::chrono::steady_clock::now();
  while (!pending_id.empty() && std::chrono::steady_clock::now() - settling < std::chrono::seconds(30)) send(i++);
  REQUIRE(pending_id.empty());
  Player late(server.url(), codes.facilitator_token, "WHITE");
  std::vector<std::string> stored;
  for (const auto& m : late.snapshot().messages()) stored.push_back(m.text());
  CHECK(stored == acked);
}

TEST_CASE("a stored event that does not parse is reported, by recovery and by reads, and the other sessions go on") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var");
  auto damaged = server.create_session("collective-security-pact");
  auto healthy = server.create_session("collective-security-pact");
  for (const auto* codes : {&damaged, &healthy}) {
    Player white(server.url(), codes->facilitator_token, "WHITE");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  }
  server.kill9();
  {
    pqxx::connection conn(db.url());
    pqxx::work tx(conn);
    tx.exec_params("UPDATE events SET payload = $1 WHERE session_id = $2 AND seq = 2", pqxx::binarystring(std::string("\xff\xff\xff", 3)),
                   damaged.session_id);
    tx.commit();
  }
  server.start();
  CHECK(server.log().find("session " + damaged.session_id + ": event 2 is corrupt") != std::string::npos);
  CHECK(server.log().find("the session is not recovered") != std::string::npos);
  Player fine(server.url(), healthy.facilitator_token, "WHITE");
  CHECK(fine.snapshot().status() == pb::RUNNING);
  auto read = http_request(server.port(), "GET", "/api/sessions/" + damaged.session_id + "/events", "",
                           "Authorization: Bearer " + server.admin_token() + "\r\n");
  CHECK(read.status == 500);  // the server's own data is damaged: not the client's fault, not a wait
  CHECK(read.body.find("event 2 is corrupt") != std::string::npos);
}

TEST_CASE("only the last two snapshot intervals of events stay in memory; an older resume gets a snapshot") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--snapshot-every", "10", "--rate", "100000"});
  auto codes = server.create_session("collective-security-pact");
  Player white(server.url(), codes.facilitator_token, "WHITE");
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  std::uint64_t ksa_seen = visit_and_leave(server, codes, "KSA");
  Player pak(server.url(), codes.code("PAK"), "PAK");
  for (int i = 0; i < 60; ++i) require_ack(pak.command(message_to("KSA", "m" + std::to_string(i))));
  // 60 events is a short gap (well under the resume limit), but older than the 20 events kept.
  Player back(server.url(), codes.code("KSA"), "KSA", false, ksa_seen);
  require_ack(back.command(message_to("PAK", "I am back")));
  CHECK(back.got_snapshot());
  CHECK(back.snapshot().messages_size() == 61);
  // A resume within the kept window still gets exactly the events it missed.
  auto last = back.last_seq();
  require_ack(pak.command(message_to("KSA", "one more")));
  Player again(server.url(), codes.code("KSA"), "KSA", false, last);
  again.wait_for_seq(last + 1);
  CHECK_FALSE(again.got_snapshot());
}

TEST_CASE("an ended session stays joinable but no longer takes one of --max-sessions") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--max-sessions", "1"});
  auto first = server.create_session("collective-security-pact");
  CHECK_THROWS_WITH(server.create_session("collective-security-pact"), doctest::Contains("maximum of 1 sessions"));
  Player white(server.url(), first.facilitator_token, "WHITE");
  auto ended = white.command(cmd([](pb::Command& c) { c.mutable_end()->set_reason("done for the day"); }));
  require_ack(ended);
  white.wait_for_seq(ended.ack().seq());
  auto second = server.create_session("collective-security-pact");
  CHECK(second.session_id != first.session_id);
  Player late(server.url(), first.facilitator_token, "WHITE");  // the ended one still shows its final state
  CHECK(late.snapshot().status() == pb::ENDED);
}

namespace {
bool hosts(const ServerProcess& server, int sessions) {
  auto m = http_get(server.port(), "/metrics");
  return m.body.find("parley_live_sessions " + std::to_string(sessions) + "\n") != std::string::npos;
}
}  // namespace

TEST_CASE("an ended session nobody holds leaves memory and is hosted again for whoever joins, after a restart too") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--keep-ended", "0.2"});
  auto codes = server.create_session("collective-security-pact");
  auto other = server.create_session("collective-security-pact");  // live: never evicted
  {
    Player white(server.url(), codes.facilitator_token, "WHITE");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    Player pak(server.url(), codes.code("PAK"), "PAK");
    require_ack(pak.command(message_to("KSA", "before the end")));
    auto ended = white.command(cmd([](pb::Command& c) { c.mutable_end()->set_reason("done for the day"); }));
    require_ack(ended);
    white.wait_for_seq(ended.ack().seq());
  }
  REQUIRE_MESSAGE(eventually([&] { return hosts(server, 1); }), "the ended session never left memory");

  auto check_final_state = [&](int hosted_meanwhile) {
    Player ksa(server.url(), codes.code("KSA"), "KSA");
    CHECK(ksa.snapshot().status() == pb::ENDED);
    CHECK(ksa.snapshot().messages_size() == 1);  // its own view: the message PAK sent it
    CHECK(hosts(server, hosted_meanwhile));      // held while the desk is open
  };
  check_final_state(2);
  REQUIRE(eventually([&] { return hosts(server, 1); }));
  // The facilitator's calls that need the session in memory host it again too.
  const std::string as_white = "Authorization: Bearer " + codes.facilitator_token + "\r\n";
  auto status = http_request(server.port(), "GET", "/api/sessions/" + codes.session_id, "", as_white);
  CHECK(status.status == 200);
  CHECK(status.body.find("\"ended\"") != std::string::npos);
  auto code = http_request(server.port(), "POST", "/api/sessions/" + codes.session_id + "/codes", R"({"role": "KSA", "seat": 1})",
                           as_white);
  CHECK(code.status == 201);
  REQUIRE(eventually([&] { return hosts(server, 1); }));
  server.stop();
  server.start();  // ended sessions, and those whose clock is stopped, are not hosted at start; joining hosts them
  CHECK(hosts(server, 0));
  check_final_state(1);
  Player live(server.url(), other.facilitator_token, "WHITE");
  CHECK(live.snapshot().status() == pb::LOBBY);
}

TEST_CASE("an unfinished session nobody is using leaves memory once its clock is stopped, keeps its lease, and comes back as it was") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--keep-idle", "0.2"});
  auto lobby = server.create_session("collective-security-pact");
  auto paused = server.create_session("collective-security-pact");
  auto running = server.create_session("collective-security-pact");
  {
    Player white(server.url(), paused.facilitator_token, "WHITE");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));
    Player pak(server.url(), paused.code("PAK"), "PAK");
    require_ack(pak.command(message_to("KSA", "held over the break")));
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_pause(); })));
    Player chair(server.url(), running.facilitator_token, "WHITE");
    require_ack(chair.command(cmd([](pb::Command& c) { c.mutable_start(); })));
  }
  // The lobby and the paused session go; the running one keeps its clock in memory.
  REQUIRE_MESSAGE(eventually([&] { return hosts(server, 1); }), "idle sessions never left memory");
  // Still this node's: the lease is renewed, not released.
  pqxx::connection conn(db.url());
  CHECK(pqxx::read_transaction(conn).exec_params("SELECT count(*) FROM session_leases WHERE session_id = $1 AND expires_at > now()",
                                                  paused.session_id)[0][0].as<int>() == 1);
  {
    Player ksa(server.url(), paused.code("KSA"), "KSA");
    CHECK(ksa.snapshot().status() == pb::PAUSED);
    CHECK(ksa.snapshot().messages_size() == 1);
    Player white(server.url(), paused.facilitator_token, "WHITE");
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_resume(); })));  // writes again, under its lease
    require_ack(white.command(cmd([](pb::Command& c) { c.mutable_pause(); })));
  }
  auto status = http_request(server.port(), "GET", "/api/sessions/" + lobby.session_id, "", "Authorization: Bearer " + lobby.facilitator_token + "\r\n");
  CHECK(status.status == 200);
  CHECK(status.body.find("\"lobby\"") != std::string::npos);
  REQUIRE(eventually([&] { return hosts(server, 1); }));
}
