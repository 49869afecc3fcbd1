#pragma once
// Why a crisis ended as it did, as data: the outcome ("held", "failed", or
// "not invoked" when the pact obliged nobody), the adopted clause that decided it, and the reasons in the
// order the rules applied them (scope, trigger, who answered, cost,
// command). Reads only the scenario's clauses and the resolved facts.

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine::rules {

// An adopted clause: the issue and the option the adopted text chose.
struct ClauseRef {
  const parley::v1::Issue* issue = nullptr;
  const parley::v1::Option* option = nullptr;
};

struct CrisisFacts {
  const parley::v1::Inject* inject = nullptr;
  ClauseRef membership, scope, trigger, cost, command, precedence, deterrence;
  bool victim_is_member = false;
  std::size_t members = 0;
};

// Fills outcome, deciding_issue, deciding_kind and reasons of a resolved
// crisis whose members, obligation, funding, lead and strength are set.
void account_for(const ScenarioIndex& index, const CrisisFacts& facts, parley::v1::CrisisResolved& out);

}  // namespace parley::engine::rules
