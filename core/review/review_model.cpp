#include "review/review_model.hpp"

#include "review/review_sections.hpp"

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

json::array role_list(const engine::ScenarioIndex& index) {
  json::array out;
  for (int r = 0; r < index.role_count(); ++r) {
    out.push_back(json::object{{"id", index.role(r).id()}, {"name", index.role(r).name()}, {"kind", pb::RoleKind_Name(index.role(r).kind())}});
  }
  return out;
}

std::size_t events_seen(const ReviewContext& ctx) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < ctx.trace.record().events.size(); ++i) n += ctx.sees_event(i) ? 1 : 0;
  return n;
}

}  // namespace

Result<json::object> review_meta(const SessionRecord& record, const ReviewOptions& options) {
  engine::ScenarioIndex index(record.scenario);
  auto viewer = options.viewer.empty() ? std::optional<int>(index.white_cell()) : index.role_index(options.viewer);
  if (!viewer) return fail(ErrorCode::invalid, "no role '" + options.viewer + "' in this session's scenario");
  return json::object{{"session_id", record.id},
                      {"title", record.title.empty() ? index.scenario().title() : record.title},
                      {"status", record.status},
                      {"viewer_role", index.role(*viewer).id()},
                      {"viewer_name", index.role(*viewer).name()},
                      {"is_facilitator", *viewer == index.white_cell()},
                      {"roles", role_list(index)}};
}

Result<json::object> build_review(const SessionRecord& record, const ReviewOptions& options, const std::vector<SessionRecord>& forks) {
  ReviewTrace trace(record);
  const auto& index = trace.index();
  auto viewer = options.viewer.empty() ? std::optional<int>(index.white_cell()) : index.role_index(options.viewer);
  if (!viewer) return fail(ErrorCode::invalid, "no role '" + options.viewer + "' in this session's scenario");
  AnalysisCache analyses(index);
  ReviewContext ctx{trace, *viewer, options.with_messages, &analyses};
  const auto& s = trace.state();
  json::object review{{"session_id", record.id},
                      {"title", record.title.empty() ? index.scenario().title() : record.title},
                      {"scenario", index.scenario().id()},
                      {"scenario_title", index.scenario().title()},
                      {"scenario_version", record.scenario_version},
                      {"status", record.status},
                      {"viewer_role", index.role(*viewer).id()},
                      {"viewer_name", index.role(*viewer).name()},
                      {"is_facilitator", ctx.white()},
                      {"roles", role_list(index)},
                      {"events", events_seen(ctx)},
                      {"ended", s.status() == pb::ENDED},
                      {"end_reason", s.end_reason()},
                      {"start_ms", trace.start_ms()},
                      {"end_ms", trace.end_ms()}};
  if (!record.forked_from.empty()) {
    review["lineage"] = json::object{{"forked_from", record.forked_from}, {"forked_at", record.forked_at}};
    review["forked_from"] = record.forked_from;
    review["forked_at"] = record.forked_at;
  }
  review["outcome"] = outcome_section(ctx);
  review["signatories"] = review["outcome"].as_object()["signatories"];
  review["in_force"] = s.in_force();
  review["participants"] = participants_section(ctx);
  if (ctx.white()) review["participant_counts"] = participant_counts(review["participants"].as_array());
  review["standing"] = standing_section(ctx);
  review["leaks"] = leak_section(ctx);
  review["timeline"] = timeline_section(ctx);
  review["positions"] = positions_section(ctx);
  review["roll_calls"] = roll_call_section(ctx);
  review["injects"] = inject_section(ctx);
  review["pledges"] = pledge_section(ctx);
  review["stress_test"] = stress_test_section(ctx);
  review["value"] = value_section(ctx);
  review["who_saw_what"] = who_saw_what_section(ctx);
  review["messages"] = messages_section(ctx);
  review["ai_seats"] = ai_seats_section(ctx);
  review["said_versus_did"] = said_versus_did_section(ctx);
  review["summary"] = summary_sentences(ctx, review);
  review["aar"] = aar_section(ctx, review);
  json::array branches;
  if (ctx.white()) {
    for (const auto& fork : forks) {
      auto other = build_review(fork, ReviewOptions{});
      if (other) branches.push_back(compare_reviews(review, other.value()));
    }
  }
  review["branches"] = branches;
  return review;
}

}  // namespace parley::review
