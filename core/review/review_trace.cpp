#include "review/review_trace.hpp"

#include "engine/state_access.hpp"
#include "engine/visibility.hpp"

namespace parley::review {
namespace pb = parley::v1;

ReviewTrace::ReviewTrace(const SessionRecord& record)
    : record_(record),
      index_(std::make_shared<const engine::ScenarioIndex>(record.scenario)),
      session_(index_) {
  for (const auto& r : record.events) {
    before(r);
    session_.apply(r.event);
    after(r);
  }
  if (!phases_.empty()) phases_.back().end_ms = end_ms_;
  if (signing_.empty()) signing_ = final_profiles();
  if (rounds_.empty() || rounds_.back().round != state().round()) close_round(end_ms_);
  // Room membership never changes, so the final state decides visibility for every event.
  auto roles = static_cast<std::size_t>(index_->role_count());
  seen_.resize(record.events.size() * roles);
  for (std::size_t i = 0; i < record.events.size(); ++i) {
    for (std::size_t r = 0; r < roles; ++r) {
      seen_[i * roles + r] = engine::visible_to(*index_, state(), record.events[i].event, static_cast<int>(r));
    }
  }
}

Profiles ReviewTrace::final_profiles() const { return engine::current_profiles(*index_, state()); }

void ReviewTrace::before(const RecordedEvent& r) {
  const auto& e = r.event;
  if (start_ms_ == 0) start_ms_ = r.at_ms;
  end_ms_ = r.at_ms;
  if (e.has_phase_started() && state().round() > 0 && e.phase_started().round() != state().round()) close_round(r.at_ms);
  if (e.has_profile_changed()) {
    const auto& pc = e.profile_changed();
    bool ruling = !pc.ruling_id().empty();
    const std::string& source = ruling ? pc.ruling_id() : pc.inject_id();
    if (shifts_.empty() || shifts_.back().source != source || shifts_.back().ruling != ruling) {
      ProfileShift shift;
      shift.source = source;
      shift.ruling = ruling;
      shift.seq = r.seq;
      shift.round = e.round();
      shift.before = final_profiles();
      shifts_.push_back(std::move(shift));
    }
    shifts_.back().changes.push_back(pc);
  }
}

void ReviewTrace::after(const RecordedEvent& r) {
  const auto& e = r.event;
  if (e.has_profile_changed()) shifts_.back().after = final_profiles();
  if (e.has_signature_closed()) signing_ = final_profiles();
  if (e.has_phase_started() || e.has_session_ended()) {
    if (!phases_.empty()) phases_.back().end_ms = r.at_ms;
    if (e.has_phase_started()) phases_.push_back({e.phase_started().round(), e.phase_started().phase(), r.at_ms, r.at_ms});
  }
  if (e.has_text_tabled()) {
    const auto* t = engine::find_text(state(), e.text_tabled().text_id());
    if (t == nullptr) return;
    drafts_.push_back({r.seq, r.at_ms, e.round(), t->text_id(), t->parent_id(), t->author(), t->title(),
                       engine::to_text(*index_, t->options()), final_profiles()});
  }
}

void ReviewTrace::close_round(std::int64_t at_ms) {
  RoundEnd end{state().round(), at_ms, {}, final_profiles()};
  for (std::size_t i = 0; i < drafts_.size(); ++i) end.drafts.push_back(i);
  rounds_.push_back(std::move(end));
}

}  // namespace parley::review
