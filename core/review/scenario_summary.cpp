#include "review/scenario_summary.hpp"

#include <boost/json.hpp>

#include "engine/analyzer.hpp"

namespace parley::review {
namespace json = boost::json;
using engine::Analyzer;
using engine::ScenarioIndex;
using engine::Text;

namespace {

json::object text_json(const ScenarioIndex& index, const Text& text) {
  json::object out;
  for (int i = 0; i < index.issue_count(); ++i) out[index.issue(i).id()] = index.option(i, text[i]).id();
  return out;
}

json::object utilities_json(const ScenarioIndex& index, const Analyzer& analyzer, const Text& text) {
  json::object out;
  for (int r : index.delegations()) out[index.role(r).id()] = analyzer.utility_of(r, text);
  return out;
}

json::object nash_json(const ScenarioIndex& index, const Analyzer& analyzer, const engine::NashText& n) {
  json::array signers;
  for (int r : n.signers) signers.push_back(json::value(index.role(r).id()));
  return {{"signatories", n.signatories},
          {"text", text_json(index, n.text)},
          {"product", n.product},
          {"signers", signers},
          {"utilities", utilities_json(index, analyzer, n.text)},
          {"effectiveness", analyzer.effectiveness(n.text)}};
}

// Each delegation's best and worst text among the Pareto-optimal ones: how
// much an efficient deal can give it, and how little.
json::array extremes_json(const ScenarioIndex& index, const Analyzer& analyzer, const engine::Analysis& a) {
  json::array out;
  for (int r : index.delegations()) {
    const Text* best = nullptr;
    const Text* worst = nullptr;
    for (const auto& t : a.frontier) {
      if (!best || analyzer.utility_of(r, t) > analyzer.utility_of(r, *best)) best = &t;
      if (!worst || analyzer.utility_of(r, t) < analyzer.utility_of(r, *worst)) worst = &t;
    }
    json::object role{{"role", index.role(r).id()}, {"batna", index.starting_profile(r).batna}};
    if (best) {
      role["best"] = json::object{{"text", text_json(index, *best)}, {"utility", analyzer.utility_of(r, *best)}};
      role["worst"] = json::object{{"text", text_json(index, *worst)}, {"utility", analyzer.utility_of(r, *worst)}};
    }
    out.push_back(std::move(role));
  }
  return out;
}

}  // namespace

json::object scenario_summary(const ScenarioIndex& index) {
  Analyzer analyzer(index, index.starting_profiles());
  auto analysis = analyzer.run();
  json::array roles;
  for (int r = 0; r < index.role_count(); ++r) {
    roles.push_back(json::object{{"id", index.role(r).id()}, {"name", index.role(r).name()},
                                 {"kind", parley::v1::RoleKind_Name(index.role(r).kind())}});
  }
  json::array nash;
  for (const auto& n : analysis.nash) nash.push_back(nash_json(index, analyzer, n));
  return {{"scenario", index.scenario().id()},     {"roles", roles},
          {"issues", index.issue_count()},         {"space_size", analysis.space_size},
          {"exact", analysis.exact},               {"acceptable", analysis.acceptable},
          {"nash", nash},                          {"frontier_size", analysis.frontier.size()},
          {"extremes", extremes_json(index, analyzer, analysis)}};
}

}  // namespace parley::review
