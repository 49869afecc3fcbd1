#include "engine/analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace parley::engine {
namespace {

double euclid(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i] - 1e-9) return false;
    if (a[i] > b[i] + 1e-9) better = true;
  }
  return better;
}

struct Point {
  Text text;
  std::vector<double> u;
  double sum;
  bool acceptable;  // would enter into force
};

// Points in descending order of utility sum can only be dominated by points
// before them, so checking against the frontier found so far is enough.
std::vector<Text> pareto(std::vector<Point> points) {
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.sum > b.sum; });
  std::vector<const Point*> front;
  for (const auto& p : points) {
    bool dominated = std::any_of(front.begin(), front.end(), [&](const Point* f) { return dominates(f->u, p.u); });
    if (!dominated) front.push_back(&p);
  }
  std::vector<Text> out;
  for (const auto* f : front) out.push_back(f->text);
  std::sort(out.begin(), out.end());
  return out;
}

// The acceptable point whose worst relative gain over BATNA is largest; ties
// go to the larger utility sum, then enumeration order.
std::optional<Text> kalai_smorodinsky(const std::vector<Point>& points, const std::vector<double>& batna) {
  std::vector<double> ideal(batna);
  for (const auto& p : points) {
    if (!p.acceptable) continue;
    for (std::size_t i = 0; i < ideal.size(); ++i) ideal[i] = std::max(ideal[i], p.u[i]);
  }
  const Point* best = nullptr;
  double best_share = -INFINITY;
  for (const auto& p : points) {
    if (!p.acceptable) continue;
    double share = INFINITY;
    for (std::size_t i = 0; i < ideal.size(); ++i) {
      if (ideal[i] - batna[i] > 1e-9) share = std::min(share, (p.u[i] - batna[i]) / (ideal[i] - batna[i]));
    }
    if (!best || share > best_share + 1e-9 || (share > best_share - 1e-9 && p.sum > best->sum + 1e-9)) {
      best = &p;
      best_share = share;
    }
  }
  if (!best) return std::nullopt;
  return best->text;
}

}  // namespace

Text Analyzer::decode(std::uint64_t n) const { return index_.text_at(n); }

std::vector<int> Analyzer::signatories(const Text& text) const {
  std::vector<int> out;
  for (int r : index_.eligible(text)) {
    if (would_sign(*profiles_[r], text)) out.push_back(r);
  }
  return out;
}

bool Analyzer::enters_into_force(const Text& text, const std::vector<int>& signers) const {
  const auto& eif = index_.entry_into_force(text);
  if (signers.size() < eif.min_signatories()) return false;
  for (const auto& id : eif.required()) {
    int r = *index_.role_index(id);
    if (std::find(signers.begin(), signers.end(), r) == signers.end()) return false;
  }
  return true;
}

std::optional<double> Analyzer::nash_product(const Text& text) const {
  auto signers = signatories(text);
  if (!enters_into_force(text, signers)) return std::nullopt;
  double product = 1;
  for (int r : signers) {
    double gain = utility(*profiles_[r], text) - profiles_[r]->batna;
    if (gain > 1e-9) product *= gain;
  }
  return product;
}

double Analyzer::effectiveness(const Text& text) const {
  double sum = 0;
  int n = 0;
  for (int i = 0; i < index_.issue_count(); ++i) {
    if (text[i] < 0) continue;
    sum += index_.option(i, text[i]).effectiveness();
    ++n;
  }
  return n == 0 ? 0 : sum / n;
}

std::vector<double> Analyzer::delegation_utilities(const Text& text) const {
  std::vector<double> u;
  for (int r : index_.delegations()) u.push_back(utility(*profiles_[r], text));
  return u;
}

Analysis Analyzer::run(std::uint64_t seed, std::uint64_t max_enumerate) const {
  Analysis out;
  out.space_size = index_.text_space_size();
  out.exact = out.space_size <= static_cast<double>(max_enumerate);
  out.examined = out.exact ? static_cast<std::uint64_t>(out.space_size) : max_enumerate;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> pick(0.0, out.space_size);

  std::map<int, NashText> best;
  std::vector<Point> points;
  points.reserve(out.examined);
  for (std::uint64_t n = 0; n < out.examined; ++n) {
    Text text = decode(out.exact ? n : static_cast<std::uint64_t>(pick(rng)));
    auto u = delegation_utilities(text);
    double sum = std::accumulate(u.begin(), u.end(), 0.0);
    auto signers = signatories(text);
    bool acceptable = enters_into_force(text, signers);
    points.push_back({text, std::move(u), sum, acceptable});
    if (!acceptable) continue;
    ++out.acceptable;
    double product = *nash_product(text);
    int count = static_cast<int>(signers.size());
    auto it = best.find(count);
    if (it == best.end() || product > it->second.product + 1e-9) best[count] = {count, text, product, signers};
  }
  for (auto& [count, nash] : best) out.nash.push_back(std::move(nash));
  std::vector<double> batna;
  for (int r : index_.delegations()) batna.push_back(profiles_[r]->batna);
  out.kalai_smorodinsky = kalai_smorodinsky(points, batna);
  out.frontier = pareto(std::move(points));
  return out;
}

double Analyzer::distance_to_frontier(const Text& text, const Analysis& analysis) const {
  auto u = delegation_utilities(text);
  double best = INFINITY;
  for (const auto& f : analysis.frontier) best = std::min(best, euclid(u, delegation_utilities(f)));
  return best;
}

std::optional<double> Analyzer::distance_to_nash(const Text& text, const Analysis& analysis) const {
  if (analysis.nash.empty()) return std::nullopt;
  return euclid(delegation_utilities(text), delegation_utilities(analysis.nash.back().text));
}

std::optional<double> Analyzer::distance_to_ks(const Text& text, const Analysis& analysis) const {
  if (!analysis.kalai_smorodinsky) return std::nullopt;
  return euclid(delegation_utilities(text), delegation_utilities(*analysis.kalai_smorodinsky));
}

}  // namespace parley::engine
