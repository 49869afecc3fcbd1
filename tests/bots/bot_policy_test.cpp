// The bots' decisions, played in memory through the engine: seeded games
// that differ across seeds and repeat for one seed, bots that keep to their
// BATNA and red lines and follow injects, and how a crisis outcome is read.

#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "../engine/scenario_fixture.hpp"
#include "bots/bot_policy.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "bots/game_driver.hpp"
#include "bots/game_outcome.hpp"

using namespace parley;
using namespace parley::bots;
namespace pb = parley::v1;

namespace {

struct Fixture {
  explicit Fixture(const std::string& scenario)
      : index(std::make_shared<const engine::ScenarioIndex>(test::load_scenario(scenario))), candidates(text_candidates(*index)) {}
  std::shared_ptr<const engine::ScenarioIndex> index;
  std::shared_ptr<const std::vector<engine::Text>> candidates;

  std::string play(Strategy strategy, std::uint64_t seed, GameOutcome* outcome = nullptr) const {
    GameDriver driver(index, candidates, strategy, seed);
    auto error = driver.play();
    INFO("seed " << seed << ": " << error.value_or(""));
    REQUIRE_FALSE(error.has_value());
    CHECK(driver.session().state().status() == pb::ENDED);
    if (outcome != nullptr) *outcome = summarize(driver.session());
    return engine::serialize_state(driver.session().full_state());
  }
};

std::string key(const GameOutcome& o) {
  std::string k = o.signatory_set + ":";
  for (const auto& r : o.signatories) k += r + " ";
  for (int opt : o.adopted) k += std::to_string(opt);
  return k;
}

}  // namespace

TEST_CASE("the same seed plays the same game, byte for byte") {
  for (const char* scenario : {test::kDefaultScenario, test::kSmallScenario}) {
    Fixture f(scenario);
    for (auto strategy : {Strategy::mixed, Strategy::boulware, Strategy::tit_for_tat}) {
      INFO(scenario << " " << strategy_name(strategy));
      CHECK(f.play(strategy, 7) == f.play(strategy, 7));
    }
  }
}

TEST_CASE("different seeds play different games and reach different outcomes") {
  Fixture f(test::kDefaultScenario);
  std::set<std::string> states, outcomes;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    GameOutcome o;
    states.insert(f.play(Strategy::mixed, seed, &o));
    outcomes.insert(key(o));
  }
  CHECK(states.size() == 12);
  CHECK(outcomes.size() >= 2);  // competent bots converge, yet temperaments still differ in what they settle on
}

TEST_CASE("mixed gives roles different strategies, drawn from the seed") {
  Fixture f(test::kDefaultScenario);
  std::set<Strategy> drawn;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    for (int r : f.index->delegations()) drawn.insert(draw_traits(*f.index, r, Strategy::mixed, seed).strategy);
    CHECK(draw_traits(*f.index, 0, Strategy::mixed, seed).pace == draw_traits(*f.index, 0, Strategy::mixed, seed).pace);
  }
  CHECK(drawn.size() == 3);
  CHECK(draw_traits(*f.index, 0, Strategy::conceder, 3).strategy == Strategy::conceder);
}

TEST_CASE("no bot signs across a red line, or below its BATNA unless pledges make up the difference") {
  for (const char* scenario : {test::kDefaultScenario, test::kSmallScenario}) {
    Fixture f(scenario);
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      GameDriver driver(f.index, f.candidates, Strategy::mixed, seed);
      REQUIRE_FALSE(driver.play().has_value());
      const auto& s = driver.session().state();
      const auto* adopted = engine::find_text(s, s.adopted_text_id());
      auto profiles = engine::current_profiles(*f.index, s);
      for (int r : engine::signatories(*f.index, s)) {
        REQUIRE(adopted != nullptr);
        auto text = engine::to_text(*f.index, adopted->options());
        const auto& p = *profiles[r];
        double pledged = 0;
        for (const auto& pl : s.pledges()) {
          if (pl.to() == f.index->role(r).id()) pledged += static_cast<double>(pl.points()) * (pl.condition() == pb::IF_SIGNS ? 1 : -1);
        }
        INFO(scenario << " seed " << seed << " " << f.index->role(r).id());
        CHECK_FALSE(engine::breaks_red_line(p, text));
        CHECK(engine::utility(p, text) + pledged * p.point_utility >= p.batna - 1e-9);
      }
    }
  }
}

