#pragma once
// Inline SVG charts for the HTML review: plain markup, no script; hover
// titles carry the details, and each chart has a text alternative.

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace parley::review {

std::string escape_html(const std::string& text);

// Rounds and phases on a time axis, with injects, crises, drafts, votes and signatures marked.
std::string timeline_chart(const boost::json::object& timeline);

struct Series {
  std::string label;
  std::vector<double> values;  // one per x position; NaN: no point
};
// Lines over categories (e.g. drafts in tabling order), with a reference line at y = 0.
std::string line_chart(const std::vector<std::string>& x_labels, const std::vector<Series>& series, const std::string& y_label,
                       const std::string& zero_label);

struct Bar {
  std::string label;
  double value = 0;
  std::string note;  // shown after the bar
};
std::string bar_chart(const std::vector<Bar>& bars, double max, const std::string& caption);

// Per row, markers on one 0..100 utility scale (BATNA, outcome, Nash, ...).
struct DotRow {
  std::string label;
  std::vector<std::pair<std::string, double>> marks;  // marker name, value
};
std::string dot_chart(const std::vector<DotRow>& rows, const std::vector<std::string>& marker_names);

}  // namespace parley::review
