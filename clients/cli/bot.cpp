#include "bot.hpp"

#include <iostream>

namespace parley::cli {
namespace pb = parley::v1;

Bot::Bot(std::unique_ptr<SessionLink> link, Strategy strategy, std::uint64_t seed, bool verbose)
    : link_(std::move(link)), verbose_(verbose) {
  auto index = std::make_shared<const engine::ScenarioIndex>(link_->welcome().scenario());
  policy_ = std::make_unique<BotPolicy>(index, bots::text_candidates(*index), link_->welcome().role(), link_->snapshot(), strategy, seed);
}

void Bot::act() {
  for (const auto& command : policy_->act()) {
    auto answer = link_->send(command);
    if (!answer || !answer.value().has_rejection()) continue;
    const auto& r = answer.value().rejection();
    if (verbose_) std::cerr << "bot " << role() << ": " << rejection_code(r) << ": " << r.message() << "\n";
    policy_->refused(command, r.retryable());
  }
}

Status Bot::take_turn() {
  link_->on_event([this](std::uint64_t, const pb::Event& e) { policy_->observe(e); });
  if (auto seq = link_->sync(); !seq) return seq.error();
  act();
  return {};
}

Status Bot::run(const std::atomic<bool>& stop) {
  link_->on_event([this](std::uint64_t, const pb::Event& e) { policy_->observe(e); });
  while (!ended() && !stop) {
    act();
    if (auto s = link_->poll(std::chrono::milliseconds(100)); !s) return s;
  }
  return {};
}

}  // namespace parley::cli
