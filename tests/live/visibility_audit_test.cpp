// The visibility audit: a long randomized session on the real server with
// every role connected. Afterwards every event each client was sent is
// checked against the engine's visibility rules, replayed from the white
// cell's complete record: a role receives exactly the events it may see, each
// in exactly the form its role is shown, with no gap and no duplicate.

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>

#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "live/live_helpers.hpp"
#include "live/scenario_file.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;

namespace {

constexpr int kSteps = 4000;
constexpr int kSyncEvery = 150;  // everyone reads before its outbound queue could fill
constexpr int kPhaseEvery = 200;  // the white cell advances the phase this often: the session runs its course

class Commands {
 public:
  Commands(const parley::engine::ScenarioIndex& index, std::uint64_t seed) : index_(index), rng_(seed) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  // The white cell's business besides the clock (the test advances phases on
  // a schedule): a short pause now and then, injects, rulings and notes.
  pb::Command white(bool paused) {
    if (paused) return cmd([](pb::Command& c) { c.mutable_resume(); });
    switch (pick(8)) {
      case 0: return cmd([](pb::Command& c) { c.mutable_pause(); });
      case 1: case 2: case 3: {
        const auto& injects = index_.scenario().injects();
        std::string id = injects[pick(injects.size())].id();
        std::string message = "m" + std::to_string(1 + pick(40));
        return cmd([&](pb::Command& c) {
          c.mutable_release_inject()->set_inject_id(id);
          c.mutable_release_inject()->set_message_id(message);
        });
      }
      case 4: case 5: return cmd([&](pb::Command& c) {
        c.mutable_adjudicate()->set_text("A ruling");
        c.mutable_adjudicate()->add_audience(any_role());
      });
      default: return cmd([](pb::Command& c) { c.mutable_note()->set_text("Improve: keep time | shorter briefs | chair | next week"); });
    }
  }

  // A delegation's (or outside power's) move, valid or not.
  pb::Command party() {
    switch (pick(14)) {
      case 0: case 1: case 2: return message_to(any_role(), "private word " + std::to_string(pick(1000)));
      case 3: return cmd([&](pb::Command& c) {
        c.mutable_create_room()->set_name("room");
        c.mutable_create_room()->add_members(any_role());
        c.mutable_create_room()->add_members(any_role());
      });
      case 4: return cmd([&](pb::Command& c) {
        c.mutable_post_to_room()->set_room_id("R" + std::to_string(1 + pick(6)));
        c.mutable_post_to_room()->set_text("in the room");
      });
      case 5: return cmd([](pb::Command& c) { c.mutable_statement()->set_text("A statement for the record"); });
      case 6: case 7: return cmd([&](pb::Command& c) {
        auto* t = c.mutable_table_text();
        t->set_title("Draft");
        for (int i = 0; i < index_.issue_count(); ++i) {
          const auto& issue = index_.issue(i);
          (*t->mutable_options())[issue.id()] = issue.options(pick(issue.options_size())).id();
        }
      });
      case 8: case 9: return cmd([&](pb::Command& c) {
        c.mutable_vote()->set_text_id(any_text());
        c.mutable_vote()->set_choice(static_cast<pb::VoteChoice>(1 + pick(3)));
      });
      case 10: return cmd([&](pb::Command& c) {
        c.mutable_pledge()->set_to(any_role());
        c.mutable_pledge()->set_points(1 + pick(30));
        c.mutable_pledge()->set_condition(static_cast<pb::PledgeCondition>(1 + pick(2)));
      });
      case 11: return pick(3) ? cmd([](pb::Command& c) { c.mutable_sign(); }) : cmd([](pb::Command& c) { c.mutable_decline(); });
      case 12: return cmd([&](pb::Command& c) {
        c.mutable_respond_to_crisis()->set_commit(pick(2) == 0);
        c.mutable_respond_to_crisis()->set_contribution(pick(20));
      });
      default: return cmd([&](pb::Command& c) { c.mutable_crisis_vote()->set_yes(pick(2) == 0); });
    }
  }

 private:
  std::string any_role() { return index_.role(pick(index_.role_count())).id(); }
  std::string any_text() { return "DR" + std::to_string(1 + pick(12)); }

  const parley::engine::ScenarioIndex& index_;
  std::mt19937_64 rng_;
};

}  // namespace