TEST_CASE("an inject that lowers a BATNA turns a no vote into a vote that does not block") {
  Fixture f(test::kDefaultScenario);
  int ksa = *f.index->role_index("KSA");
  const auto& start = f.index->starting_profile(ksa);
  // A text KSA may sign (no red line, eligible) but that is worth less than its BATNA.
  const engine::Text* poor = nullptr;
  for (const auto& t : *f.candidates) {
    auto eligible = f.index->eligible(t);
    bool in = std::find(eligible.begin(), eligible.end(), ksa) != eligible.end();
    if (in && !engine::breaks_red_line(start, t) && engine::utility(start, t) < start.batna - 20) poor = &t;
  }
  REQUIRE(poor != nullptr);
  auto vote_on_poor_text = [&](bool inject) {
    auto view = engine::view_state(*f.index, engine::initial_state(*f.index), ksa);
    BotPolicy bot(f.index, f.candidates, "KSA", view, Strategy::boulware, 1);
    pb::Event phase;
    phase.mutable_phase_started()->set_round(4);
    phase.mutable_phase_started()->set_phase_index(3);
    phase.mutable_phase_started()->set_phase("vote");
    pb::Event tabled;
    tabled.set_actor("PAK");
    tabled.mutable_text_tabled()->set_text_id("D1");
    for (int i = 0; i < f.index->issue_count(); ++i) {
      (*tabled.mutable_text_tabled()->mutable_options())[f.index->issue(i).id()] = f.index->option(i, (*poor)[i]).id();
    }
    if (inject) {
      pb::Event changed;
      changed.mutable_profile_changed()->set_role("KSA");
      auto* effect = changed.mutable_profile_changed()->add_effects();
      effect->set_role("KSA");
      effect->set_batna_delta(-start.batna);
      bot.observe(changed);
    }
    bot.observe(tabled);
    bot.observe(phase);
    for (const auto& c : bot.act()) {
      if (c.has_vote()) return c.vote().choice();
    }
    return pb::VOTE_CHOICE_UNSPECIFIED;
  };
  CHECK(vote_on_poor_text(false) == pb::NO);
  CHECK(vote_on_poor_text(true) != pb::NO);
  CHECK(vote_on_poor_text(true) != pb::VOTE_CHOICE_UNSPECIFIED);
}

TEST_CASE("the rehearsal counts each crisis as the engine accounted for it") {
  Fixture f(test::kDefaultScenario);
  auto state = engine::initial_state(*f.index);
  for (const auto& [id, outcome, kind] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"X1", "failed", "DETERRENCE"}, {"X2", "not invoked", "THREAT_SCOPE"}}) {
    auto* r = state.add_crisis_outcomes();
    r->set_inject_id(id);
    r->set_outcome(outcome);
    r->set_deciding_kind(kind);
  }
  auto summary = summarize(engine::Session(f.index, state));
  REQUIRE(summary.crises.size() == 2);
  CHECK(summary.crises[0].crisis == "X1");
  CHECK(summary.crises[0].outcome == "failed");
  CHECK(summary.crises[0].decided_by == "DETERRENCE");
  CHECK(summary.crises[1].outcome == "not invoked");
  CHECK(summary.crises[1].decided_by == "THREAT_SCOPE");
}

TEST_CASE("bots speak the scenario's words: its own lines when it gives them, else its roles' issues and options") {
  // The river basin says nothing of pacts or alliances; its bots must not either.
  Fixture river("river-basin-accord");
  GameDriver driver(river.index, river.candidates, Strategy::mixed, 11);
  REQUIRE_FALSE(driver.play().has_value());
  const auto played = driver.session().full_state();
  const auto& messages = played.messages();
  REQUIRE(messages.size() > 0);
  std::set<std::string> words;
  for (const auto& r : river.index->scenario().roles()) words.insert(r.name());
  for (const auto& i : river.index->scenario().issues()) {
    words.insert(i.name());
    for (const auto& o : i.options()) words.insert(o.label());
  }
  for (const auto& m : messages) {
    INFO(m.from() << " to " << m.to() << ": " << m.text());
    CHECK(m.text().find("pact") == std::string::npos);
    bool scenario_words = false;
    for (const auto& w : words) scenario_words = scenario_words || m.text().find(w) != std::string::npos;
    CHECK(scenario_words);
  }

  // With lines of its own, a role's bot says those, names filled in.
  auto scenario = river.index->scenario();
  for (auto& r : *scenario.mutable_roles()) {
    if (r.kind() != pb::DELEGATION && r.kind() != pb::OUTSIDE_POWER) continue;
    r.mutable_voice()->add_courting("{me} hopes {to} will sign with us.");
    r.mutable_voice()->add_replies("{me} hears {to}.");
  }
  auto voiced = std::make_shared<const engine::ScenarioIndex>(scenario);
  GameDriver again(voiced, text_candidates(*voiced), Strategy::mixed, 11);
  REQUIRE_FALSE(again.play().has_value());
  int courting = 0;
  const auto voiced_state = again.session().full_state();
  for (const auto& m : voiced_state.messages()) {
    INFO(m.text());
    bool own = m.text().find(" hopes ") != std::string::npos || m.text().find(" hears ") != std::string::npos;
    CHECK(own);
    CHECK(m.text().find('{') == std::string::npos);
    courting += m.text().find(" hopes ") != std::string::npos;
  }
  CHECK(courting > 0);
}
