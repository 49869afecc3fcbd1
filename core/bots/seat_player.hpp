#pragma once
// A seat of an in-memory game played by something other than the built-in
// BotPolicy (a language model, in a rehearsal with `--agents`). The driver
// shows it the events its role may see, asks it for commands with the seat's
// desk in hand, and tells it which the engine refused.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/rejection.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::bots {

class SeatPlayer {
 public:
  virtual ~SeatPlayer() = default;
  virtual void observe(const parley::v1::Event& event) = 0;
  // The commands to send now; empty when it has nothing to add.
  virtual std::vector<parley::v1::Command> act(const parley::v1::Desk& desk) = 0;
  virtual void refused(const parley::v1::Command& command, const engine::Rejection& rejection) = 0;
};

// Players by role id; the roles not named are played by BotPolicy.
using SeatPlayers = std::map<std::string, std::unique_ptr<SeatPlayer>>;

}  // namespace parley::bots
