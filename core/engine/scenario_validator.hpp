#pragma once
// Checks a parsed scenario for everything the engine relies on: unique and
// known ids, profiles that add up, clause semantics present for each clause
// kind, a playable structure. Reports every problem, not only the first.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/scenario_problem.hpp"
#include "engine/source_map.hpp"
#include "parley/v1/scenario.pb.h"

namespace parley::engine {

class ScenarioValidator {
 public:
  ScenarioValidator(const parley::v1::Scenario& scenario, SourceMap root)
      : s_(scenario), root_(root) {}

  ScenarioProblems validate();

 private:
  void index();
  void check_namespace(const std::string& id, const SourceMap& at, const std::string& path);
  void check_roles();
  void check_profile(const parley::v1::Role& role, const SourceMap& at, const std::string& path);
  void check_voice(const parley::v1::Role& role, const SourceMap& at, const std::string& path);
  static constexpr std::size_t kMaxVoiceLine = 300;
  void check_issues();
  void check_option(const parley::v1::Issue& issue, const parley::v1::Option& option, const SourceMap& at,
                    const std::string& path);
  void check_semantics_present(const parley::v1::Issue& issue, const parley::v1::Option& option,
                               const SourceMap& at, const std::string& path);
  void check_structure();
  void check_rule(const parley::v1::DecisionRule& rule, const SourceMap& at, const std::string& path);
  void check_injects();
  void check_inject(const parley::v1::Inject& inject, const SourceMap& at, const std::string& path);
  void check_stress_test();
  // scenario_validator_outcomes.cpp
  void check_entry_into_force(const parley::v1::EntryIntoForce& eif, const SourceMap& at, const std::string& path,
                              const std::vector<std::string>& eligible);
  void check_outcomes();
  void check_condition(const parley::v1::OutcomeCondition& condition, const SourceMap& at, const std::string& path);

  void add(int line, const std::string& path, const std::string& message);
  void check_role_ref(const std::string& id, int line, const std::string& path, bool delegation_only = false);
  bool is_delegation(const std::string& id) const;
  std::uint32_t delegation_count() const;

  const parley::v1::Scenario& s_;
  SourceMap root_;
  ScenarioProblems problems_;
  std::map<std::string, const parley::v1::Role*> roles_;
  std::map<std::string, const parley::v1::Issue*> issues_;
  std::map<std::string, const parley::v1::Issue*> option_issue_;
  std::map<std::string, const parley::v1::Inject*> injects_;
};

}  // namespace parley::engine
