#pragma once
// The review's sections on language-model seats and on what each delegation said beside what
// it did, as HTML (a section each, for render_html) and as Markdown; empty when the review has
// none (a participant's view, or a session no model played and nobody spoke or acted in).

#include <boost/json.hpp>
#include <string>

namespace parley::review {

std::string ai_sections_html(const boost::json::object& review);
std::string ai_sections_markdown(const boost::json::object& review);

}  // namespace parley::review
