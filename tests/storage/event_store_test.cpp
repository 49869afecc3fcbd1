#include "storage/event_store.hpp"

#include <doctest/doctest.h>

#include <future>
#include <set>
#include <pqxx/pqxx>

#include "storage/db_worker.hpp"
#include "storage/lease_store.hpp"
#include "storage/migrator.hpp"
#include "storage/session_list.hpp"
#include "support/test_database.hpp"

using parley::Status;
using parley::storage::Append;
using parley::storage::EventStore;
using parley::test::TestDatabase;
using namespace std::chrono_literals;

namespace {

void create_sessions(const std::string& url, const std::vector<std::string>& ids) {
  pqxx::connection conn(url);
  REQUIRE(parley::storage::Migrator(PARLEY_SOURCE_DIR "/migrations").apply(conn).ok());
  pqxx::work tx(conn);
  for (const auto& id : ids) {
    tx.exec_params("INSERT INTO sessions (id, scenario_id, scenario, title, status) VALUES ($1, 'test', ''::bytea, 't', 'running')", id);
  }
  tx.commit();
}

// An append of one event whose outcome arrives through the future.
Append event(const std::string& session, std::uint64_t seq, std::promise<Status>& outcome) {
  Append a;
  a.session_id = session;
  a.events.push_back({seq, "message_sent", "payload-" + std::to_string(seq), 1, "talks", 1700000000000});
  a.done = [&outcome](const Status& s) { outcome.set_value(s); };
  return a;
}

Status outcome_of(std::promise<Status>& p) {
  auto f = p.get_future();
  REQUIRE(f.wait_for(30s) == std::future_status::ready);
  return f.get();
}

std::vector<std::uint64_t> stored_seqs(const std::string& url, const std::string& session) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::vector<std::uint64_t> out;
  for (const auto& r : tx.exec_params("SELECT seq FROM events WHERE session_id = $1 ORDER BY seq", session)) out.push_back(r[0].as<std::uint64_t>());
  return out;
}

}  // namespace

