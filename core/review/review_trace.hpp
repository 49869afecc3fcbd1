#pragma once
// The one replay of a recorded session that every section of the review
// reads: the engine applies each stored event in order, and at the moments
// the review needs (a draft tabled, an inject or ruling changing profiles,
// a round ending) the trace keeps what the engine's state said then. Nothing
// here re-implements a rule: utilities, signatures and visibility are the
// engine's.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario_index.hpp"
#include "engine/session.hpp"
#include "review/session_record.hpp"

namespace parley::review {

using Profiles = std::vector<std::optional<engine::Profile>>;

struct DraftPoint {
  std::uint64_t seq = 0;
  std::int64_t at_ms = 0;
  int round = 0;
  std::string text_id, parent_id, author, title;
  engine::Text text;  // with the parent's clauses merged in, as the engine holds it
  Profiles profiles;  // every role's profile when it was tabled
};

// Profile changes from one inject or ruling, with the profiles before and after.
struct ProfileShift {
  std::string source;  // inject id or ruling id
  bool ruling = false;
  std::uint64_t seq = 0;  // of its first profile change
  int round = 0;
  std::vector<parley::v1::ProfileChanged> changes;
  Profiles before, after;
};

// The drafts on the table and the profiles as a round closed.
struct RoundEnd {
  int round = 0;
  std::int64_t at_ms = 0;
  std::vector<std::size_t> drafts;  // indices into ReviewTrace::drafts, tabled so far
  Profiles profiles;
};

struct PhaseSpan {
  int round = 0;
  std::string phase;
  std::int64_t start_ms = 0, end_ms = 0;
};

class ReviewTrace {
 public:
  explicit ReviewTrace(const SessionRecord& record);

  const SessionRecord& record() const { return record_; }
  const engine::ScenarioIndex& index() const { return *index_; }
  // The final state, without its messages (messages()).
  const parley::v1::SessionState& state() const { return session_.state(); }
  const engine::MessageLog& messages() const { return session_.messages(); }
  const std::vector<DraftPoint>& drafts() const { return drafts_; }
  const std::vector<ProfileShift>& shifts() const { return shifts_; }
  const std::vector<RoundEnd>& rounds() const { return rounds_; }
  const std::vector<PhaseSpan>& phases() const { return phases_; }
  std::int64_t start_ms() const { return start_ms_; }
  std::int64_t end_ms() const { return end_ms_; }
  // Whether role r was shown event i (an index into record().events), by the live visibility rules.
  bool saw(std::size_t i, int r) const { return seen_[i * static_cast<std::size_t>(index_->role_count()) + r]; }
  Profiles final_profiles() const;
  // Profiles when signature closed (what the delegations signed against); final ones if it never did.
  const Profiles& signing_profiles() const { return signing_; }

 private:
  void before(const RecordedEvent& r);
  void after(const RecordedEvent& r);
  void close_round(std::int64_t at_ms);

  const SessionRecord& record_;
  std::shared_ptr<const engine::ScenarioIndex> index_;
  engine::Session session_;
  std::vector<DraftPoint> drafts_;
  std::vector<ProfileShift> shifts_;
  std::vector<RoundEnd> rounds_;
  std::vector<PhaseSpan> phases_;
  std::vector<bool> seen_;
  Profiles signing_;
  std::int64_t start_ms_ = 0, end_ms_ = 0;
};

}  // namespace parley::review
