#include "review/analysis_cache.hpp"

namespace parley::review {

const engine::Analysis& AnalysisCache::run(const Profiles& profiles) {
  std::vector<double> key;
  for (const auto& p : profiles) {
    key.push_back(p ? 1 : 0);
    if (!p) continue;
    key.push_back(p->batna);
    key.insert(key.end(), p->weights.begin(), p->weights.end());
    for (const auto& s : p->scores) key.insert(key.end(), s.begin(), s.end());
    for (const auto& red : p->red) {
      for (bool r : red) key.push_back(r ? 1 : 0);
    }
  }
  auto it = runs_.find(key);
  if (it == runs_.end()) it = runs_.emplace(std::move(key), engine::Analyzer(index_, profiles).run()).first;
  return it->second;
}

}  // namespace parley::review