TEST_CASE("one bad append in a group commit fails only its own session; the others are stored and acknowledged") {
  TestDatabase db;
  create_sessions(db.url(), {"good", "bad"});
  {  // "bad" already holds seq 1, so appending seq 1 again violates the log's key.
    pqxx::connection conn(db.url());
    pqxx::work tx(conn);
    tx.exec("INSERT INTO events (session_id, seq, type, payload, round, phase) VALUES ('bad', 1, 'x', ''::bytea, 1, 'talks')");
    tx.commit();
  }
  // Declared before the store: its destructor may still answer them.
  std::promise<Status> good1, bad1, good2, bad_next, bad2, bad3;
  EventStore store(db.url(), 100, 100, /*start=*/false);  // held, so the appends share one batch
  REQUIRE(store.append(event("good", 1, good1)));
  REQUIRE(store.append(event("bad", 1, bad1)));
  REQUIRE(store.append(event("good", 2, good2)));
  REQUIRE(store.append(event("bad", 2, bad_next)));  // after the failed one, in the same batch
  store.start();

  CHECK(outcome_of(good1).ok());
  Status failed = outcome_of(bad1);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message.find("duplicate key") != std::string::npos);
  CHECK(failed.error().code == parley::ErrorCode::conflict);  // the data's fault, not the database's: no retry helps
  CHECK(outcome_of(good2).ok());
  CHECK_FALSE(outcome_of(bad_next).ok());  // never stored past the gap its predecessor left
  CHECK(stored_seqs(db.url(), "good") == std::vector<std::uint64_t>{1, 2});

  // The failed session takes no more appends until it is reset: its log never gets a gap.
  REQUIRE(store.append(event("bad", 2, bad2)));
  CHECK_FALSE(outcome_of(bad2).ok());
  CHECK(stored_seqs(db.url(), "bad") == std::vector<std::uint64_t>{1});
  store.reset_session("bad");
  REQUIRE(store.append(event("bad", 2, bad3)));
  CHECK(outcome_of(bad3).ok());
  CHECK(stored_seqs(db.url(), "bad") == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("leases: an expired lease is claimed at the next epoch, and the old holder's appends are fenced out, the others' stored") {
  using namespace parley::storage;
  TestDatabase db;
  create_sessions(db.url(), {"taken", "kept"});
  pqxx::connection conn(db.url());
  {
    pqxx::work tx(conn);
    insert_lease(tx, "taken", "node-a", 60000);
    insert_lease(tx, "kept", "node-a", 60000);
    tx.commit();
  }
  // A live lease is nobody else's to claim.
  auto early = claim(conn, "node-b", 60000, false, 10);
  REQUIRE(early.ok());
  CHECK(early.value().empty());
  // node-a stops renewing "taken" (here: its lease runs out at once).
  pqxx::nontransaction(conn).exec("UPDATE session_leases SET expires_at = now() - interval '1 second' WHERE session_id = 'taken'");
  auto claimed = claim(conn, "node-b", 60000, false, 10);
  REQUIRE(claimed.ok());
  REQUIRE(claimed.value().size() == 1);
  CHECK(claimed.value()[0].session_id == "taken");
  CHECK(claimed.value()[0].epoch == 2);

  // node-a renews what it believes it holds: only "kept" is still its own.
  auto renewed = renew(conn, "node-a", 60000, {{"taken", 1, ""}, {"kept", 1, ""}});
  REQUIRE(renewed.ok());
  CHECK(renewed.value() == std::set<std::string>{"kept"});

  // node-a's writer, still at epoch 1, in one batch for both sessions.
  std::promise<Status> stale, fresh, after, by_b;
  EventStore old_owner(db.url(), 100, 100, /*start=*/false, "node-a");
  auto a1 = event("taken", 1, stale);
  a1.epoch = 1;
  auto a2 = event("kept", 1, fresh);
  a2.epoch = 1;
  REQUIRE(old_owner.append(std::move(a1)));
  REQUIRE(old_owner.append(std::move(a2)));
  old_owner.start();
  Status fenced = outcome_of(stale);
  REQUIRE_FALSE(fenced.ok());
  CHECK(fenced.error().code == parley::ErrorCode::fenced);
  CHECK(outcome_of(fresh).ok());
  CHECK(stored_seqs(db.url(), "taken").empty());
  CHECK(stored_seqs(db.url(), "kept") == std::vector<std::uint64_t>{1});
  auto a3 = event("taken", 1, after);  // and it stays fenced
  a3.epoch = 1;
  REQUIRE(old_owner.append(std::move(a3)));
  CHECK_FALSE(outcome_of(after).ok());

  // The new owner writes at its epoch.
  EventStore new_owner(db.url(), 100, 100, /*start=*/true, "node-b");
  auto b1 = event("taken", 1, by_b);
  b1.epoch = 2;
  REQUIRE(new_owner.append(std::move(b1)));
  CHECK(outcome_of(by_b).ok());
  CHECK(stored_seqs(db.url(), "taken") == std::vector<std::uint64_t>{1});

  // A clean stop lets the leases go: another node claims them without waiting.
  REQUIRE(release(conn, "node-a").ok());
  auto after_release = claim(conn, "node-b", 60000, false, 10);
  REQUIRE(after_release.ok());
  REQUIRE(after_release.value().size() == 1);
  CHECK(after_release.value()[0].session_id == "kept");
}

TEST_CASE("leases on ids with commas, quotes and backslashes renew like any other") {
  using namespace parley::storage;
  TestDatabase db;
  const std::vector<std::string> ids{"a,b", "q\"x", "back\\slash", "{braced}"};
  create_sessions(db.url(), ids);
  pqxx::connection conn(db.url());
  std::vector<Lease> held;
  {
    pqxx::work tx(conn);
    for (const auto& id : ids) {
      insert_lease(tx, id, "node-a", 60000);
      held.push_back({id, 1, ""});
    }
    tx.commit();
  }
  auto renewed = renew(conn, "node-a", 60000, held);
  REQUIRE_MESSAGE(renewed.ok(), (renewed ? "" : renewed.error().message));
  CHECK(renewed.value() == std::set<std::string>(ids.begin(), ids.end()));
}

// A batch goes to PostgreSQL as one SQL text with its values inlined, and a
// request id is whatever a client sent: each value must come back verbatim.
TEST_CASE("values that look like SQL, and every byte value, are stored verbatim") {
  TestDatabase db;
  create_sessions(db.url(), {"s'1"});
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  const std::string request = "r'); DELETE FROM events; -- \\ \"ü\" $$";
  std::promise<Status> stored;
  EventStore store(db.url(), 100, 100, /*start=*/true, "node-a");
  {
    pqxx::connection conn(db.url());
    pqxx::work tx(conn);
    parley::storage::insert_lease(tx, "s'1", "node-a", 60000);
    tx.commit();
  }
  Append a;
  a.session_id = "s'1";
  a.epoch = 1;
  a.events.push_back({1, "it's", every_byte, 3, "back\\slash", 1700000000123});
  a.command = parley::storage::CommandRecord{"ROLE'X", 2, request, every_byte};
  a.snapshot = std::make_pair(std::uint64_t{1}, every_byte);
  a.status = parley::v1::ENDED;
  a.done = [&stored](const Status& s) { stored.set_value(s); };
  REQUIRE(store.append(std::move(a)));
  REQUIRE(outcome_of(stored).ok());

  pqxx::connection conn(db.url());
  pqxx::read_transaction tx(conn);
  auto event = tx.exec1("SELECT type, payload, round, phase, (extract(epoch from created_at) * 1000)::bigint FROM events WHERE session_id = 's''1'");
  CHECK(event[0].as<std::string>() == "it's");
  CHECK(pqxx::binarystring(event[1]).str() == every_byte);
  CHECK(event[2].as<int>() == 3);
  CHECK(event[3].as<std::string>() == "back\\slash");
  CHECK(event[4].as<std::int64_t>() == 1700000000123);
  auto answer = tx.exec_params1("SELECT role_id, seat, result FROM command_results WHERE request_id = $1", request);
  CHECK(answer[0].as<std::string>() == "ROLE'X");
  CHECK(answer[1].as<int>() == 2);
  CHECK(pqxx::binarystring(answer[2]).str() == every_byte);
  CHECK(pqxx::binarystring(tx.exec1("SELECT state FROM snapshots WHERE session_id = 's''1'")[0]).str() == every_byte);
  auto session = tx.exec1("SELECT status, ended_at IS NOT NULL FROM sessions WHERE id = 's''1'");
  CHECK(session[0].as<std::string>() == "ended");
  CHECK(session[1].as<bool>());
}

TEST_CASE("a batch whose SQL text would be too long is stored in parts, in order, every append answered") {
  TestDatabase db;
  create_sessions(db.url(), {"big"});
  std::promise<Status> first, second, third;
  EventStore store(db.url(), 100, 100, /*start=*/false);  // held, so the appends share one batch
  store.set_max_commit_bytes(1);  // every append is a part of its own
  std::size_t commits = 0;
  store.set_commit_observer([&commits](double, std::size_t appends) {
    CHECK(appends == 1);
    ++commits;
  });
  REQUIRE(store.append(event("big", 1, first)));
  REQUIRE(store.append(event("big", 2, second)));
  REQUIRE(store.append(event("big", 3, third)));
  store.start();
  CHECK(outcome_of(first).ok());
  CHECK(outcome_of(second).ok());
  CHECK(outcome_of(third).ok());
  CHECK(commits == 3);
  CHECK(stored_seqs(db.url(), "big") == std::vector<std::uint64_t>{1, 2, 3});
}

TEST_CASE("a commit of unknown outcome reads back: the events after a seq, and the answers stored for the asked requests") {
  TestDatabase db;
  create_sessions(db.url(), {"s"});
  EventStore store(db.url());
  std::promise<Status> first, second;
  auto a = event("s", 1, first);
  a.command = parley::storage::CommandRecord{"PAK", 0, "r1", "the answer"};
  REQUIRE(store.append(std::move(a)));
  REQUIRE(outcome_of(first).ok());
  REQUIRE(store.append(event("s", 2, second)));
  REQUIRE(outcome_of(second).ok());

  std::promise<parley::Result<parley::storage::StoredTail>> read;
  store.read_back("s", 1, {{"PAK", 0, "r1"}, {"PAK", 0, "never-sent"}, {"PAK", 1, "r1"}},
                  [&read](parley::Result<parley::storage::StoredTail> tail) { read.set_value(std::move(tail)); });
  auto f = read.get_future();
  REQUIRE(f.wait_for(30s) == std::future_status::ready);
  auto tail = f.get();
  REQUIRE(tail.ok());
  REQUIRE(tail.value().events.size() == 1);
  CHECK(tail.value().events[0].seq == 2);
  CHECK(tail.value().events[0].payload == "payload-2");
  REQUIRE(tail.value().answers.size() == 1);  // only the request that was stored, for its own seat
  CHECK(tail.value().answers[0].first == parley::RequestKey{"PAK", 0, "r1"});
  CHECK(tail.value().answers[0].second == "the answer");
}

TEST_CASE("a database job that throws is answered once with its error, coded; the worker goes on") {
  TestDatabase db;
  parley::storage::DbWorker worker(db.url(), "test");
  auto ask = [&worker](auto work) {
    auto done = std::make_shared<std::promise<parley::Result<int>>>();
    worker.call("the test's job", work, [done](parley::Result<int> r) { done->set_value(std::move(r)); });
    auto f = done->get_future();
    REQUIRE(f.wait_for(30s) == std::future_status::ready);
    return f.get();
  };
  auto divided = ask([](pqxx::connection& c) -> parley::Result<int> {
    pqxx::work tx(c);
    return tx.exec("SELECT 1/0")[0][0].as<int>();
  });
  REQUIRE_FALSE(divided.ok());
  CHECK(divided.error().code == parley::ErrorCode::invalid);
  CHECK(divided.error().message.find("the test's job failed: ERROR:  division by zero") == 0);

  auto thrown = ask([](pqxx::connection&) -> parley::Result<int> { throw std::runtime_error("not a database error"); });
  REQUIRE_FALSE(thrown.ok());
  CHECK(thrown.error().code == parley::ErrorCode::failed);
  CHECK(thrown.error().message == "the test's job failed: not a database error");

  auto fine = ask([](pqxx::connection& c) -> parley::Result<int> {
    pqxx::work tx(c);
    return tx.exec("SELECT 41 + 1")[0][0].as<int>();
  });
  REQUIRE(fine.ok());
  CHECK(fine.value() == 42);

  parley::storage::DbWorker away("host=/nonexistent-parley-test dbname=none connect_timeout=1", "away");
  std::promise<parley::Status> unreachable;
  away.call("reading", [](pqxx::connection&) { return parley::Status{}; }, [&](parley::Status s) { unreachable.set_value(s); });
  auto status = unreachable.get_future().get();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == parley::ErrorCode::unavailable);
}

