#include "bots/bot_traits.hpp"

#include <algorithm>
#include <random>

namespace parley::bots {

std::uint64_t mix_seed(std::uint64_t x) {  // splitmix64: neighbouring seeds give unrelated streams
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t role_seed(std::uint64_t seed, const std::string& role) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : role) h = (h ^ c) * 1099511628211ULL;
  return mix_seed(seed ^ mix_seed(h));
}

std::optional<Strategy> parse_strategy(const std::string& name) {
  if (name == "boulware") return Strategy::boulware;
  if (name == "conceder") return Strategy::conceder;
  if (name == "tit-for-tat") return Strategy::tit_for_tat;
  if (name == "mixed") return Strategy::mixed;
  return std::nullopt;
}

const char* strategy_name(Strategy strategy) {
  switch (strategy) {
    case Strategy::boulware: return "boulware";
    case Strategy::conceder: return "conceder";
    case Strategy::tit_for_tat: return "tit-for-tat";
    case Strategy::mixed: return "mixed";
  }
  return "?";
}

BotTraits draw_traits(const engine::ScenarioIndex& index, int role, Strategy requested, std::uint64_t seed) {
  // Uniform draws from raw bits, not std::uniform_*_distribution, whose
  // output differs between standard libraries.
  std::mt19937_64 rng(role_seed(seed, index.role(role).id()));
  auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  auto between = [&unit](double lo, double hi) { return lo + (hi - lo) * unit(); };
  BotTraits t;
  t.strategy = requested == Strategy::mixed ? static_cast<Strategy>(rng() % 3) : requested;
  // Boulwares hold out until the end, conceders give ground early.
  t.pace = t.strategy == Strategy::conceder ? between(0.2, 0.7) : t.strategy == Strategy::boulware ? between(2, 6) : between(0.8, 2);
  // Half take any deal above BATNA; the others insist on a share of the
  // best gain they could hope for, and walk away from a treaty that offers less.
  t.walk_away = unit() < 0.5 ? between(0, 0.05) : between(0.2, t.strategy == Strategy::boulware ? 0.7 : 0.5);
  // Some block what they would not sign; others abstain and stay out (constructive abstention).
  t.vetoes = unit() < 0.6;
  const auto& rounds = index.scenario().structure().rounds();
  t.pledge_round = 1 + static_cast<int>(rng() % std::max<std::size_t>(1, static_cast<std::size_t>(rounds.size())));
  t.generosity = between(0, 0.8);
  t.loyalty = unit();
  std::vector<int> others;
  for (int r : index.delegations()) {
    if (r != role) others.push_back(r);
  }
  // Court one to three partners; an exclusive bot wants them and no more.
  for (std::size_t i = others.size(); i > 1; --i) std::swap(others[i - 1], others[rng() % i]);
  std::size_t want = std::min<std::size_t>(others.size(), 1 + rng() % 3);
  t.partners.assign(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(want));
  std::sort(t.partners.begin(), t.partners.end());
  t.exclusive = unit() < 0.35;
  t.greed = between(0.5, 2.5);
  return t;
}

}  // namespace parley::bots
