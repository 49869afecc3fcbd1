#include "engine/analyzer.hpp"

#include <doctest/doctest.h>

#include "scenario_fixture.hpp"

using parley::engine::Analyzer;
using parley::engine::ScenarioIndex;
using parley::engine::Text;

namespace {

Text text_of(const ScenarioIndex& index, const std::vector<std::string>& ids) {
  Text t(index.issue_count(), -1);
  for (const auto& id : ids) {
    auto [i, o] = *index.option_index(id);
    t[i] = o;
  }
  return t;
}

}  // namespace

TEST_CASE("the design note's expected analysis comes out exactly (the default scenario as the note gave it)") {
  ScenarioIndex index(parley::test::load_fixture(parley::test::kDesignOracle));
  Analyzer analyzer(index, index.starting_profiles());
  auto a = analyzer.run();
  CHECK(a.exact);
  CHECK(a.space_size == 9216);
  CHECK(a.acceptable == 2227);

  auto five = std::find_if(a.nash.begin(), a.nash.end(), [](const auto& n) { return n.signatories == 5; });
  REQUIRE(five != a.nash.end());
  CHECK(five->text == text_of(index, {"M3", "C2", "F4", "T2", "S3", "P2", "N2"}));
  const std::vector<std::pair<std::string, double>> expected{{"PAK", 67.5}, {"KSA", 74.5}, {"TUR", 88.0},
                                                             {"AZE", 74.0}, {"QAT", 74.5}, {"IRN", 22.5}};
  for (const auto& [id, u] : expected) {
    INFO(id);
    CHECK(analyzer.utility_of(*index.role_index(id), five->text) == doctest::Approx(u));
  }
  // No text with Iran as a signatory is acceptable to Saudi Arabia.
  int irn = *index.role_index("IRN");
  for (const auto& n : a.nash) CHECK(std::find(n.signers.begin(), n.signers.end(), irn) == n.signers.end());
  CHECK(a.nash.back().signatories == 5);
}

TEST_CASE("signatures follow BATNA and red lines, and eligibility follows membership") {
  ScenarioIndex index(parley::test::load_fixture(parley::test::kDesignOracle));
  Analyzer analyzer(index, index.starting_profiles());
  int ksa = *index.role_index("KSA");
  auto nash = text_of(index, {"M3", "C2", "F4", "T2", "S3", "P2", "N2"});
  auto signers = analyzer.signatories(nash);
  CHECK(std::find(signers.begin(), signers.end(), ksa) != signers.end());
  // Same text with Israel named: KSA's red line, so KSA does not sign and the pact cannot enter into force.
  auto named = text_of(index, {"M3", "C2", "F4", "T2", "S1", "P2", "N2"});
  auto without = analyzer.signatories(named);
  CHECK(std::find(without.begin(), without.end(), ksa) == without.end());
  CHECK_FALSE(analyzer.nash_product(named).has_value());
  // The bilateral option makes only the two founders eligible.
  auto bilateral = text_of(index, {"M1", "C2", "F4", "T2", "S3", "P2", "N2"});
  CHECK(index.eligible(bilateral).size() == 2);
  // A partial text is never signed.
  Text partial = nash;
  partial[0] = -1;
  CHECK(analyzer.signatories(partial).empty());
}

TEST_CASE("the frontier holds only undominated texts, and the Nash text is on it") {
  ScenarioIndex index(parley::test::load_scenario(parley::test::kSmallScenario));
  Analyzer analyzer(index, index.starting_profiles());
  auto a = analyzer.run();
  CHECK(a.space_size == 60);
  REQUIRE_FALSE(a.frontier.empty());
  // Brute force: a text is on the frontier iff no other text dominates it.
  for (std::uint64_t n = 0; n < 60; ++n) {
    auto t = analyzer.decode(n);
    auto u = analyzer.delegation_utilities(t);
    bool dominated = false;
    for (std::uint64_t m = 0; m < 60 && !dominated; ++m) {
      auto v = analyzer.delegation_utilities(analyzer.decode(m));
      bool ge = true, gt = false;
      for (std::size_t k = 0; k < u.size(); ++k) {
        ge = ge && v[k] >= u[k];
        gt = gt || v[k] > u[k];
      }
      dominated = ge && gt;
    }
    bool listed = std::find(a.frontier.begin(), a.frontier.end(), t) != a.frontier.end();
    CHECK(listed == !dominated);
  }
  for (const auto& n : a.nash) CHECK(analyzer.distance_to_frontier(n.text, a) == doctest::Approx(0.0));
  CHECK(*analyzer.distance_to_nash(a.nash.back().text, a) == doctest::Approx(0.0));
}

TEST_CASE("a space larger than the enumeration limit is sampled, reproducibly") {
  ScenarioIndex index(parley::test::load_fixture(parley::test::kDesignOracle));
  Analyzer analyzer(index, index.starting_profiles());
  auto a = analyzer.run(7, 2000);
  auto b = analyzer.run(7, 2000);
  CHECK_FALSE(a.exact);
  CHECK(a.examined == 2000);
  CHECK(a.frontier == b.frontier);
  REQUIRE_FALSE(a.nash.empty());
  CHECK(a.nash.back().text == b.nash.back().text);
}

TEST_CASE("effectiveness is the mean of the chosen options' coefficients") {
  ScenarioIndex index(parley::test::load_fixture(parley::test::kDesignOracle));
  Analyzer analyzer(index, index.starting_profiles());
  auto strongest = text_of(index, {"M3", "C1", "F1", "T1", "S2", "P1", "N1"});
  CHECK(analyzer.effectiveness(strongest) == doctest::Approx((0.8 + 0.9 + 0.9 + 1.0 + 0.8 + 0.9 + 1.0) / 7));
}
