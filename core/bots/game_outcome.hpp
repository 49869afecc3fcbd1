#pragma once
// What one finished game came to, in the terms a rehearsal counts: treaty
// in force or not, the shape of the signatory set, the adopted text, each
// crisis held or failed with the clause that decided it, and what every
// delegation got against its BATNA. Computed from the final state alone.

#include <string>
#include <vector>

#include "engine/session.hpp"

namespace parley::bots {

struct CrisisVerdict {
  std::string crisis;      // inject id
  std::string outcome;     // held, failed or not invoked: CrisisResolved.outcome
  std::string decided_by;  // the deciding clause kind: CrisisResolved.deciding_kind
};

struct DelegationGain {
  std::string role;
  double gain = 0;  // what it ended with minus its BATNA (0: no treaty for it, nothing paid)
};

struct GameOutcome {
  bool in_force = false;
  std::string signatory_set;             // "full bloc", "small core", "bilateral" or "none"
  std::vector<std::string> signatories;  // scenario order
  engine::Text adopted;                  // empty: nothing adopted
  std::vector<CrisisVerdict> crises;
  std::vector<DelegationGain> gains;     // every delegation, scenario order
  std::string category;                  // the scenario's named outcome it reached (id); "" when it names none
};

GameOutcome summarize(const engine::Session& session);

}  // namespace parley::bots
