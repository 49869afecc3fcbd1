#include "storage/event_store.hpp"

#include <doctest/doctest.h>

#include <future>
#include <pqxx/pqxx>

#include "storage/migrator.hpp"
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
