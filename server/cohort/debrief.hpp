#pragma once
// The debrief across a class's tables: each table's outcome from its own
// after-action review (white cell view), the spread across tables, the
// clauses every table agreed on and where they differed, the class beside
// the scenario's bot rehearsal, and the scenario's discussion questions.
// As JSON, one self-contained HTML page (no script) and CSV. Pure.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "parley/v1/scenario.pb.h"

namespace parley::cohort {

struct DebriefTable {
  int table = 0;
  std::string title;
  std::string session_id;
  boost::json::object review;  // review::build_review, white cell view
};

// rehearsal: a RehearsalReport::to_json of the same scenario version, or null.
boost::json::object build_debrief(const std::string& title, const parley::v1::Scenario& scenario, const std::vector<DebriefTable>& tables,
                                  const boost::json::value& rehearsal);
std::string debrief_html(const boost::json::object& debrief);
// One row per table: outcome columns, then each playable role's gain over its BATNA.
std::string debrief_csv(const boost::json::object& debrief);

}  // namespace parley::cohort
