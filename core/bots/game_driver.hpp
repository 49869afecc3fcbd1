#pragma once
// One bot-only game played in memory through the engine: no server, no
// database, no real time. Every delegation and outside power is a
// BotPolicy; the white cell starts the session and, in the stress test,
// lets the scenario's default crises run. A simulated clock jumps to each
// phase's deadline once every bot, in role order, has seen what its role
// may see and acted, so a game is a pure function of (scenario, strategy,
// seed). Single-threaded; one driver per game, games may run in parallel.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bots/bot_policy.hpp"
#include "bots/seat_player.hpp"
#include "engine/session.hpp"

namespace parley::bots {

class GameDriver {
 public:
  // `players`: seats played by something else than a BotPolicy (their bots stay idle).
  GameDriver(std::shared_ptr<const engine::ScenarioIndex> index, std::shared_ptr<const std::vector<engine::Text>> candidates,
             Strategy strategy, std::uint64_t seed, SeatPlayers players = {});

  // Plays to the end. An error means the engine refused the white cell or
  // the game never ended (a bug, not an outcome).
  std::optional<std::string> play();

  const engine::Session& session() const { return session_; }
  const std::vector<BotPolicy>& bots() const { return bots_; }
  // Every event of the game, in order: its record, as a server would have stored it.
  const std::vector<parley::v1::Event>& log() const { return log_; }

 private:
  std::optional<engine::Rejection> send(const std::string& role, const parley::v1::Command& command);
  void deliver(std::size_t bot);
  // The seat's commands now, from its player or its bot.
  std::vector<parley::v1::Command> act(std::size_t bot);
  void refused(std::size_t bot, const parley::v1::Command& command, const engine::Rejection& rejection);
  SeatPlayer* player(std::size_t bot) const;

  engine::Session session_;
  std::vector<BotPolicy> bots_;
  std::vector<int> bot_roles_;
  SeatPlayers players_;
  std::vector<std::size_t> delivered_;  // per bot: events of log_ it has been shown
  std::vector<parley::v1::Event> log_;
  std::int64_t now_ = 1'700'000'000'000;
};

}  // namespace parley::bots
