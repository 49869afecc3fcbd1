#include "agents/agent_memory.hpp"

#include <sstream>

#include "review/event_format.hpp"

namespace parley::agents {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

// Many of these in a long session, each worth little once old.
bool is_busy(const pb::Event& e) {
  return e.has_vote_cast() || e.has_text_tabled() || e.has_text_cosponsored() || e.has_text_withdrawn() || e.has_pledge_made() ||
         e.has_seat_claimed() || e.has_seat_released() || e.has_crisis_response() || e.has_crisis_vote();
}

std::string kind_word(pb::RoleKind kind) {
  switch (kind) {
    case pb::DELEGATION: return "delegation";
    case pb::WHITE_CELL: return "white cell (the facilitators)";
    default: return "outside power";
  }
}

// Its own preferences, as the numbers the engine scores a text with.
void write_profile(std::ostringstream& out, const engine::ScenarioIndex& index, const pb::Profile& p) {
  out << "\nYour instructions (private): a text is worth the sum over issues of weight x score / 100, out of 100.\n";
  for (const auto& pref : p.issues()) {
    auto issue = index.issue_index(pref.issue());
    if (!issue) continue;
    out << "- " << pref.issue() << " (weight " << pref.weight() << "):";
    for (int o = 0; o < pref.scores_size() && o < index.issue(*issue).options_size(); ++o) {
      out << " " << index.issue(*issue).options(o).id() << "=" << pref.scores(o);
    }
    out << "\n";
  }
  out << "No treaty is worth " << p.batna() << " to you (your BATNA).";
  if (!p.red_lines().empty()) {
    out << " You may not sign a text with any of:";
    for (const auto& r : p.red_lines()) out << " " << r;
    out << ".";
  }
  if (p.pledge_budget() > 0) out << " You may pledge up to " << p.pledge_budget() << " side-payment points in all.";
  out << "\n";
}

}  // namespace

AgentMemory::AgentMemory(const pb::Welcome& welcome, std::string persona, std::size_t recent)
    : index_(welcome.scenario()),
      title_(welcome.session_title()),
      adoption_rule_(welcome.adoption_rule()),
      persona_(std::move(persona)),
      seat_{welcome.role(), {}},
      recent_(recent),
      earlier_(welcome.role()) {}

void AgentMemory::joined(const pb::SessionState& state) { joined_ = RecordSummary::joined(state, seat_.role, recent_); }

void AgentMemory::observe(std::uint64_t seq, const pb::Event& e) {
  last_seq_ = seq;
  if (e.has_session_ended()) ended_ = true;
  if (e.has_room_created()) seat_.rooms.insert(e.room_created().room_id());
  std::string line = "[" + std::to_string(seq) + "] " + review::describe(e);
  bool mine = e.actor() == seat_.role;
  bool talk = is_talk(e);
  if (!talk && !is_busy(e)) {
    whole_.push_back({seq, std::move(line), {}});
    last_notable_ = seq;
    return;
  }
  auto& recent = talk ? talk_ : busy_;
  recent.push_back({seq, std::move(line), e});
  if (recent.size() > recent_) {
    earlier_.fold(recent.front().event);
    recent.pop_front();
  }
  if (talk ? !mine : !(e.has_seat_claimed() || e.has_vote_cast())) last_notable_ = seq;
}

std::string AgentMemory::briefing() const {
  const auto& s = index_.scenario();
  std::ostringstream out;
  out << "Conference: " << s.title() << (title_.empty() || title_ == s.title() ? "" : " (" + title_ + ")") << "\n" << s.summary() << "\n";
  if (!adoption_rule_.empty()) out << "\nHow texts are adopted: " << adoption_rule_ << "\n";
  out << "\nThe issues and their options (ids in brackets):\n";
  for (const auto& issue : s.issues()) {
    out << "- " << issue.name() << " [" << issue.id() << "]: " << issue.description() << "\n";
    for (const auto& o : issue.options()) out << "  - [" << o.id() << "] " << o.label() << ": " << o.text() << "\n";
  }
  out << "\nThe parties:\n";
  for (const auto& r : s.roles()) {
    out << "- " << r.name() << " [" << r.id() << "], " << kind_word(r.kind()) << (r.id() == seat_.role ? " (you)" : "") << ": "
        << r.public_brief() << "\n";
  }
  if (auto me = index_.role_index(seat_.role)) {
    const auto& role = index_.role(*me);
    if (!role.private_brief().empty()) out << "\nYour private brief: " << role.private_brief() << "\n";
    for (const auto& c : role.commitments()) out << "Your standing commitment: " << c << "\n";
    if (role.has_profile()) write_profile(out, index_, role.profile());
  }
  return out.str();
}

// The summary of what fell out of the window, then the kept lines in order.
std::string AgentMemory::record() const {
  std::ostringstream out;
  if (!joined_.empty()) out << joined_ << "\n";
  if (!earlier_.empty()) out << earlier_.text() << "\n";
  out << "What has happened" << (joined_.empty() ? "" : " since") << " (what you were shown, oldest first):\n";
  auto busy = busy_.begin();
  for (const auto& line : whole_) {
    for (; busy != busy_.end() && busy->seq < line.seq; ++busy) out << busy->text << "\n";
    out << line.text << "\n";
  }
  for (; busy != busy_.end(); ++busy) out << busy->text << "\n";
  if (!talk_.empty()) out << "\nRecent talk:\n";
  for (const auto& line : talk_) out << line.text << "\n";
  return out.str();
}

json::array AgentMemory::messages(const pb::Desk& desk, const std::vector<std::string>& feedback) const {
  const auto* role = index_.role_index(seat_.role) ? &index_.role(*index_.role_index(seat_.role)) : nullptr;
  std::string name = role ? role->name() : seat_.role;
  std::string system =
      "You are the head of the " + name + " delegation [" + seat_.role + "] at a negotiating conference, played as an exercise. "
      "Pursue your instructions as a skilled diplomat would. You act only by calling the tools offered; each call is checked "
      "by the conference rules and may be refused with a reason. Write messages and statements in your own words, briefly. "
      "Call wait when there is nothing useful to do now.";
  if (!persona_.empty()) system += "\nStance set by the facilitators: " + persona_;
  std::ostringstream now;
  now << "Now: " << desk.activity() << "\n";
  if (!desk.ballot().if_closed_now().empty()) now << "The vote: " << desk.ballot().if_closed_now() << " " << desk.ballot().silence() << "\n";
  if (!desk.crisis().summary().empty()) now << "The crisis: " << desk.crisis().summary() << " " << desk.crisis().obligation() << "\n";
  for (const auto& d : desk.drafts()) {
    now << "Text " << d.text_id() << " is worth " << d.utility() << " to you" << (d.pledges() > 0 ? " with pledges" : "")
        << (d.red_lines().empty() ? "" : ", crosses your red lines") << (d.acceptable() ? ", acceptable" : ", not acceptable") << ".\n";
  }
  for (const auto& f : feedback) now << "Feedback on your last call: " << f << "\n";
  return json::array{json::object{{"role", "system"}, {"content", system}}, json::object{{"role", "user"}, {"content", briefing()}},
                     json::object{{"role", "user"}, {"content", record()}}, json::object{{"role", "user"}, {"content", now.str()}}};
}

}  // namespace parley::agents
