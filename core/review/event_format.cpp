#include "review/event_format.hpp"

#include <ctime>
#include <map>
#include <sstream>

namespace parley::review {
namespace pb = parley::v1;
namespace {

std::string names(const google::protobuf::RepeatedPtrField<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : " ") + r;
  return out.empty() ? "-" : out;
}

// Every eligible delegation under one heading, so silence is never invisible.
std::string roll_call(const pb::Tally& t) {
  return "yes: " + names(t.yes_roles()) + " | no: " + names(t.no_roles()) + " | abstain: " + names(t.abstain_roles()) +
         " | did not vote: " + names(t.not_voted());
}

}  // namespace

std::string options_of(const google::protobuf::Map<std::string, std::string>& options) {
  std::map<std::string, std::string> sorted(options.begin(), options.end());
  std::string out;
  for (const auto& [issue, option] : sorted) out += (out.empty() ? "" : " ") + option;
  return out;
}

std::string vote_name(pb::VoteChoice c) {
  return c == pb::YES ? "yes" : c == pb::NO ? "no" : c == pb::ABSTAIN ? "abstain" : "?";
}

std::string clock_time(std::int64_t at_ms) {
  std::time_t secs = at_ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

std::string describe(const pb::Event& e) {
  std::ostringstream out;
  switch (e.kind_case()) {
    case pb::Event::kSeatClaimed:
      out << e.actor() << (e.seat_claimed().by_bot() ? " (a bot)" : e.seat_claimed().by_model() ? " (a language model)" : "") << " took seat "
          << e.seat();
      break;
    case pb::Event::kObjectiveRated: {
      const auto& o = e.objective_rated();
      out << "the white cell rates objective " << o.objective() + 1 << " ("
          << (o.rating() == pb::MET ? "met" : o.rating() == pb::PARTLY_MET ? "partly met" : "not met") << "): " << o.text();
      if (!o.comment().empty()) out << " — " << o.comment();
      break;
    }
    case pb::Event::kSeatReleased:
      out << "the white cell freed seat " << e.seat_released().seat() << " of " << e.seat_released().role()
          << (e.seat_released().was_bot() ? " (its bot was removed)" : "");
      break;
    case pb::Event::kSessionStarted: out << "the conference opens"; break;
    case pb::Event::kPhaseStarted:
      out << "round " << e.phase_started().round() << ", " << e.phase_started().phase() << " phase begins";
      break;
    case pb::Event::kSessionPaused: out << "paused by the white cell"; break;
    case pb::Event::kSessionResumed: out << "resumed"; break;
    case pb::Event::kPhaseExtended: out << "the phase is extended"; break;
    case pb::Event::kTimeScaleSet: out << "the clock now runs " << e.time_scale_set().factor() << "x"; break;
    case pb::Event::kSessionEnded:
      out << "the session ends: " << e.session_ended().reason();
      if (e.session_ended().has_outcome()) out << "; this table reached: " << e.session_ended().outcome().name();
      break;
    case pb::Event::kInjectReleased:
      out << "NEWS: " << e.inject_released().title() << ". " << e.inject_released().text();
      break;
    case pb::Event::kProfileChanged:
      out << e.profile_changed().role() << "'s instructions change ("
          << (e.profile_changed().ruling_id().empty() ? e.profile_changed().inject_id() : "ruling " + e.profile_changed().ruling_id())
          << ")";
      break;
    case pb::Event::kMessageSent:
      out << e.actor() << " to " << e.message_sent().to() << " (private, " << e.message_sent().message_id()
          << "): " << e.message_sent().text();
      break;
    case pb::Event::kRoomCreated: {
      out << e.actor() << " opens caucus room " << e.room_created().room_id() << " '" << e.room_created().name() << "' with";
      for (const auto& m : e.room_created().members()) out << " " << m;
      break;
    }
    case pb::Event::kRoomMessage:
      out << e.actor() << " in " << e.room_message().room_id() << ": " << e.room_message().text();
      break;
    case pb::Event::kStatement: out << e.actor() << " states: " << e.statement().text(); break;
    case pb::Event::kTextTabled: {
      const auto& t = e.text_tabled();
      out << e.actor() << (t.parent_id().empty() ? " tables " : " amends " + t.parent_id() + " as ") << t.text_id() << " '"
          << t.title() << "': " << options_of(t.options());
      break;
    }
    case pb::Event::kTextWithdrawn: out << e.actor() << " withdraws " << e.text_withdrawn().text_id(); break;
    case pb::Event::kTextCosponsored: out << e.actor() << " co-sponsors " << e.text_cosponsored().text_id(); break;
    case pb::Event::kVoteCast:
      out << e.actor() << " votes " << vote_name(e.vote_cast().choice()) << " on " << e.vote_cast().text_id();
      break;
    case pb::Event::kVoteClosed: {
      out << "the vote closes:";
      for (const auto& t : e.vote_closed().tallies()) {
        out << " " << t.text_id() << " " << t.yes() << " yes/" << t.no() << " no/" << t.abstain() << " abstain of " << t.voters()
            << ", " << (t.reason().empty() ? (t.passed() ? "passed" : "failed") : t.reason()) << " [" << roll_call(t) << "];";
      }
      if (!e.vote_closed().outcome().empty()) {
        out << " " << e.vote_closed().outcome();
      } else {  // recorded before votes said what they did
        out << " " << (e.vote_closed().adopted_text_id().empty() ? "nothing adopted" : e.vote_closed().adopted_text_id() + " is adopted");
        if (!e.vote_closed().rule().empty() && !e.vote_closed().adopted_text_id().empty()) out << " (" << e.vote_closed().rule() << ")";
      }
      break;
    }
    case pb::Event::kPledgeMade: {
      const auto& p = e.pledge_made();
      out << e.actor() << " pledges " << p.points() << " points to " << p.to()
          << (p.condition() == pb::IF_SIGNS ? " if it signs" : " if it does not sign") << " (" << p.pledge_id() << ")";
      break;
    }
    case pb::Event::kTreatySigned:
      out << e.actor() << " signs" << (e.treaty_signed().breaks_red_line() ? " (crossing its red line)" : "");
      break;
    case pb::Event::kTreatyDeclined: out << e.actor() << " declines to sign"; break;
    case pb::Event::kSignatureClosed: {
      const auto& c = e.signature_closed();
      out << "signatures close: " << c.signatories_size() << " signed; the treaty "
          << (c.in_force() ? "enters into force" : "does not enter into force (" + c.reason() + ")");
      break;
    }
    case pb::Event::kPledgeSettled: {
      const auto& p = e.pledge_settled();
      out << "pledge " << p.pledge_id() << " (" << p.from() << " to " << p.to() << ", " << p.points() << " points) "
          << (p.paid() ? "is paid" : "lapses");
      break;
    }
    case pb::Event::kMessageLeaked:
      out << "LEAK: " << e.message_leaked().from() << " to "
          << (e.message_leaked().to().empty() ? e.message_leaked().room_id() : e.message_leaked().to()) << ": "
          << e.message_leaked().text();
      break;
    case pb::Event::kCrisisOpened: {
      const auto& c = e.crisis_opened();
      out << "CRISIS: " << c.title() << ". " << c.text() << " [" << (c.in_scope() ? "within" : "outside")
          << " the treaty's scope; trigger " << c.procedure() << "]";
      break;
    }
    case pb::Event::kCrisisResponse:
      out << e.actor() << (e.crisis_response().response().commit() ? " commits" : e.crisis_response().response().opt_out() ? " opts out" : " stays out");
      break;
    case pb::Event::kCrisisVote: out << e.actor() << " votes " << (e.crisis_vote().yes() ? "for" : "against") << " action"; break;
    case pb::Event::kCrisisResolved: {
      const auto& r = e.crisis_resolved();
      if (r.reasons().empty()) {  // recorded before crises carried their reasons
        out << "crisis " << r.inject_id() << " resolved: " << (r.held() ? "the alliance held" : "the alliance did not hold");
        break;
      }
      out << "crisis " << r.inject_id() << ": " << r.outcome();
      for (const auto& reason : r.reasons()) out << "; " << reason;
      break;
    }
    case pb::Event::kNoteRecorded: out << "white cell note: " << e.note_recorded().text(); break;
    case pb::Event::kRuling: {
      const auto& r = e.ruling();
      out << "RULING " << r.ruling_id();
      if (r.audience_size() > 0) {
        out << " (to";
        for (const auto& a : r.audience()) out << " " << a;
        out << ")";
      }
      out << ": " << r.text();
      break;
    }
    case pb::Event::KIND_NOT_SET: out << "(empty event)"; break;
  }
  return out.str();
}

}  // namespace parley::review
