#pragma once
// A language model on a seat of an in-memory game (parley rehearse --agents):
// told what AgentMemory tells a live model seat, acting through the same
// tools. Refusals and malformed calls are told to it at its next turn. How the
// model is reached is the caller's (`Ask`): this class does no I/O.

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "agents/agent_memory.hpp"
#include "agents/agent_tools.hpp"
#include "bots/seat_player.hpp"

namespace parley::agents {

class ModelPlayer : public bots::SeatPlayer {
 public:
  // The model's tool calls for these messages and tools; an error makes the seat wait this turn.
  using Ask = std::function<Result<std::vector<ToolCall>>(const boost::json::array& messages, const boost::json::array& tools)>;

  ModelPlayer(const parley::v1::Welcome& welcome, std::string persona, Ask ask);

  void observe(const parley::v1::Event& event) override;
  std::vector<parley::v1::Command> act(const parley::v1::Desk& desk) override;
  void refused(const parley::v1::Command& command, const engine::Rejection& rejection) override;

 private:
  AgentMemory memory_;
  Ask ask_;
  std::vector<std::string> feedback_;
  std::uint64_t seen_ = 0;     // events observed
  std::uint64_t acted_at_ = 0; // events observed when it last asked
};

}  // namespace parley::agents
