#pragma once
// What a language-model seat is told: only what its role may see. The
// briefing comes from the Welcome (the scenario as the server lets this role
// read it: its own private brief and profile, every role's public brief), the
// record from the events its link delivered, the moment from its desk. Old
// talk is summarised so a long session fits a model's context; the texts,
// votes, crises and news stay. Nothing else reaches a request: this class has
// no other input. Pure: no I/O.

#include <boost/json.hpp>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "agents/agent_tools.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::agents {

class AgentMemory {
 public:
  // `persona`: the facilitator's stance line for this seat ("" for none).
  AgentMemory(const parley::v1::Welcome& welcome, std::string persona, std::size_t recent_talk = 40);

  void observe(std::uint64_t seq, const parley::v1::Event& event);
  // The chat messages for a decision now. `feedback`: what happened to this turn's earlier calls
  // (the engine's refusals, a malformed call), so the model can correct itself.
  boost::json::array messages(const parley::v1::Desk& desk, const std::vector<std::string>& feedback) const;

  const engine::ScenarioIndex& index() const { return index_; }
  const SeatKnowledge& seat() const { return seat_; }
  // Whether something since `seq` asks for this seat's attention: a new phase, news, a text, a
  // vote, or words addressed to it (a private message, a room it is in, a public statement).
  bool news_since(std::uint64_t seq) const { return last_notable_ > seq; }
  std::uint64_t last_seq() const { return last_seq_; }
  bool ended() const { return ended_; }

 private:
  std::string briefing() const;
  std::string record() const;

  engine::ScenarioIndex index_;
  std::string title_, adoption_rule_, persona_;
  SeatKnowledge seat_;
  std::size_t recent_talk_;
  std::vector<std::string> key_;        // texts, votes, signatures, crises, news, phases: kept whole
  std::deque<std::string> talk_;        // messages, rooms and statements: the latest only
  std::size_t talk_dropped_ = 0;        // summarised away
  std::uint64_t last_seq_ = 0, last_notable_ = 0;
  bool ended_ = false;
};

}  // namespace parley::agents
