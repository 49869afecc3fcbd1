// The fault campaign: players send every kind of command while the server is
// killed with SIGKILL at random moments (and restarted, as a supervisor
// would) and its embedded PostgreSQL is killed too (the server restarts it).
// Clients reconnect, resume from their last seq and retry unanswered commands
// with the same request id. At the end: every acknowledged command is stored
// exactly once at the seq its ack named, every client's stream across its
// resumes has no gap and no duplicate, and no retried command was applied
// twice. PARLEY_CHAOS_KILLS and PARLEY_CHAOS_DB_KILLS set the campaign's size
// (scripts/chaos); the suite's own run is short.

#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "engine/session.hpp"
#include "engine/visibility.hpp"
#include "live/live_helpers.hpp"
#include "live/scenario_file.hpp"
#include "support/http_client.hpp"
#include "support/resilient_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "ws_client.hpp"

using namespace parley::test;
using Clock = std::chrono::steady_clock;

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

struct Acked {
  std::string role, request_id, marker;  // marker: text unique to this command, when it has text
  std::uint64_t seq;
};

// A delegation's command of any kind, most carrying a unique marker so a double application would show.
pb::Command any_command(std::mt19937_64& rng, const std::vector<std::string>& roles, const std::string& marker) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  std::string someone = roles[pick(roles.size())];
  std::string draft = "DR" + std::to_string(1 + pick(6));
  switch (pick(15)) {
    case 0: case 1: case 2: return message_to(someone, marker);
    case 3: return cmd([&](pb::Command& c) { c.mutable_statement()->set_text(marker); });
    case 4: return cmd([&](pb::Command& c) {
      c.mutable_create_room()->set_name(marker);
      c.mutable_create_room()->add_members(someone);
    });
    case 5: return cmd([&](pb::Command& c) {
      auto* t = c.mutable_table_text();
      t->set_title(marker);
      for (const auto& [issue, option] : std::map<std::string, std::string>{
               {"M", "M3"}, {"C", "C2"}, {"F", "F4"}, {"T", "T2"}, {"S", "S3"}, {"P", "P2"}, {"N", "N2"}}) {
        (*t->mutable_options())[issue] = option;
      }
    });
    case 6: return cmd([&](pb::Command& c) {
      c.mutable_amend_text()->set_text_id(draft);
      c.mutable_amend_text()->set_title(marker);
      (*c.mutable_amend_text()->mutable_options())["C"] = "C" + std::to_string(1 + pick(4));
    });
    case 7: return cmd([&](pb::Command& c) {
      c.mutable_vote()->set_text_id(draft);
      c.mutable_vote()->set_choice(static_cast<pb::VoteChoice>(1 + pick(3)));
    });
    case 8: return cmd([&](pb::Command& c) {
      c.mutable_pledge()->set_to(someone);
      c.mutable_pledge()->set_points(1);
      c.mutable_pledge()->set_condition(pb::IF_SIGNS);
    });
    case 9: return cmd([&](pb::Command& c) { c.mutable_post_to_room()->set_room_id("R1"); c.mutable_post_to_room()->set_text(marker); });
    case 10: return pick(2) ? cmd([&](pb::Command& c) { c.mutable_cosponsor_text()->set_text_id(draft); })
                            : cmd([&](pb::Command& c) { c.mutable_withdraw_text()->set_text_id(draft); });
    case 11: return pick(4) ? cmd([](pb::Command& c) { c.mutable_sign(); }) : cmd([](pb::Command& c) { c.mutable_decline(); });
    case 12: return cmd([&](pb::Command& c) {
      c.mutable_respond_to_crisis()->set_commit(pick(2) == 0);
      c.mutable_respond_to_crisis()->set_contribution(pick(10));
    });
    case 13: return cmd([&](pb::Command& c) { c.mutable_crisis_vote()->set_yes(pick(2) == 0); });
    default: return cmd([](pb::Command& c) { c.mutable_claim_seat(); });
  }
}

// The white cell's: notes and rulings (marked), injects, and now and then the next phase, so the
// session moves through its rounds of talks and votes (a few phase changes at most: a session
// that has ended refuses everything, and a campaign against it would test little).
pb::Command white_command(std::mt19937_64& rng, const parley::engine::ScenarioIndex& index, const std::string& marker, int& advances) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  switch (pick(8)) {
    case 0:
      if (advances < 8) {
        ++advances;
        return cmd([](pb::Command& c) { c.mutable_advance(); });
      }
      [[fallthrough]];
    case 1: case 2: return cmd([&](pb::Command& c) { c.mutable_note()->set_text(marker); });
    case 3: case 4: return cmd([&](pb::Command& c) { c.mutable_adjudicate()->set_text(marker); });
    default: {
      const auto& injects = index.scenario().injects();
      std::string id = injects[pick(injects.size())].id();
      return cmd([&](pb::Command& c) { c.mutable_release_inject()->set_inject_id(id); });
    }
  }
}

