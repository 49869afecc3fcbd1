#include "agent_seat.hpp"

#include <iostream>

namespace parley::cli {
namespace json = boost::json;
namespace pb = parley::v1;

AgentSeat::AgentSeat(std::unique_ptr<SessionLink> link, AgentConfig config, Recorder record, AgentControl control)
    : link_(std::move(link)),
      config_(std::move(config)),
      record_(std::move(record)),
      memory_(link_->welcome(), config_.persona),
      control_(std::move(control)) {
  memory_.joined(link_->snapshot());  // a seat taken mid-session starts from what stood then
  auto index = std::make_shared<const engine::ScenarioIndex>(link_->welcome().scenario());
  policy_ = std::make_unique<bots::BotPolicy>(index, bots::text_candidates(*index), link_->welcome().role(), link_->snapshot(),
                                              bots::Strategy::boulware, config_.seed);
}

Status AgentSeat::run(const std::atomic<bool>& stop) {
  link_->on_event([this](std::uint64_t seq, const pb::Event& e) {
    memory_.observe(seq, e);
    policy_->observe(e);
    if (e.has_phase_started()) decisions_in_phase_ = 0;
  });
  if (auto synced = link_->sync(); !synced) return synced.error();
  while (!memory_.ended() && !stop) {
    refresh_control(false);
    // The mode is read again right before a decision: one the white cell just set always counts.
    if ((mode_ == "act" || mode_ == "propose") && due()) {
      refresh_control(true);
      if (mode_ == "act" || mode_ == "propose") decide();
    }
    if (auto s = link_->poll(std::chrono::milliseconds(100)); !s) return s;
  }
  return {};
}

// A decision is due when something new asks for this seat's attention, or a vote, a
// signature or a crisis waits for it, and the seat has turns and budget left.
bool AgentSeat::due() const {
  const auto& desk = link_->desk();
  bool open = false, sign = false;
  for (const auto& gate : desk.actions()) {
    open = open || gate.open();
    sign = sign || (gate.open() && gate.action() == "sign");
  }
  if (!open || memory_.ended() || out_of_budget_ || decisions_in_phase_ >= config_.decisions_per_phase || !pending_.empty()) return false;
  bool waiting_on_us = !desk.ballot().unvoted_text_ids().empty() || sign || (desk.crisis().may_respond() && !desk.crisis().responded());
  return memory_.news_since(decided_at_) || (waiting_on_us && desk.seq() > decided_at_);
}

void AgentSeat::decide() {
  decided_at_ = std::max(memory_.last_seq(), link_->desk().seq());
  ++decisions_in_phase_;
  std::vector<std::string> feedback = std::move(told_later_);
  told_later_.clear();
  for (int attempt = 0; attempt <= config_.retries; ++attempt) {
    json::array actions;
    if (!consult(feedback, actions)) return;
  }
}

bool AgentSeat::consult(std::vector<std::string>& feedback, json::array& actions) {
  if (calls_ >= config_.max_calls || (config_.max_tokens > 0 && tokens_ >= config_.max_tokens)) {
    if (!out_of_budget_) {
      std::cerr << "agent " << role() << ": its budget is spent (" << calls_ << " calls, " << tokens_ << " tokens); it stops acting\n";
      record_({{"seq", decided_at_}, {"budget_spent", true}, {"calls", calls_}, {"tokens", tokens_}});
    }
    out_of_budget_ = true;
    return false;
  }
  const auto& desk = link_->desk();
  auto request = chat_request(config_.model, memory_.messages(desk, feedback), agents::tools_for(memory_.index(), desk, memory_.seat()));
  ++calls_;
  if (config_.calls_at_once) config_.calls_at_once->acquire();
  auto answer = ask_model(config_.model, request);
  if (config_.calls_at_once) config_.calls_at_once->release();
  json::object rec{{"seq", decided_at_}, {"settings", config_.model.shown()}, {"request", request}};
  if (!answer) {
    rec["error"] = answer.error().message;
    rec["fallback"] = config_.fallback == Fallback::bot ? "bot" : "wait";
    record_(std::move(rec));
    fall_back(answer.error().message);
    return false;
  }
  const auto& a = answer.value();
  tokens_ += a.prompt_tokens + a.completion_tokens;
  rec["answer"] = a.raw;
  rec["latency_ms"] = a.latency_ms;
  rec["prompt_tokens"] = a.prompt_tokens;
  rec["completion_tokens"] = a.completion_tokens;
  feedback.clear();
  bool waited = false;
  if (a.calls.empty()) feedback.push_back("your answer called no tool; answer with tool calls only (call wait to do nothing)");
  for (const auto& call : a.calls) perform(call, feedback, actions, waited);
  rec["actions"] = actions;
  record_(std::move(rec));
  last_failure_.clear();
  return !feedback.empty() && !memory_.ended();
}

void AgentSeat::perform(const agents::ToolCall& call, std::vector<std::string>& feedback, json::array& actions, bool& waited) {
  json::object action{{"tool", call.name}, {"arguments", call.arguments}};
  auto command = agents::command_from(call);
  if (!command) {
    action["refused"] = command.error().message;
    feedback.push_back(command.error().message);
  } else if (!command.value()) {
    waited = true;
    action["result"] = "wait";
  } else if (mode_ == "propose" && control_.propose) {
    auto id = control_.propose(call.name, call.arguments);
    if (id) {
      action["proposed"] = id.value();
      pending_[id.value()] = call;
    } else {
      action["refused"] = id.error().message;
    }
  } else {
    auto sent = link_->send(*command.value());
    if (!sent) {
      action["refused"] = sent.error().message;
      feedback.push_back(call.name + " could not be sent: " + sent.error().message);
    } else if (sent.value().has_rejection()) {
      const auto& r = sent.value().rejection();
      action["refused"] = rejection_code(r) + ": " + r.message();
      feedback.push_back(call.name + " was refused (" + rejection_code(r) + "): " + r.message());
    } else {
      action["result"] = "done";
      action["seq"] = sent.value().ack().seq();
    }
  }
  actions.push_back(std::move(action));
}

void AgentSeat::fall_back(const std::string& why) {
  if (why != last_failure_) {
    std::cerr << "agent " << role() << ": " << why << "; "
              << (config_.fallback == Fallback::bot ? "the rule-based policy plays this turn" : "the seat waits") << "\n";
    last_failure_ = why;
  }
  if (config_.fallback != Fallback::bot) return;
  for (const auto& command : policy_->act()) {
    auto answer = link_->send(command);
    if (answer && answer.value().has_rejection()) policy_->refused(command, answer.value().rejection().retryable());
  }
}

void AgentSeat::refresh_control(bool at_once) {
  auto now = std::chrono::steady_clock::now();
  if (!control_.read || (!at_once && now - checked_at_ < std::chrono::seconds(1))) return;
  checked_at_ = now;
  auto read = control_.read();
  if (!read) {
    if (read.error().message != last_failure_) std::cerr << "agent " << role() << ": cannot read the white cell's hold: " << read.error().message << "\n";
    last_failure_ = read.error().message;
    return;
  }
  const auto& c = read.value();
  if (const auto* m = c.if_contains("mode"); m && m->is_string()) {
    std::string mode(m->as_string());
    if (mode != mode_) std::cout << "agent " << role() << ": the white cell set the seat to " << mode << "\n" << std::flush;
    mode_ = mode;
  }
  const auto* list = c.if_contains("proposals");
  if (!list || !list->is_array()) return;
  for (const auto& p : list->as_array()) {
    auto id = p.at("id").to_number<std::int64_t>();
    auto it = pending_.find(id);
    if (it == pending_.end()) continue;
    std::string status(p.at("status").as_string());
    if (status == "pending") continue;
    auto call = it->second;
    pending_.erase(it);
    if (status == "approved") {
      carry_out(id, call);
    } else if (status == "withdrawn") {
      told_later_.push_back("the white cell changed how you play; your proposed " + call.name + " " + call.arguments +
                            " was set aside; decide again");
    } else {
      told_later_.push_back("the white cell rejected your proposed " + call.name + " " + call.arguments);
    }
  }
}

void AgentSeat::carry_out(std::int64_t proposal, const agents::ToolCall& call) {
  std::vector<std::string> feedback;
  json::array actions;
  bool waited = false;
  auto mode = mode_;
  mode_ = "act";  // approved: this one is sent, not proposed again
  perform(call, feedback, actions, waited);
  mode_ = mode;
  for (auto& f : feedback) told_later_.push_back(std::move(f));
  record_({{"seq", memory_.last_seq()}, {"approved_proposal", proposal}, {"actions", actions}});
}

}  // namespace parley::cli
