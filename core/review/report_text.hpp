#pragma once
// The review model as Markdown, CSV (the events the viewer saw, one row
// each) and one self-contained HTML page (inline CSS and SVG, no script,
// no request of any kind), for debriefs, spreadsheets and archives.

#include <boost/json.hpp>
#include <string>

namespace parley::review {

std::string render_markdown(const boost::json::object& review);
std::string render_csv(const boost::json::object& review);
std::string render_html(const boost::json::object& review);
// A comparison (compare_reviews) as Markdown.
std::string render_comparison_markdown(const boost::json::object& comparison);
// A comparison of several sessions (compare_many) as Markdown, one column per session.
std::string render_many_markdown(const boost::json::object& comparison);

}  // namespace parley::review