pid_t postmaster_pid(const std::filesystem::path& data) {
  std::ifstream in(data / "postgres" / "postmaster.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

}  // namespace

TEST_CASE("fault campaign: server and database killed under load; nothing acknowledged lost or doubled, no stream gap") {
  const int kills = env_int("PARLEY_CHAOS_KILLS", 10);
  const int db_kills = env_int("PARLEY_CHAOS_DB_KILLS", 3);
  const int between = env_int("PARLEY_CHAOS_COMMANDS_BETWEEN", 40);  // commands between faults, on average
  TempDir tmp;
  auto data = tmp / "var";
  ServerProcess server("", data, {"--rate", "100000", "--snapshot-every", "100"});  // its own embedded cluster
  auto codes = server.create_session("collective-security-pact");

  std::vector<std::string> roles{"PAK", "KSA", "TUR", "IRN", "AZE", "QAT", "IND", "USA", "CHN"};
  std::vector<std::unique_ptr<ResilientClient>> clients;
  for (const auto& r : roles) clients.push_back(std::make_unique<ResilientClient>([&server] { return server.url(); }, codes.code(r), r));
  ResilientClient white([&server] { return server.url(); }, codes.facilitator_token, "WHITE");
  std::vector<ResilientClient*> all{&white};
  for (auto& c : clients) all.push_back(c.get());
  REQUIRE(white.command("start", cmd([](pb::Command& c) { c.mutable_start(); })));
  for (int i = 0; i < 2; ++i) white.command("advance-" + std::to_string(i), cmd([](pb::Command& c) { c.mutable_advance(); }));

  auto index = load_scenario("collective-security-pact");
  std::mt19937_64 rng(20261130);
  std::vector<Acked> acked;
  std::map<std::string, int> faults{{"server", 0}, {"database", 0}};
  std::vector<double> recovery_ms;
  Clock::time_point fault_at{};
  bool recovering = false;  // a fault happened and no command has been acknowledged since
  int n = 0, refused = 0, advances = 0;
  auto fault_due = [&] { return static_cast<int>(rng() % (2 * between)) == 0; };
  // Until every fault happened and the last was recovered from (a command acknowledged after it).
  while (faults["server"] < kills || faults["database"] < db_kills || recovering) {
    bool by_white = rng() % 10 == 0;
    auto& c = by_white ? white : *clients[rng() % clients.size()];
    std::string marker = "chaos-" + std::to_string(++n);
    auto command = by_white ? white_command(rng, *index, marker, advances) : any_command(rng, roles, marker);
    auto seq = c.command(marker, command);
    if (!seq) {
      ++refused;
    } else {
      bool text = command.has_send_message() || command.has_statement() || command.has_create_room() || command.has_table_text() ||
                  command.has_amend_text() || command.has_post_to_room() || command.has_note() || command.has_adjudicate();
      acked.push_back({c.role(), marker, text ? marker : "", *seq});
      if (recovering) {
        recovery_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - fault_at).count());
        recovering = false;
      }
    }
    if (n % 25 == 0) {  // everyone reads along, so most of each stream arrives as events
      white.sync();
      for (auto& other : clients) other->sync();
    }
    if (recovering || !fault_due()) continue;
    bool database = faults["database"] < db_kills && (faults["server"] >= kills || rng() % 4 == 0);
    if (database) {
      pid_t pid = postmaster_pid(data);
      REQUIRE(pid > 0);
      REQUIRE(kill(pid, SIGKILL) == 0);
      ++faults["database"];
    } else {
      server.kill9();
      server.start();  // as a supervisor (systemd, a container runtime) would
      ++faults["server"];
    }
    fault_at = Clock::now();
    recovering = true;
  }
  for (auto& c : clients) c->sync();
  white.sync();

  // A retry can be answered from the server's memory while its database is still coming back.
  REQUIRE(eventually([&] { return http_get(server.port(), "/readyz").status == 200; }, 600));
  // What is stored: each acked command exactly once, at the seq its ack named.
  pqxx::connection db("host=" + (data / "postgres").string() + " port=5432 user=parley dbname=parley");
  pqxx::read_transaction tx(db);
  std::map<std::uint64_t, std::string> actor_at;
  std::map<std::string, int> marker_count;
  std::map<std::string, std::string> marker_actor;  // who the stored event says did it
  parley::engine::Session replay(index);
  int gaps = 0, snapshots = 0, wrong_snapshots = 0;
  // A snapshot must be exactly the role's view of the state at its seq.
  auto check_snapshots = [&](std::uint64_t seq) {
    for (auto* c : all) {
      for (const auto& [at, state] : c->snapshots()) {
        if (at != seq) continue;
        ++snapshots;
        auto view = parley::engine::view_state(*index, replay.state(), replay.messages(), *index->role_index(c->role()));
        if (parley::engine::serialize_deterministic(view) != state) ++wrong_snapshots;
      }
    }
  };
  check_snapshots(0);
  for (const auto& row : tx.exec_params("SELECT seq, payload FROM events WHERE session_id = $1 ORDER BY seq", codes.session_id)) {
    pb::Event e;
    REQUIRE(e.ParseFromString(pqxx::binarystring(row[1]).str()));
    auto seq = row[0].as<std::uint64_t>();
    actor_at[seq] = e.actor();
    replay.apply(e);
    check_snapshots(seq);
    // No gap: every event a client's role may see reached it, or a snapshot stood for it.
    for (auto* c : all) {
      if (parley::engine::visible_to(*index, replay.state(), e, *index->role_index(c->role())) && !c->holds(seq)) ++gaps;
    }
    for (const std::string& text : {e.message_sent().text(), e.statement().text(), e.room_created().name(), e.text_tabled().title(),
                                    e.room_message().text(), e.note_recorded().text(), e.ruling().text()}) {
      if (text.rfind("chaos-", 0) == 0) {
        ++marker_count[text];
        marker_actor[text] = e.actor();
      }
    }
  }
  auto stored_answers = tx.exec_params1("SELECT count(*) FROM command_results WHERE session_id = $1 AND request_id LIKE 'chaos-%'",
                                        codes.session_id)[0].as<std::size_t>();
  int lost = 0, misplaced = 0, doubled = 0;
  std::set<std::uint64_t> seqs;
  for (const auto& a : acked) {
    if (!actor_at.count(a.seq)) ++lost;  // the seq its ack named was never stored
    if (!a.marker.empty() && marker_count[a.marker] == 1 && marker_actor[a.marker] != a.role) ++misplaced;
    if (!seqs.insert(a.seq).second) ++doubled;  // two acked commands naming one seq
    if (!a.marker.empty() && marker_count[a.marker] != 1) ++(marker_count[a.marker] == 0 ? lost : doubled);
  }
  for (const auto& [marker, count] : marker_count) doubled += count > 1 ? 1 : 0;
  int duplicates = 0, resumes = 0, retries = 0, unavailable = 0;
  std::size_t as_events = 0, held = 0;
  for (auto* c : all) {
    as_events += c->events_received();
    for (const auto& [seq, actor] : actor_at) held += c->holds(seq) ? 1 : 0;
    unavailable += c->refusals();
    gaps += c->gaps();
    duplicates += c->duplicates();
    resumes += c->resumes();
    retries += c->retries();
  }
  std::sort(recovery_ms.begin(), recovery_ms.end());
  double worst = recovery_ms.empty() ? 0 : recovery_ms.back();
  double median = recovery_ms.empty() ? 0 : recovery_ms[recovery_ms.size() / 2];
  MESSAGE("chaos: " << faults["server"] << " server kills, " << faults["database"] << " database kills; " << n << " commands sent, "
                    << acked.size() << " acknowledged, " << refused << " refused; " << stored_answers << " answers stored; "
                    << retries << " retries after a broken connection, " << unavailable << " after 'storage unavailable', " << resumes << " resumes; lost " << lost
                    << ", misplaced " << misplaced << ", applied twice " << doubled << "; stream gaps " << gaps
                    << ", duplicates " << duplicates << "; " << snapshots << " snapshots checked against the replay, "
                    << wrong_snapshots << " wrong; " << as_events << " of " << held << " stream positions arrived as events; first ack after a fault: median " << median << " ms, worst "
                    << worst << " ms");
  CHECK(faults["server"] == kills);
  CHECK(faults["database"] == db_kills);
  CHECK(acked.size() > static_cast<std::size_t>(n / 4));  // random commands: many are (rightly) refused
  CHECK(lost == 0);
  CHECK(misplaced == 0);
  CHECK(doubled == 0);
  CHECK(gaps == 0);
  CHECK(duplicates == 0);
  CHECK(snapshots > 0);
  CHECK(wrong_snapshots == 0);
}
