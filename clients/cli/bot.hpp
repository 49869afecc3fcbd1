#pragma once
// A bot that holds one seat of a live session over a SessionLink. What it
// decides is a BotPolicy's (bot_policy.hpp); this class only feeds it the
// events its seat receives and sends the commands it returns, telling it
// which were refused. Deterministic for a seed and an event history.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "bots/bot_policy.hpp"
#include "session_link.hpp"

namespace parley::cli {

using bots::BotPolicy;
using bots::Strategy;

class Bot {
 public:
  Bot(std::unique_ptr<SessionLink> link, Strategy strategy, std::uint64_t seed, bool verbose);

  // Plays until the session ends, the link fails, or `stop` is set,
  // reacting to events as they arrive (free-running, for live sessions).
  Status run(const std::atomic<bool>& stop);
  // Lockstep play (the demo): catch up with everything committed, then act
  // on the current phase. Same seed and same history give the same moves.
  Status take_turn();
  bool ended() const { return policy_->ended(); }
  const std::string& role() const { return policy_->role(); }

 private:
  void act();

  std::unique_ptr<SessionLink> link_;
  std::unique_ptr<BotPolicy> policy_;
  bool verbose_;
};

}  // namespace parley::cli
