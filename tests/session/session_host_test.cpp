// The session host against an event log the test settles by hand: what the
// live tests reach by killing PostgreSQL or the server (a stalled commit, a
// refused one, a fence, a commit whose outcome is unknown, a read-back that
// fails), here in one thread, deterministically, in milliseconds.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "session/metrics.hpp"
#include "session/scripted_event_log.hpp"
#include "session/session_host.hpp"
#include "engine/scenario_index.hpp"
#include "engine/state_access.hpp"
#include "engine/scenario_fixture.hpp"
#include "support/manual_runtime.hpp"

namespace pb = parley::v1;
using parley::ErrorCode;
using parley::app::SessionHost;
using parley::app::Subscriber;

namespace {

pb::Command start_session() {
  pb::Command c;
  c.mutable_start();
  return c;
}
pb::Command pause_session() {
  pb::Command c;
  c.mutable_pause();
  return c;
}
pb::Command resume_session() {
  pb::Command c;
  c.mutable_resume();
  return c;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// One small session, hosted from its first event, with the white cell's answers collected.
struct Table {
  parley::test::ManualRuntime runtime;
  parley::test::ScriptedEventLog log;
  parley::app::Metrics metrics;
  std::vector<std::pair<std::string, std::int64_t>> lost;  // (session, epoch) the host let go
  std::shared_ptr<const parley::engine::ScenarioIndex> index =
      std::make_shared<parley::engine::ScenarioIndex>(parley::test::load_scenario(parley::test::kSmallScenario));
  std::shared_ptr<SessionHost> host;
  std::vector<pb::ServerEnvelope> answers;

  Table() {
    parley::app::SessionHostDeps deps{runtime, log, metrics, 1000, 512,
                                      [this](const std::string& id, std::int64_t epoch) { lost.emplace_back(id, epoch); }};
    host = std::make_shared<SessionHost>(deps, "S1", "a table", index, parley::engine::initial_state(*index),
                                         std::vector<parley::app::CommittedEvent>{}, 0);
    host->set_epoch(3);
    host->start();
    runtime.run();
  }
  // Sends a command as the chair, and runs what it posted.
  void send(const std::string& request_id, pb::Command command) {
    Subscriber chair;
    chair.client_id = 1;
    chair.role = "CHAIR";
    chair.role_index = *index->role_index("CHAIR");
    chair.reply = [this](const pb::ServerEnvelope& env) { answers.push_back(env); };
    host->submit(chair, request_id, std::move(command));
    runtime.run();
  }
  void commit() {
    log.commit();
    runtime.run();
  }
  void refuse(ErrorCode code, const std::string& why) {
    log.refuse(code, why);
    runtime.run();
  }
  void settle(parley::Status outcome, bool kept) {
    log.settle(std::move(outcome), kept);
    runtime.run();
  }
  const pb::ServerEnvelope& last() const { return answers.back(); }
};

// A client's connection that keeps what it was sent.
struct RecordingConnection : parley::net::WsConnection {
  std::vector<std::pair<std::string, parley::net::FrameKind>> frames;
  std::string closed;
  void send(std::shared_ptr<const std::string> payload, parley::net::FrameKind kind) override { frames.emplace_back(*payload, kind); }
  void close(const std::string& reason) override { closed = reason; }
  void run(std::function<void()> fn) override { fn(); }
  std::uint64_t id() const override { return 7; }
  const std::string& remote() const override { return remote_; }
  bool relayed() const override { return false; }
  std::string remote_ = "test";
};

bool unavailable(const pb::ServerEnvelope& env) {
  return env.has_rejection() && env.rejection().protocol() == pb::STORAGE_UNAVAILABLE && env.rejection().retryable();
}

}  // namespace

TEST_CASE("a command is acknowledged only once its events are stored; later ones are pipelined behind it, in order") {
  Table t;
  t.send("r1", start_session());
  REQUIRE(t.log.waiting.size() == 1);
  CHECK(t.answers.empty());  // nothing acknowledged while the commit is in flight
  CHECK_FALSE(t.host->quiet());
  auto first_events = t.log.waiting.front().events.size();
  REQUIRE(first_events > 0);
  CHECK(t.log.waiting.front().epoch == 3);  // every append carries the lease's epoch, for the fence

  t.send("r2", pause_session());  // validated against the accepted start, before it is stored
  REQUIRE(t.log.waiting.size() == 2);
  CHECK(t.log.waiting.back().events.front().seq == first_events + 1);
  CHECK(t.answers.empty());

  t.commit();
  REQUIRE(t.answers.size() == 1);
  CHECK(t.answers[0].ack().request_id() == "r1");
  CHECK(t.answers[0].ack().seq() == first_events);
  t.commit();
  REQUIRE(t.answers.size() == 2);
  CHECK(t.answers[1].ack().seq() == first_events + 1);
  CHECK(t.host->quiet());  // paused, nothing in flight
}

TEST_CASE("a retry of a command in flight waits for the one commit; a retry after it gets the same answer") {
  Table t;
  t.send("r1", start_session());
  t.send("r1", start_session());
  CHECK(t.log.waiting.size() == 1);  // never applied twice
  t.commit();
  REQUIRE(t.answers.size() == 2);
  CHECK(t.answers[0].ack().seq() == t.answers[1].ack().seq());
  t.send("r1", start_session());
  CHECK(t.log.waiting.empty());
  CHECK(t.last().ack().seq() == t.answers[0].ack().seq());
}

TEST_CASE("a failed commit refuses its command as retryable, rolls back, and the session goes on from what is stored") {
  Table t;
  t.send("r1", start_session());
  t.send("r2", pause_session());
  t.refuse(ErrorCode::unavailable, "the database went away");
  REQUIRE(t.answers.size() == 1);
  CHECK(unavailable(t.last()));
  CHECK(t.last().rejection().request_id() == "r1");
  // The store refuses what was queued behind a failed write (no gap in the log).
  t.refuse(ErrorCode::failed, "an earlier write for this session failed");
  REQUIRE(t.answers.size() == 2);
  CHECK(unavailable(t.last()));
  CHECK(t.log.resets == 1);
  CHECK(t.log.read_backs.empty());  // nothing was in doubt

  t.send("r3", start_session());  // the state is back to the lobby: start is valid again, from seq 1
  REQUIRE(t.log.waiting.size() == 1);
  CHECK(t.log.waiting.front().events.front().seq == 1);
  t.commit();
  CHECK(t.last().has_ack());
}

TEST_CASE("a full log refuses the command at once, without losing the session's order") {
  Table t;
  t.log.full = true;
  t.send("r1", start_session());
  CHECK(unavailable(t.last()));
  t.log.full = false;
  t.send("r2", start_session());
  REQUIRE(t.log.waiting.size() == 1);
  CHECK(t.log.waiting.front().events.front().seq == 1);
}

TEST_CASE("a fenced commit lets the session go: its command and every later one are told to reconnect, nothing is written") {
  Table t;
  t.send("r1", start_session());
  t.refuse(ErrorCode::fenced, "another node took the session");
  REQUIRE(t.answers.size() == 1);
  CHECK(unavailable(t.last()));
  CHECK(t.last().rejection().message().find("moved to another server") != std::string::npos);
  REQUIRE(t.lost.size() == 1);
  CHECK(t.lost[0] == std::make_pair(std::string("S1"), std::int64_t{3}));

  t.send("r2", start_session());
  CHECK(t.log.waiting.empty());
  CHECK(t.last().rejection().message().find("moved to another server") != std::string::npos);
  CHECK(t.lost.size() == 1);
}

TEST_CASE("a commit of unknown outcome that was stored is read back: the retry gets the stored answer, no seq is used twice") {
  Table t;
  t.send("r1", start_session());
  auto events = t.log.waiting.front().events.size();
  t.settle(parley::fail(ErrorCode::unknown_outcome, "the connection dropped during COMMIT"), true);
  REQUIRE(t.answers.size() == 1);
  CHECK(unavailable(t.last()));
  REQUIRE(t.log.read_backs == std::vector<std::uint64_t>{0});

  t.send("r1", start_session());  // the client's retry
  CHECK(t.log.waiting.empty());
  REQUIRE(t.last().has_ack());
  CHECK(t.last().ack().seq() == events);

  t.send("r2", pause_session());
  REQUIRE(t.log.waiting.size() == 1);
  CHECK(t.log.waiting.front().events.front().seq == events + 1);
}

TEST_CASE("a commit of unknown outcome that was not stored is read back as nothing: the retry applies it, once") {
  Table t;
  t.send("r1", start_session());
  t.settle(parley::fail(ErrorCode::unknown_outcome, "the connection dropped during COMMIT"), false);
  CHECK(unavailable(t.last()));
  t.send("r1", start_session());
  REQUIRE(t.log.waiting.size() == 1);
  CHECK(t.log.waiting.front().events.front().seq == 1);
  t.commit();
  CHECK(t.last().has_ack());
}

TEST_CASE("while a commit's outcome cannot be read back the session refuses commands, and reads again a second later") {
  Table t;
  t.send("r1", start_session());
  t.log.read_error = parley::fail(ErrorCode::unavailable, "the database is still away");
  t.settle(parley::fail(ErrorCode::unknown_outcome, "the connection dropped during COMMIT"), true);
  CHECK(t.log.read_backs.size() == 1);
  CHECK_FALSE(t.host->quiet());

  t.send("r2", resume_session());
  CHECK(unavailable(t.last()));  // refused, not guessed at
  CHECK(t.log.waiting.empty());
  CHECK(t.runtime.fire_until(now_ms() - 1000) == 0);  // not before its second

  t.log.read_error.reset();
  CHECK(t.runtime.fire_until(now_ms() + 2000) >= 1);
  CHECK(t.log.read_backs.size() == 2);
  t.send("r1", start_session());
  CHECK(t.last().has_ack());
  t.send("r3", pause_session());
  CHECK(t.log.waiting.size() == 1);
}

TEST_CASE("a read-back of a damaged event is not taken: the session keeps refusing until it reads") {
  Table t;
  t.send("r1", start_session());
  t.log.damaged = true;
  t.settle(parley::fail(ErrorCode::unknown_outcome, "the connection dropped during COMMIT"), true);
  t.send("r2", resume_session());
  CHECK(unavailable(t.last()));
  t.log.damaged = false;
  t.runtime.fire_until(now_ms() + 2000);
  t.send("r1", start_session());
  CHECK(t.last().has_ack());
}

TEST_CASE("a joined seat gets its view, then each committed batch once, never what is still in flight; a lost session closes it") {
  Table t;
  auto conn = std::make_shared<RecordingConnection>();
  Subscriber seat;
  seat.client_id = 7;
  seat.role = "UPR";
  seat.role_index = *t.index->role_index("UPR");
  seat.conn = conn;
  t.host->attach();
  t.host->join(seat, "hello-1", 0);
  t.runtime.run();
  REQUIRE(conn->frames.size() >= 2);  // the welcome, then the seat's view as of now
  pb::ServerEnvelope welcome, snapshot;
  REQUIRE(welcome.ParseFromString(conn->frames[0].first));
  CHECK(welcome.welcome().role() == "UPR");
  REQUIRE(snapshot.ParseFromString(conn->frames[1].first));
  CHECK(snapshot.has_snapshot());
  REQUIRE(t.log.waiting.size() == 1);  // its first connection claims the seat
  t.commit();

  auto before = conn->frames.size();
  t.send("r1", start_session());
  CHECK(conn->frames.size() == before);  // nothing of an uncommitted command reaches anyone
  t.commit();
  REQUIRE(conn->frames.size() == before + 1);
  CHECK(conn->frames.back().second == parley::net::FrameKind::batch);

  t.send("r2", pause_session());
  t.refuse(ErrorCode::fenced, "another node took the session");
  CHECK(conn->closed.find("moved to another server") != std::string::npos);  // its client reconnects to the owner
}
