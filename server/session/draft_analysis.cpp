#include "session/draft_analysis.hpp"

#include <boost/json.hpp>

#include "engine/analyzer.hpp"
#include "engine/state_access.hpp"

namespace parley::app {
namespace json = boost::json;
namespace {

json::array role_ids(const engine::ScenarioIndex& index, const std::vector<int>& roles) {
  json::array out;
  for (int r : roles) out.push_back(json::value(index.role(r).id()));
  return out;
}

json::object options_of(const engine::ScenarioIndex& index, const engine::Text& text) {
  json::object out;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (text[i] >= 0) out[index.issue(i).id()] = index.option(i, text[i]).id();
  }
  return out;
}

json::object utilities_of(const engine::ScenarioIndex& index, const engine::Analyzer& analyzer, const engine::Text& text) {
  json::object out;
  for (int r : index.delegations()) out[index.role(r).id()] = analyzer.utility_of(r, text);
  return out;
}

}  // namespace

std::string draft_analysis_json(const engine::ScenarioIndex& index, const parley::v1::SessionState& state,
                                std::uint64_t max_enumerate) {
  auto profiles = engine::current_profiles(index, state);
  engine::Analyzer analyzer(index, profiles);
  auto analysis = analyzer.run(1, max_enumerate);
  json::object batna;
  for (int r : index.delegations()) {
    if (profiles[r]) batna[index.role(r).id()] = profiles[r]->batna;
  }
  json::value nash = nullptr;
  if (!analysis.nash.empty()) {
    const auto& best = analysis.nash.back();
    nash = json::object{{"options", options_of(index, best.text)},
                        {"signatories", role_ids(index, best.signers)},
                        {"utilities", utilities_of(index, analyzer, best.text)}};
  }
  json::array texts;
  for (const auto& t : state.texts()) {
    auto text = engine::to_text(index, t.options());
    if (t.withdrawn() || !engine::is_complete(text)) continue;
    auto signers = analyzer.signatories(text);
    auto to_nash = analyzer.distance_to_nash(text, analysis);
    texts.push_back(json::object{{"text_id", t.text_id()},
                                 {"utilities", utilities_of(index, analyzer, text)},
                                 {"signatories", role_ids(index, signers)},
                                 {"in_force", analyzer.enters_into_force(text, signers)},
                                 {"distance_to_nash", to_nash ? json::value(*to_nash) : json::value(nullptr)},
                                 {"distance_to_frontier", analyzer.distance_to_frontier(text, analysis)}});
  }
  return json::serialize(json::object{{"exact", analysis.exact},
                                      {"delegations", role_ids(index, index.delegations())},
                                      {"batna", batna},
                                      {"nash", nash},
                                      {"texts", texts}});
}

}  // namespace parley::app
