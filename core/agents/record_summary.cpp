#include "agents/record_summary.hpp"

#include <sstream>

#include "review/event_format.hpp"

namespace parley::agents {
namespace pb = parley::v1;
namespace {

std::string counts(const std::map<std::string, int>& by) {
  std::string out;
  for (const auto& [who, n] : by) out += (out.empty() ? "" : ", ") + who + " " + std::to_string(n);
  return out;
}

std::string other_kind(const pb::Event& e) {
  switch (e.kind_case()) {
    case pb::Event::kSeatClaimed: return "seats taken";
    case pb::Event::kSeatReleased: return "seats left";
    case pb::Event::kTextWithdrawn: return "texts withdrawn";
    case pb::Event::kTextCosponsored: return "co-sponsorships";
    case pb::Event::kPledgeMade: return "pledges";
    case pb::Event::kCrisisResponse: return "crisis responses";
    case pb::Event::kCrisisVote: return "crisis votes";
    default: return "other events";
  }
}

}  // namespace

bool is_talk(const pb::Event& e) {
  return e.has_message_sent() || e.has_room_message() || e.has_statement() || e.has_room_created();
}

void RecordSummary::fold(const pb::Event& e) {
  ++folded_;
  if (e.has_text_tabled()) {
    const auto& t = e.text_tabled();
    texts_.push_back(t.text_id() + " '" + t.title() + "' (" + e.actor() + ": " + review::options_of(t.options()) + ")");
  } else if (e.has_vote_cast()) {
    votes_[e.vote_cast().text_id()][e.actor()] = e.vote_cast().choice();
  } else if (is_talk(e)) {
    fold_talk(e);
  } else {
    ++other_[other_kind(e)];
  }
}

void RecordSummary::fold_talk(const pb::Event& e) {
  if (e.has_message_sent()) {
    const auto& other = e.actor() == self_ ? e.message_sent().to() : e.actor();
    ++talk_with_[other];
  } else if (e.has_room_message()) {
    ++room_posts_[e.room_message().room_id()];
  } else if (e.has_statement()) {
    ++statements_by_[e.actor()];
  } else {
    ++other_["rooms opened"];
  }
}

std::string RecordSummary::text() const {
  if (empty()) return "";
  std::ostringstream out;
  out << "Earlier (" << folded_ << " older events, summarised):\n";
  if (!talk_with_.empty()) out << "- private messages with: " << counts(talk_with_) << "\n";
  if (!room_posts_.empty()) out << "- posts in rooms: " << counts(room_posts_) << "\n";
  if (!statements_by_.empty()) out << "- public statements by: " << counts(statements_by_) << "\n";
  for (const auto& t : texts_) out << "- tabled: " << t << "\n";
  for (const auto& [text, by] : votes_) {
    out << "- last votes on " << text << ":";
    for (const auto& [role, choice] : by) out << " " << role << " " << review::vote_name(choice) << ";";
    out << "\n";
  }
  if (!other_.empty()) out << "- also: " << counts(other_) << "\n";
  return out.str();
}

std::string RecordSummary::joined(const pb::SessionState& s, const std::string& self, std::size_t recent_messages) {
  if (s.round() == 0 && s.messages().empty() && s.texts().empty()) return "";
  std::ostringstream out;
  out << "When you took this seat (round " << s.round() << ", phase " << s.phase() << "), this stood:\n";
  for (const auto& inject : s.released_injects()) out << "- news released earlier: " << inject << "\n";
  for (const auto& t : s.texts()) {
    out << "- text " << t.text_id() << " '" << t.title() << "' by " << t.author() << ": " << review::options_of(t.options())
        << (t.withdrawn() ? " (withdrawn)" : "") << (t.text_id() == s.adopted_text_id() ? " (adopted)" : "") << "\n";
  }
  for (const auto& p : s.pledges()) {
    if (p.from() == self || p.to() == self) out << "- pledge " << p.pledge_id() << ": " << p.from() << " to " << p.to() << ", " << p.points() << " points\n";
  }
  for (const auto& c : s.crisis_outcomes()) out << "- a crisis (" << c.inject_id() << ") was resolved: " << c.outcome() << "\n";
  std::size_t first = s.messages_size() > static_cast<int>(recent_messages) ? s.messages_size() - recent_messages : 0;
  if (first > 0) out << "(" << first << " earlier messages are not repeated here.)\n";
  for (auto i = static_cast<int>(first); i < s.messages_size(); ++i) {
    const auto& m = s.messages(i);
    out << "- " << m.from() << (m.room_id().empty() ? " to " + m.to() : " in room " + m.room_id()) << ": " << m.text() << "\n";
  }
  return out.str();
}

}  // namespace parley::agents
