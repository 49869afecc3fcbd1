#pragma once
// A bot that holds one seat and negotiates from its own role's private
// profile, using only what that seat is shown. Its aspiration falls from
// the best text it could hope for toward its BATNA as the rounds pass
// (late for boulware, early for conceder; tit-for-tat mirrors the best
// offer others have tabled). It tables texts near its aspiration that
// resemble what others tabled, votes by utility against aspiration,
// pledges to buy the signatures it needs, signs if and only if the text
// (with pledges it would receive) beats its BATNA and breaks no red line,
// answers messages briefly, and in the stress test weighs the cost of
// committing against the penalty for defecting. It never repeats a command
// that was rejected. Deterministic for a seed and an event history.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "engine/scenario_index.hpp"
#include "session_link.hpp"

namespace parley::cli {

enum class Strategy { boulware, conceder, tit_for_tat };

class Bot {
 public:
  Bot(std::unique_ptr<SessionLink> link, Strategy strategy, std::uint64_t seed, bool verbose);

  // Plays until the session ends, the link fails, or `stop` is set,
  // reacting to events as they arrive (free-running, for live sessions).
  Status run(const std::atomic<bool>& stop);
  // Lockstep play (the demo): catch up with everything committed, then act
  // on the current phase. Same seed and same history give the same moves.
  Status take_turn();
  bool ended() const { return ended_; }
  const std::string& role() const { return role_; }

 private:
  struct TextSeen {
    engine::Text text;
    std::string author;
    bool withdrawn = false;
  };
  void observe(const parley::v1::Event& e);
  void act();
  void send(const parley::v1::Command& command);
  double aspiration() const;
  double progress() const;
  double utility(const engine::Text& t) const { return engine::utility(profile_, t); }
  bool acceptable(const engine::Text& t) const;
  void plenary();
  void vote();
  void pledge_for_signatures();
  void sign();
  void crisis();
  void reply_to(const std::string& from);
  bool allowed(const char* action) const;

  std::unique_ptr<SessionLink> link_;
  Strategy strategy_;
  std::mt19937_64 rng_;
  bool verbose_;
  std::string role_;
  int role_index_ = -1;
  std::shared_ptr<engine::ScenarioIndex> index_;
  engine::Profile profile_;
  parley::v1::RoleState self_;
  double best_possible_ = 0;
  int round_ = 0;
  int phase_index_ = 0;
  std::string phase_;
  bool ended_ = false;
  bool stress_ = false;
  std::string crisis_;
  parley::v1::CrisisOpened crisis_info_;
  std::map<std::string, TextSeen> texts_;
  std::string adopted_;
  std::set<std::string> signed_;
  bool pledged_ = false;
  double pledged_to_me_if_sign_ = 0;
  double pledged_to_me_if_decline_ = 0;
  std::string acted_for_;                 // the phase or crisis last acted on
  std::set<std::string> rejected_;        // commands never to send again
  std::set<std::string> pending_replies_;
  std::set<std::string> replied_;
};

Strategy parse_strategy(const std::string& name, bool& ok);

}  // namespace parley::cli
