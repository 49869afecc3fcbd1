#include "engine/scenario_index.hpp"

#include <algorithm>

namespace parley::engine {
namespace pb = parley::v1;

ScenarioIndex::ScenarioIndex(pb::Scenario scenario) : s_(std::move(scenario)) {
  for (int r = 0; r < s_.roles_size(); ++r) {
    const auto& role = s_.roles(r);
    roles_[role.id()] = r;
    if (role.kind() == pb::DELEGATION) delegations_.push_back(r);
    if (role.kind() == pb::WHITE_CELL) white_cell_ = r;
  }
  for (int i = 0; i < s_.issues_size(); ++i) {
    issues_[s_.issues(i).id()] = i;
    for (int o = 0; o < s_.issues(i).options_size(); ++o) options_[s_.issues(i).options(o).id()] = {i, o};
  }
  for (int i = 0; i < s_.injects_size(); ++i) injects_[s_.injects(i).id()] = i;
  starting_profiles_.resize(s_.roles_size());
  for (int r = 0; r < s_.roles_size(); ++r) {
    if (!s_.roles(r).has_profile()) continue;
    const auto& p = s_.roles(r).profile();
    Profile prof;
    prof.weights.assign(issue_count(), 0);
    prof.scores.resize(issue_count());
    prof.red.resize(issue_count());
    for (int i = 0; i < issue_count(); ++i) {
      prof.scores[i].assign(option_count(i), 0);
      prof.red[i].assign(option_count(i), false);
    }
    for (const auto& pref : p.issues()) {
      int i = issues_.at(pref.issue());
      prof.weights[i] = pref.weight();
      for (int o = 0; o < pref.scores_size() && o < option_count(i); ++o) prof.scores[i][o] = pref.scores(o);
    }
    for (const auto& red : p.red_lines()) {
      auto [i, o] = options_.at(red);
      prof.red[i][o] = true;
    }
    prof.batna = p.batna();
    prof.budget = p.pledge_budget();
    prof.point_utility = p.pledge_point_utility();
    starting_profiles_[r] = std::move(prof);
  }
  if (auto m = clause_issue(pb::MEMBERSHIP)) {
    for (int o = 0; o < option_count(*m); ++o) {
      std::vector<int> list;
      for (const auto& id : option(*m, o).membership().eligible()) list.push_back(roles_.at(id));
      std::sort(list.begin(), list.end());
      eligible_.push_back(std::move(list));
    }
  }
}

std::optional<int> ScenarioIndex::role_index(const std::string& id) const {
  auto it = roles_.find(id);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::pair<int, int>> ScenarioIndex::option_index(const std::string& id) const {
  auto it = options_.find(id);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> ScenarioIndex::issue_index(const std::string& id) const {
  auto it = issues_.find(id);
  if (it == issues_.end()) return std::nullopt;
  return it->second;
}

const pb::Inject* ScenarioIndex::inject(const std::string& id) const {
  auto it = injects_.find(id);
  return it == injects_.end() ? nullptr : &s_.injects(it->second);
}

std::optional<int> ScenarioIndex::clause_issue(pb::ClauseKind kind) const {
  for (int i = 0; i < issue_count(); ++i) {
    if (issue(i).kind() == kind) return i;
  }
  return std::nullopt;
}

std::vector<int> ScenarioIndex::eligible(const Text& text) const {
  auto m = clause_issue(pb::MEMBERSHIP);
  if (!m || text[*m] < 0) return delegations_;
  return eligible_[text[*m]];
}

const pb::EntryIntoForce& ScenarioIndex::entry_into_force(const Text& text) const {
  auto m = clause_issue(pb::MEMBERSHIP);
  if (m && *m < static_cast<int>(text.size()) && text[*m] >= 0) {
    const auto& membership = option(*m, text[*m]).membership();
    if (membership.has_entry_into_force()) return membership.entry_into_force();
  }
  return s_.structure().entry_into_force();
}

double ScenarioIndex::text_space_size() const {
  double n = 1;
  for (int i = 0; i < issue_count(); ++i) n *= option_count(i);
  return n;
}

Text ScenarioIndex::text_at(std::uint64_t n) const {
  Text t(issue_count());
  for (int i = issue_count() - 1; i >= 0; --i) {
    auto k = static_cast<std::uint64_t>(option_count(i));
    t[i] = static_cast<int>(n % k);
    n /= k;
  }
  return t;
}

double utility(const Profile& profile, const Text& text) {
  double u = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= 0) u += profile.weights[i] * profile.scores[i][text[i]];
  }
  return u / 100.0;
}

bool breaks_red_line(const Profile& profile, const Text& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= 0 && profile.red[i][text[i]]) return true;
  }
  return false;
}

bool is_complete(const Text& text) {
  return std::all_of(text.begin(), text.end(), [](int o) { return o >= 0; });
}

bool would_sign(const Profile& profile, const Text& text) {
  return is_complete(text) && utility(profile, text) >= profile.batna - 1e-9 && !breaks_red_line(profile, text);
}

}  // namespace parley::engine
