#pragma once
// The rules, one function per command, grouped by concern in this folder.
// Each validates its input and, when it accepts, emits the resulting events
// through the context. A rejection leaves the state untouched.

#include <functional>

#include "engine/context.hpp"

namespace parley::engine::rules {

// lifecycle.cpp: the white cell's controls and the clock
Verdict claim_seat(Context& ctx);
Verdict release_seat(Context& ctx, const parley::v1::ReleaseSeat& cmd);
Verdict start(Context& ctx);
Verdict pause(Context& ctx);
Verdict resume(Context& ctx);
Verdict advance(Context& ctx);
Verdict extend(Context& ctx, const parley::v1::ExtendPhase& cmd);
Verdict set_time_scale(Context& ctx, const parley::v1::SetTimeScale& cmd);
Verdict release_inject(Context& ctx, const parley::v1::ReleaseInject& cmd);
Verdict end(Context& ctx, const parley::v1::EndSession& cmd);
Verdict tick(Context& ctx);
// Closes the current phase (or crisis) and opens what comes next.
void close_phase(Context& ctx);

// rulings.cpp: the white cell's notes and adjudications
Verdict record_note(Context& ctx, const parley::v1::RecordNote& cmd);
Verdict rate_objective(Context& ctx, const parley::v1::RateObjective& cmd);
Verdict adjudicate(Context& ctx, const parley::v1::Adjudicate& cmd);
// One ProfileChanged per role the effects name (in first-named order), each
// seen only by that role; `source` records what caused it (inject or ruling).
void emit_profile_changes(Context& ctx, const google::protobuf::RepeatedPtrField<parley::v1::Effect>& effects,
                          const std::function<void(parley::v1::ProfileChanged&)>& source);

// talk.cpp
Verdict send_message(Context& ctx, const parley::v1::SendMessage& cmd);
Verdict create_room(Context& ctx, const parley::v1::CreateRoom& cmd);
Verdict post_to_room(Context& ctx, const parley::v1::PostToRoom& cmd);
Verdict statement(Context& ctx, const parley::v1::MakeStatement& cmd);

// texts.cpp
Verdict table_text(Context& ctx, const parley::v1::TableText& cmd);
Verdict amend_text(Context& ctx, const parley::v1::AmendText& cmd);
Verdict withdraw_text(Context& ctx, const parley::v1::WithdrawText& cmd);
Verdict cosponsor_text(Context& ctx, const parley::v1::CosponsorText& cmd);
Verdict vote(Context& ctx, const parley::v1::CastVote& cmd);
void close_vote(Context& ctx);
// What closing the vote now would do: each voted text's tally and the outcome.
parley::v1::VoteClosed count_ballot(const Context& ctx);

// pledges.cpp
Verdict pledge(Context& ctx, const parley::v1::MakePledge& cmd);
void settle_pledges(Context& ctx);

// signature.cpp
Verdict sign(Context& ctx);
Verdict decline(Context& ctx);
void close_signature(Context& ctx);

// stress_test.cpp
// Opens the next queued crisis; false when none is left.
bool open_next_crisis(Context& ctx);
Verdict respond_to_crisis(Context& ctx, const parley::v1::RespondToCrisis& cmd);
Verdict crisis_vote(Context& ctx, const parley::v1::VoteOnCrisis& cmd);
void resolve_crisis(Context& ctx);
// Who may respond to (or vote on) the open crisis: a member's head of delegation.
Verdict crisis_gate(const Context& ctx, const char* doing);
// What the open crisis asks of the actor's seat, under the adopted clauses.
parley::v1::CrisisOffer crisis_offer(const Context& ctx);

}  // namespace parley::engine::rules
