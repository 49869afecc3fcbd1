#pragma once
// What a bot decides, apart from how its commands travel. It sees only what
// its role is shown (the role's view of the state, then the events visible
// to it), keeps its own profile up to date as injects change it, and answers
// act() with the commands to send now. No I/O, no clock, no threads: the
// networked Bot and the in-memory GameDriver both drive it, so a rehearsal
// plays the same bots as a live session.
//
// Its aspiration falls from the best text it could hope for toward its
// reservation (BATNA plus a seeded walk-away margin) as the rounds pass, at
// a seeded pace (late for boulware, early for conceder; tit-for-tat mirrors
// the best offer others have tabled). It tables the text that best trades
// its own gain over its reservation against how near the text is to what the
// other parties proposed (taking their option on the issues it cares less
// about), conceding to its reservation when no later phase lets it table;
// answers new proposals within the phase; votes yes at its aspiration (and,
// in the last vote, on every text it would sign) and no on a text it would
// not sign that needs its signature; pledges part of its budget to the
// partners it needs; signs only if the text (with pledges it would receive)
// clears its reservation and no red line; and in the stress test weighs the
// cost of committing against the penalty for defecting and its own loyalty.
//
// Deterministic for a seed and an event history. One owner at a time.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bots/bot_traits.hpp"
#include "bots/bot_voice.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::bots {

class BotPolicy {
 public:
  // `candidates` are the texts it may table (text_candidates()); shared, read-only.
  BotPolicy(std::shared_ptr<const engine::ScenarioIndex> index, std::shared_ptr<const std::vector<engine::Text>> candidates,
            const std::string& role, const parley::v1::SessionState& view, Strategy strategy, std::uint64_t seed);

  void observe(const parley::v1::Event& e);
  // The commands to send now, in order; empty when it has nothing to add.
  std::vector<parley::v1::Command> act();
  // The engine refused `command`; a final refusal is never sent again.
  void refused(const parley::v1::Command& command, bool retryable);

  bool ended() const { return ended_; }
  const std::string& role() const { return role_; }
  const BotTraits& traits() const { return traits_; }

 private:
  struct TextSeen {
    engine::Text text;
    std::string author;
    bool withdrawn = false;
    std::set<std::string> backers;  // the author and its co-sponsors
  };
  double aspiration() const;
  double progress() const;
  // The least it accepts: BATNA plus its walk-away margin, a margin that melts as the
  // conference runs out (a deal above the BATNA beats none when no later chance comes);
  // a boulware bot keeps half of it to the end.
  double reservation() const {
    double melt = traits_.strategy == Strategy::boulware ? 0.5 : 1.0;
    return profile_.batna + traits_.walk_away * (1 - melt * progress()) * std::max(0.0, ideal_ - profile_.batna);
  }
  double utility(const engine::Text& t) const { return engine::utility(profile_, t); }
  bool acceptable(const engine::Text& t) const;
  // acceptable() for candidate k, from the cached worth (candidates are complete texts).
  bool candidate_acceptable(std::size_t k, double floor) const;
  double courtship(const engine::Text& t) const;
  // 0..1: how near the text is to what the other parties it needs have proposed (their
  // tabled and co-sponsored texts; 0.5 for a party that has proposed nothing yet).
  std::vector<std::vector<const engine::Text*>> backed_texts() const;
  double agreement(const engine::Text& t, const std::vector<std::vector<const engine::Text*>>& backed) const;
  // No later phase of the scenario allows this action: the last chance to take it.
  bool last_chance(const char* action) const;
  // Entry into force needs this role's signature on the text.
  bool needed(const engine::Text& t) const;
  void refresh_best();
  bool allowed(const char* action) const;
  void plenary(std::vector<parley::v1::Command>& out);
  void vote(std::vector<parley::v1::Command>& out);
  void court(std::vector<parley::v1::Command>& out);
  void pledge(std::vector<parley::v1::Command>& out);
  void sign(std::vector<parley::v1::Command>& out);
  void crisis(std::vector<parley::v1::Command>& out);
  void push(std::vector<parley::v1::Command>& out, parley::v1::Command command) const;

  std::shared_ptr<const engine::ScenarioIndex> index_;
  std::shared_ptr<const std::vector<engine::Text>> candidates_;
  std::string role_;
  int role_index_ = -1;
  BotTraits traits_;
  BotVoice voice_;
  std::mt19937_64 rng_;
  engine::Profile profile_;
  parley::v1::RoleState self_;
  std::vector<double> cand_utility_;  // per candidate, for the current profile
  std::vector<char> cand_red_;        // per candidate: crosses a red line
  double best_possible_ = 0;  // best utility of a text it would sign
  double ideal_ = 0;          // best utility of any text clear of its red lines
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
  bool courted_ = false;
  double pledged_to_me_if_sign_ = 0;
  double pledged_to_me_if_decline_ = 0;
  std::string acted_for_;                 // the phase or crisis last acted on
  std::size_t texts_at_tabling_ = 0;      // texts seen when it last tabled in this phase
  int tabled_this_phase_ = 0;
  std::set<std::string> rejected_;        // commands never to send again
  std::set<std::string> pending_replies_;
  std::set<std::string> replied_;
};

// Every complete text, or a fixed-seed sample of a space too large to list.
std::shared_ptr<const std::vector<engine::Text>> text_candidates(const engine::ScenarioIndex& index);

}  // namespace parley::bots
