#pragma once
// Fast lookups over a validated scenario: roles, issues and options by
// index, the clause issue of each kind, and each role's starting profile.
// Immutable after construction; share it freely between threads.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/v1/scenario.pb.h"

namespace parley::engine {

// A treaty text: the chosen option index for each issue, -1 where open.
using Text = std::vector<int>;

// A role's preferences as they stand (injects change them during play).
struct Profile {
  std::vector<double> weights;              // per issue, sum 100
  std::vector<std::vector<double>> scores;  // per issue, per option, 0..100
  std::vector<std::vector<bool>> red;       // red lines, per issue, per option
  double batna = 0;
  long long budget = 0;
  double point_utility = 0;
};

class ScenarioIndex {
 public:
  // The scenario must have passed validation.
  explicit ScenarioIndex(parley::v1::Scenario scenario);

  const parley::v1::Scenario& scenario() const { return s_; }

  int role_count() const { return s_.roles_size(); }
  const parley::v1::Role& role(int r) const { return s_.roles(r); }
  std::optional<int> role_index(const std::string& id) const;
  bool is_delegation(int r) const { return role(r).kind() == parley::v1::DELEGATION; }
  bool has_profile(int r) const { return starting_profiles_[r].has_value(); }
  const std::vector<int>& delegations() const { return delegations_; }
  int white_cell() const { return white_cell_; }

  int issue_count() const { return s_.issues_size(); }
  const parley::v1::Issue& issue(int i) const { return s_.issues(i); }
  int option_count(int issue) const { return s_.issues(issue).options_size(); }
  const parley::v1::Option& option(int issue, int option) const { return s_.issues(issue).options(option); }
  std::optional<std::pair<int, int>> option_index(const std::string& id) const;
  std::optional<int> issue_index(const std::string& id) const;
  // The inject with this id, or nullptr.
  const parley::v1::Inject* inject(const std::string& id) const;
  // The issue of a clause kind, if the scenario has one.
  std::optional<int> clause_issue(parley::v1::ClauseKind kind) const;

  // Delegations that may sign a text (all of them when there is no
  // membership clause or the text leaves it open).
  std::vector<int> eligible(const Text& text) const;
  // What a text needs to enter into force: its membership option's own rule when it has one,
  // else the structure's.
  const parley::v1::EntryIntoForce& entry_into_force(const Text& text) const;

  const Profile& starting_profile(int r) const { return *starting_profiles_[r]; }
  std::vector<std::optional<Profile>> starting_profiles() const { return starting_profiles_; }

  // Total number of complete texts.
  double text_space_size() const;
  // The n-th complete text, counting the last issue's options fastest.
  Text text_at(std::uint64_t n) const;

 private:
  parley::v1::Scenario s_;
  std::map<std::string, int> roles_;
  std::map<std::string, std::pair<int, int>> options_;
  std::map<std::string, int> issues_;
  std::map<std::string, int> injects_;
  std::vector<int> delegations_;
  int white_cell_ = -1;
  std::vector<std::optional<Profile>> starting_profiles_;
  std::vector<std::vector<int>> eligible_;  // per membership option, sorted
};

double utility(const Profile& profile, const Text& text);
bool breaks_red_line(const Profile& profile, const Text& text);
// Signs iff the text is complete, at least as good as BATNA, and clear of red lines.
bool would_sign(const Profile& profile, const Text& text);
bool is_complete(const Text& text);

}  // namespace parley::engine