TEST_CASE("a session's status is typed from its stored word: the list filters by it, and a word no status has reads as damage") {
  TestDatabase db;
  create_sessions(db.url(), {"live", "odd"});
  pqxx::connection conn(db.url());
  parley::storage::SessionFilter running;
  running.status = parley::v1::RUNNING;
  auto page = parley::storage::list_sessions(conn, running);
  REQUIRE(page);
  CHECK(page.value().total == 2);
  CHECK(page.value().sessions.front().status == parley::v1::RUNNING);
  running.status = parley::v1::ENDED;
  CHECK(parley::storage::list_sessions(conn, running).value().total == 0);
  {
    pqxx::work tx(conn);
    tx.exec("UPDATE sessions SET status = 'resting' WHERE id = 'odd'");
    tx.commit();
  }
  auto odd = parley::storage::session_status(conn, "odd");
  REQUIRE_FALSE(odd);
  CHECK(odd.error().code == parley::ErrorCode::corrupt);
  CHECK(odd.error().message.find("'resting'") != std::string::npos);
  auto listed = parley::storage::list_sessions(conn, {});
  REQUIRE_FALSE(listed);
  CHECK(listed.error().code == parley::ErrorCode::corrupt);
  CHECK(parley::storage::session_status(conn, "live").value() == parley::v1::RUNNING);
}
