#pragma once
// Plays many bot-only games of one scenario in memory (GameDriver), spread
// over worker threads. Game i gets its own seed, derived from the base
// seed and i, and strategy strategies[i % size]; results are stored by
// index, so the outcome list is the same whatever the number of threads.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bots/bot_traits.hpp"
#include "bots/game_outcome.hpp"
#include "bots/seat_player.hpp"

namespace parley::bots {

struct RehearsalPlan {
  int runs = 100;
  std::uint64_t seed = 1;
  std::vector<Strategy> strategies{Strategy::mixed};
  unsigned jobs = 2;
  // Seats played by something else than the bots (language models), made afresh for each game.
  std::function<SeatPlayers(std::uint64_t game_seed)> players;
};

struct RehearsedGame {
  Strategy strategy = Strategy::mixed;
  std::uint64_t seed = 0;
  GameOutcome outcome;
  std::string error;  // non-empty: the game could not be played (an engine refusal, a bug)
};

class Rehearsal {
 public:
  Rehearsal(std::shared_ptr<const engine::ScenarioIndex> index, RehearsalPlan plan);

  // Plays every game; `progress(done, total)` is called from worker threads,
  // serialized, after each game.
  std::vector<RehearsedGame> run(const std::function<void(int, int)>& progress = {}) const;

  // The seed of game i.
  static std::uint64_t game_seed(std::uint64_t base, int i);

 private:
  RehearsedGame play(int i) const;

  std::shared_ptr<const engine::ScenarioIndex> index_;
  std::shared_ptr<const std::vector<engine::Text>> candidates_;
  RehearsalPlan plan_;
};

}  // namespace parley::bots
