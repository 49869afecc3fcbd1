#pragma once
// What a bot says, in its scenario's words: the role's own lines when the
// scenario gives them (Role.voice), otherwise sentences made from the
// issues and options its current profile cares about most and least. Nothing
// here names a treaty, a pact or a country the scenario does not.

#include <cstdint>
#include <string>

#include "engine/scenario_index.hpp"

namespace parley::bots {

class BotVoice {
 public:
  BotVoice(const engine::ScenarioIndex& index, int role) : index_(index), role_(role) {}

  // A first word to a partner the bot wants among the signatories.
  std::string courting(const engine::Profile& profile, int partner) const;
  // An answer to a private message from `to`; `draw` picks among the lines.
  std::string reply(const engine::Profile& profile, int to, std::uint64_t draw) const;

 private:
  struct Stakes {
    int heaviest = 0;  // the issue it weighs most
    int lightest = 0;  // the issue it weighs least (another one when there are two or more)
    int wanted = 0;    // its best option on the heaviest issue
  };
  Stakes stakes(const engine::Profile& profile) const;
  std::string filled(const std::string& line, int to) const;

  const engine::ScenarioIndex& index_;
  int role_;
};

}  // namespace parley::bots
