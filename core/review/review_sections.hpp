#pragma once
// The review's sections, each computed from the replay for one viewer. A
// section shows another role's private figures only to the white cell.

#include <boost/json.hpp>

#include "review/review_context.hpp"

namespace parley::review {

// The record as it happened (record_sections.cpp).
boost::json::object outcome_section(const ReviewContext& ctx);
boost::json::array participants_section(const ReviewContext& ctx);
// Seats by who filled them: people at delegation and outside-power desks, bots, observers, the white cell.
boost::json::object participant_counts(const boost::json::array& participants);
// The adopted text after each vote, and what the vote did to it.
boost::json::array standing_section(const ReviewContext& ctx);
// Each private message that leaked: between whom, when, and what it said.
boost::json::array leak_section(const ReviewContext& ctx);
boost::json::object timeline_section(const ReviewContext& ctx);
boost::json::array roll_call_section(const ReviewContext& ctx);
boost::json::array pledge_section(const ReviewContext& ctx);
boost::json::array stress_test_section(const ReviewContext& ctx);
boost::json::array who_saw_what_section(const ReviewContext& ctx);
boost::json::object messages_section(const ReviewContext& ctx);

// What the analysis says about it (analysis_sections.cpp).
boost::json::object positions_section(const ReviewContext& ctx);
boost::json::array inject_section(const ReviewContext& ctx);
boost::json::object value_section(const ReviewContext& ctx);

// Plain sentences and the HSEEP-shaped AAR/IP, from the sections above (findings.cpp).
// The white cell's view: each seat a language model played, from the record of its calls:
// what it was told last, what it said and did, what was refused, tokens and time (agent_sections.cpp).
boost::json::array ai_seats_section(const ReviewContext& ctx);
// The white cell's view: for every delegation and outside power, person or model, what it said
// (statements, pledges) beside what it did (votes, signature, crisis responses).
boost::json::array said_versus_did_section(const ReviewContext& ctx);

boost::json::array summary_sentences(const ReviewContext& ctx, const boost::json::object& review);
boost::json::object aar_section(const ReviewContext& ctx, const boost::json::object& review);

}  // namespace parley::review
