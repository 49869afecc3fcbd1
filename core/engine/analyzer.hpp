#pragma once
// Outcome analysis over the space of treaty texts, for the after-action
// review, the white cell's dashboard and bots: who would sign a text, its
// Nash bargaining product, the Pareto frontier, and distances to both.
//
// Utilities are those of the profiles given (a session passes its current,
// inject-adjusted profiles). The frontier is over the delegations' utility
// vectors. Spaces up to `max_enumerate` texts are enumerated exactly;
// larger ones are searched by a seeded uniform sample of that many texts
// (reported as exact = false). The Nash texts, the frontier and the
// Kalai–Smorodinsky text come from the same pass.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/scenario_index.hpp"

namespace parley::engine {

struct NashText {
  int signatories = 0;          // how many delegations sign it
  Text text;
  double product = 0;           // product of utility gains over BATNA among signatories that gain
  std::vector<int> signers;     // role indices
};

struct Analysis {
  double space_size = 0;
  bool exact = true;
  std::uint64_t examined = 0;
  std::uint64_t acceptable = 0;       // texts that would enter into force
  std::vector<NashText> nash;         // best text per signatory count, ascending count
  std::vector<Text> frontier;         // Pareto-optimal texts (delegations' utilities)
  // Among texts that would enter into force, the one maximising the smallest
  // share any delegation gets of its possible gain (BATNA to its best such
  // text): the Kalai–Smorodinsky solution. Absent when no text would.
  std::optional<Text> kalai_smorodinsky;
};

class Analyzer {
 public:
  Analyzer(const ScenarioIndex& index, std::vector<std::optional<Profile>> profiles)
      : index_(index), profiles_(std::move(profiles)) {}

  Analysis run(std::uint64_t seed = 1, std::uint64_t max_enumerate = 1'000'000) const;

  double utility_of(int role, const Text& text) const { return utility(*profiles_[role], text); }
  std::vector<int> signatories(const Text& text) const;
  bool enters_into_force(const Text& text, const std::vector<int>& signers) const;
  // Nash product among the signatories, if the text would enter into force.
  std::optional<double> nash_product(const Text& text) const;
  // Mean effectiveness of the chosen options (0..1).
  double effectiveness(const Text& text) const;
  // Utilities of every delegation, in ScenarioIndex::delegations() order.
  std::vector<double> delegation_utilities(const Text& text) const;
  // Euclidean distance in delegation-utility space to the nearest frontier text.
  double distance_to_frontier(const Text& text, const Analysis& analysis) const;
  // Euclidean distance to the Nash text with the most signatories.
  std::optional<double> distance_to_nash(const Text& text, const Analysis& analysis) const;
  std::optional<double> distance_to_ks(const Text& text, const Analysis& analysis) const;

  Text decode(std::uint64_t n) const;  // the n-th text in enumeration order

 private:
  const ScenarioIndex& index_;
  std::vector<std::optional<Profile>> profiles_;
};

}  // namespace parley::engine
