#pragma once
// A seat played by a language model, over the same SessionLink as every
// client: it sees what the seat is sent and nothing else (AgentMemory), acts
// through tool calls that become ordinary commands, and hears the engine's
// refusals back, a bounded number of times per decision. An endpoint that is
// down, slow or answers nonsense makes it wait, or play that decision with the
// rule-based policy, as configured; budgets stop it cleanly. Every model call
// goes to the record (`Recorder`), for the white cell and the review.
//
// The white cell keeps a hold on it (`AgentControl`, read at most once a second): paused or
// taken over by a person, it does nothing; in propose mode each well-formed move is put to the
// white cell instead of sent, and sent once approved (the engine judges it then); a rejection
// is told to the model at its next decision.

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <semaphore>
#include <string>
#include <vector>

#include "agents/agent_memory.hpp"
#include "bots/bot_policy.hpp"
#include "model_client.hpp"
#include "session_link.hpp"

namespace parley::cli {

enum class Fallback { wait, bot };

struct AgentConfig {
  ModelSettings model;
  std::string persona;
  Fallback fallback = Fallback::wait;
  int retries = 2;                 // refused or malformed calls fed back per decision
  int max_calls = 400;             // model calls for the whole session
  std::int64_t max_tokens = 0;     // prompt + completion tokens for the whole session; 0: no limit
  int decisions_per_phase = 6;     // a model that keeps acting is held to this many turns a phase
  std::uint64_t seed = 1;          // for the fallback policy
  // Shared by the seats of one process: at most this many model calls at once (an endpoint that
  // serves one request at a time queues the rest anyway, and times them out). Null: no limit.
  std::shared_ptr<std::counting_semaphore<>> calls_at_once;
};

// The white cell's hold, as the seat's client reads it (GET/POST …/agents/<role>/…).
struct AgentControl {
  // {"mode": "act"|"propose"|"paused"|"human", "proposals": [{"id", "status", ...}]}
  std::function<Result<boost::json::object>()> read;
  // Puts a move to the white cell; its proposal id.
  std::function<Result<std::int64_t>(const std::string& tool, const std::string& arguments)> propose;
};

class AgentSeat {
 public:
  using Recorder = std::function<void(boost::json::object)>;

  AgentSeat(std::unique_ptr<SessionLink> link, AgentConfig config, Recorder record, AgentControl control = {});

  // Plays until the session ends, the link fails, or `stop` is set.
  Status run(const std::atomic<bool>& stop);
  const std::string& role() const { return memory_.seat().role; }
  int calls() const { return calls_; }

 private:
  bool due() const;
  void decide();
  // One model call and what became of it; false when the turn should stop.
  bool consult(std::vector<std::string>& feedback, boost::json::array& actions);
  // Sends a tool call's command; the engine's refusal goes to `feedback`.
  void perform(const agents::ToolCall& call, std::vector<std::string>& feedback, boost::json::array& actions, bool& waited);
  void fall_back(const std::string& why);
  // Reads the white cell's hold (at most once a second unless `at_once`): the mode, and the
  // fate of proposals.
  void refresh_control(bool at_once);
  // Sends a move the white cell approved, and records it.
  void carry_out(std::int64_t proposal, const agents::ToolCall& call);

  std::unique_ptr<SessionLink> link_;
  AgentConfig config_;
  Recorder record_;
  agents::AgentMemory memory_;
  std::unique_ptr<bots::BotPolicy> policy_;  // fed always; plays a decision when the model cannot
  std::uint64_t decided_at_ = 0;             // the last seq a decision saw
  int decisions_in_phase_ = 0;              // since the last phase began
  int calls_ = 0;
  std::int64_t tokens_ = 0;
  bool out_of_budget_ = false;
  std::string last_failure_;                 // logged once until it changes
  AgentControl control_;
  std::string mode_ = "act";
  std::chrono::steady_clock::time_point checked_at_{};
  std::map<std::int64_t, agents::ToolCall> pending_;  // proposals awaiting the white cell
  std::vector<std::string> told_later_;               // decisions on proposals, for the next turn
};

}  // namespace parley::cli
