#include "engine/session.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "engine/context.hpp"
#include "engine/event_fold.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

// Who may send anything at all: a known role in a seat it has, or the clock
// (empty role) sending ticks and nothing else.
Verdict check_actor(const ScenarioIndex& index, const Input& in) {
  bool is_tick = in.command.kind_case() == pb::Command::kTick;
  if (in.role.empty()) {
    if (is_tick) return std::nullopt;
    return reject(pb::NOT_PERMITTED, "a command needs a role");
  }
  auto r = index.role_index(in.role);
  if (!r) return reject(pb::NOT_PERMITTED, "'" + in.role + "' is not a role in this scenario");
  if (in.seat > index.role(*r).advisers()) {
    return reject(pb::NOT_PERMITTED, in.role + " has no seat " + std::to_string(in.seat));
  }
  if (is_tick) return reject(pb::NOT_PERMITTED, "only the server's clock can tick");
  if (index.role(*r).kind() == pb::OBSERVER && in.command.kind_case() != pb::Command::kClaimSeat) {
    return reject(pb::NOT_PERMITTED, "observers follow the conference but cannot act");
  }
  return std::nullopt;
}

Verdict dispatch(Context& ctx, const pb::Command& c) {
  using K = pb::Command::KindCase;
  switch (c.kind_case()) {
    case K::kClaimSeat: return rules::claim_seat(ctx);
    case K::kReleaseSeat: return rules::release_seat(ctx, c.release_seat());
    case K::kRateObjective: return rules::rate_objective(ctx, c.rate_objective());
    case K::kStart: return rules::start(ctx);
    case K::kPause: return rules::pause(ctx);
    case K::kResume: return rules::resume(ctx);
    case K::kAdvance: return rules::advance(ctx);
    case K::kExtend: return rules::extend(ctx, c.extend());
    case K::kTimeScale: return rules::set_time_scale(ctx, c.time_scale());
    case K::kReleaseInject: return rules::release_inject(ctx, c.release_inject());
    case K::kEnd: return rules::end(ctx, c.end());
    case K::kSendMessage: return rules::send_message(ctx, c.send_message());
    case K::kCreateRoom: return rules::create_room(ctx, c.create_room());
    case K::kPostToRoom: return rules::post_to_room(ctx, c.post_to_room());
    case K::kStatement: return rules::statement(ctx, c.statement());
    case K::kTableText: return rules::table_text(ctx, c.table_text());
    case K::kAmendText: return rules::amend_text(ctx, c.amend_text());
    case K::kWithdrawText: return rules::withdraw_text(ctx, c.withdraw_text());
    case K::kCosponsorText: return rules::cosponsor_text(ctx, c.cosponsor_text());
    case K::kVote: return rules::vote(ctx, c.vote());
    case K::kPledge: return rules::pledge(ctx, c.pledge());
    case K::kSign: return rules::sign(ctx);
    case K::kDecline: return rules::decline(ctx);
    case K::kRespondToCrisis: return rules::respond_to_crisis(ctx, c.respond_to_crisis());
    case K::kCrisisVote: return rules::crisis_vote(ctx, c.crisis_vote());
    case K::kTick: return rules::tick(ctx);
    case K::kNote: return rules::record_note(ctx, c.note());
    case K::kAdjudicate: return rules::adjudicate(ctx, c.adjudicate());
    case K::KIND_NOT_SET: break;
  }
  return reject(pb::INVALID_ARGUMENT, "the command is empty");
}

}  // namespace

Session::Session(std::shared_ptr<const ScenarioIndex> index)
    : index_(std::move(index)), state_(initial_state(*index_)) {}

Session::Session(std::shared_ptr<const ScenarioIndex> index, pb::SessionState state)
    : index_(std::move(index)), state_(std::move(state)) {
  messages_.take_from(*index_, state_);
}

Session::Outcome Session::handle(const Input& input) {
  if (auto r = check_actor(*index_, input)) return *r;
  std::vector<pb::Event> events;
  Context ctx(*index_, state_, messages_, input, events);
  if (auto r = dispatch(ctx, input.command)) return *r;
  return events;
}

void Session::apply(const pb::Event& event, const Session* ahead) {
  apply_event(*index_, state_, messages_, event, ahead != nullptr ? &ahead->messages_ : nullptr);
}

pb::SessionState Session::full_state() const {
  pb::SessionState s = state_;
  messages_.write_to(*index_, *s.mutable_messages(), [](const MessageLog::Header&) { return true; });
  return s;
}

void Session::write(google::protobuf::io::CodedOutputStream& out) const {
  out.SetSerializationDeterministic(true);
  state_.SerializeToCodedStream(&out);
  constexpr int kMessagesField = pb::SessionState::kMessagesFieldNumber;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    auto m = messages_.message(*index_, i);
    out.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
        kMessagesField, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    out.WriteVarint32(static_cast<std::uint32_t>(m.ByteSizeLong()));
    m.SerializeToCodedStream(&out);
  }
}

std::string serialize_deterministic(const google::protobuf::MessageLite& message) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

}  // namespace parley::engine
