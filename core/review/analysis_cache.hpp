#pragma once
// Analyzer runs keyed by the profiles they analyse: an inject that leaves
// the delegations' profiles as they were, and rounds that end with the same
// profiles, share one enumeration of the text space.

#include <map>
#include <vector>

#include "engine/analyzer.hpp"
#include "review/review_trace.hpp"

namespace parley::review {

class AnalysisCache {
 public:
  explicit AnalysisCache(const engine::ScenarioIndex& index) : index_(index) {}

  const engine::Analysis& run(const Profiles& profiles);

 private:
  const engine::ScenarioIndex& index_;
  std::map<std::vector<double>, engine::Analysis> runs_;
};

}  // namespace parley::review
