#include "bots/rehearsal.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "bots/bot_policy.hpp"
#include "bots/game_driver.hpp"

namespace parley::bots {

Rehearsal::Rehearsal(std::shared_ptr<const engine::ScenarioIndex> index, RehearsalPlan plan)
    : index_(std::move(index)), candidates_(text_candidates(*index_)), plan_(std::move(plan)) {
  if (plan_.strategies.empty()) plan_.strategies.push_back(Strategy::mixed);
  plan_.jobs = std::max(1u, plan_.jobs);
}

std::uint64_t Rehearsal::game_seed(std::uint64_t base, int i) { return mix_seed(mix_seed(base) + static_cast<std::uint64_t>(i)); }

RehearsedGame Rehearsal::play(int i) const {
  RehearsedGame game;
  game.strategy = plan_.strategies[static_cast<std::size_t>(i) % plan_.strategies.size()];
  game.seed = game_seed(plan_.seed, i);
  GameDriver driver(index_, candidates_, game.strategy, game.seed, plan_.players ? plan_.players(game.seed) : SeatPlayers{});
  if (auto error = driver.play()) {
    game.error = *error;
    return game;
  }
  game.outcome = summarize(driver.session());
  return game;
}

std::vector<RehearsedGame> Rehearsal::run(const std::function<void(int, int)>& progress) const {
  std::vector<RehearsedGame> games(static_cast<std::size_t>(std::max(0, plan_.runs)));
  std::atomic<int> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto worker = [&] {
    for (int i = next++; i < plan_.runs; i = next++) {
      games[static_cast<std::size_t>(i)] = play(i);
      if (!progress) continue;
      std::lock_guard lock(progress_mutex);
      progress(++done, plan_.runs);
    }
  };
  unsigned jobs = std::min<unsigned>(plan_.jobs, static_cast<unsigned>(std::max(1, plan_.runs)));
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();  // this thread works too
  for (auto& t : threads) t.join();  // before `games` is moved out
  return games;
}

}  // namespace parley::bots