TEST_CASE("visibility audit: every event every client was sent, over a long random session, is exactly what its role may see") {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server(db.url(), tmp / "var", {"--rate", "100000"});
  const std::string scenario = "collective-security-pact";
  auto codes = server.create_session(scenario);
  auto index = load_scenario(scenario);

  // Every role connected: the white cell first (its record is then the whole log, from seq 1),
  // then the observers and each party's head of delegation.
  std::vector<std::unique_ptr<Player>> players(index->role_count());
  std::vector<int> role_of(index->role_count());
  std::vector<int> order{index->white_cell()};
  for (int r = 0; r < index->role_count(); ++r) {
    if (r != index->white_cell()) order.push_back(r);
  }
  for (int r : order) {
    const auto& role = index->role(r);
    std::string code = role.kind() == pb::WHITE_CELL ? codes.facilitator_token
                       : role.kind() == pb::OBSERVER ? codes.observer_code
                                                     : codes.code(role.id());
    players[r] = std::make_unique<Player>(server.url(), code, role.id());
    role_of[r] = r;
  }
  Player& white = *players[index->white_cell()];
  require_ack(white.command(cmd([](pb::Command& c) { c.mutable_start(); })));

  Commands next(*index, 20261129);
  int accepted = 0;
  bool paused = false;
  for (int step = 1; step <= kSteps; ++step) {
    if (step % kPhaseEvery == 0) {
      accepted += white.command(cmd([](pb::Command& c) { c.mutable_advance(); })).has_ack() ? 1 : 0;
      continue;
    }
    int r = next.pick(6) == 0 ? index->white_cell() : next.pick(index->role_count());
    auto kind = index->role(r).kind();
    if (kind == pb::OBSERVER) continue;
    auto command = kind == pb::WHITE_CELL ? next.white(paused) : next.party();
    auto answer = players[r]->command(command);
    if (answer.has_ack() && command.has_pause()) paused = true;
    if (answer.has_ack() && command.has_resume()) paused = false;
    accepted += answer.has_ack() ? 1 : 0;
    if (step % kSyncEvery == 0) {
      for (auto& p : players) p->sync();
    }
  }
  for (auto& p : players) p->sync();

  // The white cell's record is the whole log: every seq once, in order.
  const auto& log = white.events();
  REQUIRE(!log.empty());
  REQUIRE(white.snapshot_seq() == 0);
  REQUIRE(log.front().first == 1);
  for (std::size_t i = 1; i < log.size(); ++i) REQUIRE(log[i].first == log[i - 1].first + 1);
  MESSAGE(accepted << " commands accepted of " << kSteps << "; " << log.size() << " events");
  CHECK(accepted > kSteps / 5);

  // Replay it, and hold every role's deliveries against the rules.
  std::vector<std::map<std::uint64_t, const pb::Event*>> received(players.size());
  for (std::size_t p = 0; p < players.size(); ++p) {
    for (const auto& [seq, e] : players[p]->events()) {
      REQUIRE_MESSAGE(received[p].emplace(seq, &e).second, players[p]->role() << " was sent seq " << seq << " twice");
    }
  }
  parley::engine::Session replay(index);
  std::map<std::string, std::map<std::string, int>> census;  // kind -> role -> deliveries
  int leaks = 0, missing = 0, misshapen = 0, deliveries = 0;
  for (const auto& [seq, event] : log) {
    replay.apply(event);
    for (std::size_t p = 0; p < players.size(); ++p) {
      if (seq <= players[p]->snapshot_seq()) continue;  // before this client joined: its snapshot stood for it
      int r = role_of[p];
      bool may = parley::engine::visible_to(*index, replay.state(), event, r);
      auto got = received[p].find(seq);
      bool sent = got != received[p].end();
      if (sent && !may) {
        ++leaks;
        MESSAGE("LEAK: " << index->role(r).id() << " was sent seq " << seq << ": " << event.ShortDebugString());
      }
      if (may && !sent) ++missing;
      if (!sent) continue;
      ++deliveries;
      ++census[parley::engine::event_kind(event)][index->role(r).id()];
      auto shown = parley::engine::view_event(*index, event, r);
      if (parley::engine::serialize_deterministic(shown) != parley::engine::serialize_deterministic(*got->second)) ++misshapen;
    }
  }
  std::string table;
  for (const auto& [kind, by_role] : census) {
    table += "  " + kind + ":";
    for (const auto& [role, n] : by_role) table += " " + role + "=" + std::to_string(n);
    table += "\n";
  }
  MESSAGE(deliveries << " deliveries audited, by event kind and role:\n" << table);
  CHECK(leaks == 0);
  CHECK(missing == 0);
  CHECK(misshapen == 0);
  CHECK(census.size() >= 12);  // the random session reached most kinds of event
}
