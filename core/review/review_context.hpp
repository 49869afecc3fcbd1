#pragma once
// What every section of the review shares: the replay, whose view it is,
// and small conversions from engine values to the review's JSON.

#include <boost/json.hpp>
#include <cstdint>
#include <string>

#include "review/analysis_cache.hpp"
#include "review/review_trace.hpp"

namespace parley::review {

struct ReviewContext {
  const ReviewTrace& trace;
  int viewer = 0;  // role index
  bool with_messages = false;
  AnalysisCache* analyses = nullptr;  // shared by the sections of one review

  const engine::ScenarioIndex& index() const { return trace.index(); }
  bool white() const { return viewer == index().white_cell(); }
  // A role's private profile is the white cell's to read, and the role's own.
  bool sees_profile(int r) const { return white() || r == viewer; }
  bool sees_event(std::size_t i) const { return trace.saw(i, viewer); }
  std::string name(int r) const { return index().role(r).name(); }
  std::string name(const std::string& id) const;
};

// {"id", "clauses": [{"issue", "issue_name", "option", "label"}]} for the issues a text settles.
boost::json::object text_json(const engine::ScenarioIndex& index, const std::string& id, const engine::Text& text);
parley::v1::TreatyText to_treaty_text(const engine::ScenarioIndex& index, const engine::Text& text);
// "BATNA +5", "weight 10 from Cost to Command", "score of M3 +20", in words.
std::string describe_effect(const engine::ScenarioIndex& index, const parley::v1::Effect& effect);
// One decimal, no trailing ".0", never "-0".
std::string number(double v);
// A model value as text: strings as they are, doubles as number(), anything else as JSON.
std::string plain(const boost::json::value& v);
// A list of values as "a, b, c", or "—" when empty.
std::string joined(const boost::json::value& list);
// The people on a participants' seat entry: its roster name and the names given on joining,
// each once ("Ana Lima, A. Lima"), or "" (the white cell's view only has them).
std::string person_names(const boost::json::object& seat);
// "42 s", "17 min", "2 h 5 min".
std::string duration_text(std::int64_t ms);
// Roles as "Pakistan, Turkey and Qatar".
std::string name_list(const std::vector<std::string>& names);

}  // namespace parley::review
