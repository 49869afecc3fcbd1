#pragma once
// What a language-model seat is told: only what its role may see. The
// briefing comes from the Welcome (the scenario as the server lets this role
// read it: its own private brief and profile, every role's public brief), the
// record from the events its link delivered (and, for a seat taken
// mid-session, the snapshot its role was sent), the moment from its desk.
// Phases, news, vote results, signatures and crises stay whole; talk and the
// busy events (votes cast, tablings, pledges) are kept for the latest stretch
// and folded into a RecordSummary before it, so a long session fits a model's
// context. Nothing else reaches a request: this class has no other input.
// Pure: no I/O.

#include <boost/json.hpp>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "agents/agent_tools.hpp"
#include "agents/record_summary.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::agents {

class AgentMemory {
 public:
  // `persona`: the facilitator's stance line for this seat ("" for none).
  // `recent`: how many talk lines, and how many busy events, are repeated whole.
  AgentMemory(const parley::v1::Welcome& welcome, std::string persona, std::size_t recent = 40);

  // What stood when the seat was taken: its role's snapshot (a seat taken in the lobby has none).
  void joined(const parley::v1::SessionState& state);
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
  std::size_t recent_;
  std::string joined_;                  // the snapshot on joining, told once at the top
  struct Line {
    std::uint64_t seq;
    std::string text;
    parley::v1::Event event;  // kept for the summary when the line is folded (empty for whole lines)
  };
  std::vector<Line> whole_;             // phases, news, vote results, signatures, crises
  std::deque<Line> busy_, talk_;        // the latest only
  RecordSummary earlier_;               // what fell out of busy_ and talk_
  std::uint64_t last_seq_ = 0, last_notable_ = 0;
  bool ended_ = false;
};

}  // namespace parley::agents
