#pragma once
// The after-action review of a recorded session as one JSON model, computed
// from its stored events through the engine, for one viewer: the white cell
// reads everything; a delegation only what its role was shown and its own
// profile. Every renderer (HTML, Markdown, the browser page) reads this
// model and nothing else; the CSV is the event log itself.

#include <boost/json.hpp>
#include <vector>

#include "common/result.hpp"
#include "review/session_record.hpp"

namespace parley::review {

// `forks`: sessions forked from this one, compared with it in the white cell's view.
Result<boost::json::object> build_review(const SessionRecord& record, const ReviewOptions& options,
                                         const std::vector<SessionRecord>& forks = {});

// Who is reading and which views exist, without computing the review: {"session_id", "title",
// "status", "viewer_role", "viewer_name", "is_facilitator", "roles"} (the browser's view picker).
Result<boost::json::object> review_meta(const SessionRecord& record, const ReviewOptions& options);

// Where two reviews (white cell views) of related sessions diverge, and their
// outcomes side by side.
boost::json::object compare_reviews(const boost::json::object& a, const boost::json::object& b);
// Any number of reviews (white cell views) side by side, each labelled by its title:
// {"sessions": [{"session_id", "title"}], "outcomes": [{"item", "values", "same"}],
// "clauses_that_differ": [{"issue", "values"}]}.
boost::json::object compare_many(const std::vector<boost::json::object>& reviews);

}  // namespace parley::review
