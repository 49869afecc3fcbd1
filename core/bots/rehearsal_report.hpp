#pragma once
// The distribution of a rehearsal's outcomes: counts per outcome, in a
// fixed order (games are added in run order), as a table for people or as
// JSON for programs. Holds a reference to the index; it must outlive this.

#include <boost/json.hpp>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "bots/rehearsal.hpp"

namespace parley::bots {

class RehearsalReport {
 public:
  RehearsalReport(const engine::ScenarioIndex& index, const RehearsalPlan& plan, const std::vector<RehearsedGame>& games);

  boost::json::object to_json() const;
  void print(std::ostream& out) const;
  int errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  struct CrisisTally {
    std::map<std::string, int> runs;                       // outcome -> count
    std::map<std::string, std::map<std::string, int>> by;  // outcome -> deciding clause -> count
  };
  struct Gain {
    double sum = 0, min = 0, max = 0;
    int n = 0;
  };
  struct StrategyTally {
    int runs = 0;
    int in_force = 0;
    std::map<std::string, int> sets;
  };
  void add(const RehearsedGame& game);
  // How far the adopted texts sit from the Pareto frontier (starting profiles), weighted by how often each was adopted.
  void measure_frontier_distance();
  std::string text_ids(const engine::Text& t) const;
  std::string text_labels(const engine::Text& t) const;
  std::vector<std::pair<engine::Text, int>> adopted_by_count() const;
  std::vector<std::pair<std::string, int>> signatories_by_count() const;

  const engine::ScenarioIndex& index_;
  RehearsalPlan plan_;
  int runs_ = 0;
  int played_ = 0;
  int errors_ = 0;
  std::string first_error_;
  int in_force_ = 0;
  int not_adopted_ = 0;
  std::vector<std::pair<std::string, std::string>> categories_;  // the scenario's named outcomes (id, name), then "other"
  std::map<std::string, int> reached_;                           // category id -> games
  std::map<std::string, int> sets_;
  std::map<std::string, int> signatories_;  // "KSA PAK" -> count
  std::map<engine::Text, int> adopted_;
  double frontier_mean_ = 0;  // mean distance of the adopted texts to the frontier, in utility points
  double frontier_max_ = 0;
  std::vector<std::string> crisis_order_;
  std::map<std::string, CrisisTally> crises_;
  std::vector<std::string> delegations_;
  std::map<std::string, Gain> gains_;
  std::map<std::string, StrategyTally> by_strategy_;
};

}  // namespace parley::bots
