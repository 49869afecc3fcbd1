#include "bots/game_driver.hpp"

#include "engine/desk.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"

namespace parley::bots {
namespace pb = parley::v1;

namespace {
constexpr int kMaxSteps = 10000;  // far beyond any scenario's phases and crises
constexpr int kMaxPasses = 4;     // turns per phase: bots answer what others did in it
}

GameDriver::GameDriver(std::shared_ptr<const engine::ScenarioIndex> index, std::shared_ptr<const std::vector<engine::Text>> candidates,
                       Strategy strategy, std::uint64_t seed, SeatPlayers players)
    : session_(index), players_(std::move(players)) {
  bots_.reserve(static_cast<std::size_t>(index->role_count()));  // a policy is large: built in place, never moved
  for (int r = 0; r < index->role_count(); ++r) {
    auto kind = index->role(r).kind();
    if (kind != pb::DELEGATION && kind != pb::OUTSIDE_POWER) continue;
    bot_roles_.push_back(r);
    bots_.emplace_back(index, candidates, index->role(r).id(), engine::view_state(*index, session_.state(), session_.messages(), r), strategy, seed);
  }
  delivered_.assign(bots_.size(), 0);
}

std::optional<engine::Rejection> GameDriver::send(const std::string& role, const pb::Command& command) {
  ++now_;
  auto out = session_.handle(engine::Input{now_, role, 0, command});
  if (auto* r = std::get_if<engine::Rejection>(&out)) return *r;
  auto& events = std::get<std::vector<pb::Event>>(out);
  log_.insert(log_.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
  return std::nullopt;
}

void GameDriver::deliver(std::size_t bot) {
  const auto& index = session_.index();
  for (; delivered_[bot] < log_.size(); ++delivered_[bot]) {
    const auto& e = log_[delivered_[bot]];
    if (!engine::visible_to(index, session_.state(), e, bot_roles_[bot])) continue;
    if (auto* p = player(bot)) p->observe(e);
    else bots_[bot].observe(e);
  }
}

SeatPlayer* GameDriver::player(std::size_t bot) const {
  auto it = players_.find(bots_[bot].role());
  return it == players_.end() ? nullptr : it->second.get();
}

std::vector<pb::Command> GameDriver::act(std::size_t bot) {
  auto* p = player(bot);
  return p ? p->act(engine::role_desk(session_.index(), session_.state(), bot_roles_[bot], 0)) : bots_[bot].act();
}

void GameDriver::refused(std::size_t bot, const pb::Command& command, const engine::Rejection& rejection) {
  // Only a paused session refuses a bot for now; the driver never pauses.
  if (auto* p = player(bot)) p->refused(command, rejection);
  else bots_[bot].refused(command, rejection.code == pb::SESSION_NOT_RUNNING);
}

std::optional<std::string> GameDriver::play() {
  const auto& index = session_.index();
  std::string white = index.role(index.white_cell()).id();
  pb::Command start;
  start.mutable_start();
  if (auto r = send(white, start)) return "the white cell could not start the session: " + r->message;
  pb::Command tick;
  tick.mutable_tick();
  for (int step = 0; step < kMaxSteps; ++step) {
    if (session_.state().status() == pb::ENDED) return std::nullopt;
    bool busy = true;
    for (int pass = 0; busy && pass < kMaxPasses; ++pass) {
      busy = false;
      for (std::size_t b = 0; b < bots_.size(); ++b) {
        deliver(b);
        for (const auto& command : act(b)) {
          busy = true;
          if (auto r = send(bots_[b].role(), command)) refused(b, command, *r);
        }
      }
    }
    // Everyone has acted: the clock jumps to the deadline and the phase (or crisis) closes.
    now_ = std::max(now_, session_.state().deadline_ms());
    if (auto r = send("", tick)) return "the clock was refused: " + r->message;
  }
  return "the game did not end after " + std::to_string(kMaxSteps) + " phases";
}

}  // namespace parley::bots
