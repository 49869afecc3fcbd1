#include "engine/desk.hpp"

#include <algorithm>
#include <vector>

#include "engine/context.hpp"
#include "engine/roll_call.hpp"
#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

constexpr Action kActions[] = {Action::message, Action::caucus,    Action::statement, Action::table,  Action::amend,
                               Action::withdraw, Action::cosponsor, Action::vote,      Action::pledge, Action::sign};

void add_gate(pb::Desk& desk, std::string_view action, Verdict verdict, bool observer) {
  if (observer) verdict = reject(pb::NOT_PERMITTED, "observers follow the conference but cannot act");
  auto* g = desk.add_actions();
  g->set_action(std::string(action));
  g->set_open(!verdict.has_value());
  if (verdict) g->set_reason(verdict->message);
}

Verdict crisis_vote_gate(const Context& ctx, const pb::CrisisOffer& offer) {
  if (auto r = rules::crisis_gate(ctx, "vote on a crisis")) return r;
  if (offer.procedure() != "VOTE") return reject(pb::WRONG_PHASE, "the treaty's trigger does not call for a vote");
  return std::nullopt;
}

// Net pledged points the role gains by signing rather than declining, in utility.
double pledge_worth(const pb::SessionState& s, const std::string& role, double point_utility) {
  double points = 0;
  for (const auto& p : s.pledges()) {
    if (p.to() != role || p.settled()) continue;
    points += p.condition() == pb::IF_SIGNS ? static_cast<double>(p.points()) : -static_cast<double>(p.points());
  }
  return points * point_utility;
}

void add_worth(pb::Desk& desk, const ScenarioIndex& index, const Profile& profile, const pb::TreatyText& text, double pledges) {
  Text t = to_text(index, text.options());
  auto* w = desk.add_drafts();
  w->set_text_id(text.text_id());
  double u = utility(profile, t);  // of the chosen options so far, when incomplete
  for (int i = 0; i < index.issue_count(); ++i) {
    if (t[i] >= 0 && profile.red[i][t[i]]) w->add_red_lines(index.option(i, t[i]).id());
  }
  w->set_utility(u);
  w->set_pledges(pledges);
  w->set_complete(is_complete(t));
  w->set_acceptable(w->complete() && w->red_lines().empty() && u + pledges >= profile.batna);
}

std::string join_ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  std::string out;
  for (int i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : (i + 1 == ids.size() ? " and " : ", ")) + ids[i];
  return out;
}

void fill_ballot(pb::Desk& desk, const ScenarioIndex& index, const Context& ctx) {
  const auto& s = ctx.state;
  auto* b = desk.mutable_ballot();
  b->set_standing_text_id(s.adopted_text_id());
  b->set_standing_yes(s.adopted_text_id().empty() ? 0 : s.adopted_yes());
  b->set_yes_to_displace(s.adopted_text_id().empty() ? 0 : yes_to_displace(index.scenario().structure(), s.adopted_yes()));
  const auto& me = ctx.actor_id();
  for (const auto& text : s.texts()) {
    Text t = to_text(index, text.options());
    if (text.withdrawn() || !is_complete(t)) continue;
    auto eligible = index.eligible(t);
    if (std::find(eligible.begin(), eligible.end(), ctx.actor) == eligible.end()) continue;
    *(text.round() == s.round() ? b->add_new_text_ids() : b->add_carried_text_ids()) = text.text_id();
    if (!text.votes().count(me)) b->add_unvoted_text_ids(text.text_id());
  }
  bool as_no = index.scenario().structure().adoption().non_voter() == pb::DecisionRule::COUNTS_AS_NO;
  if (!b->unvoted_text_ids().empty()) {
    b->set_silence("On " + join_ids(b->unvoted_text_ids()) + ", which you have not voted on, your silence counts as " +
                   (as_no ? "a no vote (it blocks a text that needs consensus or unanimity)." : "abstaining (it blocks nothing)."));
  } else {
    b->set_silence("You have voted on every text on the ballot.");
  }
  b->set_if_closed_now("If the vote closed now: " + rules::count_ballot(ctx).outcome());
}

std::string open_list(const pb::Desk& desk) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"message", "private messages"}, {"caucus", "caucus rooms"},  {"statement", "public statements"},
      {"table", "tabling texts"},      {"amend", "amendments"},     {"withdraw", "withdrawing texts"},
      {"cosponsor", "co-sponsoring"},  {"vote", "voting"},         {"pledge", "pledges"},
      {"sign", "signing or declining"}};
  std::string out;
  for (const auto& word : kWords) {
    const std::string action = word.first;
    auto it = std::find_if(desk.actions().begin(), desk.actions().end(), [&](const auto& g) { return g.action() == action; });
    if (it != desk.actions().end() && it->open()) out += (out.empty() ? "" : ", ") + std::string(word.second);
  }
  return out;
}

std::string activity(const pb::Desk& desk, const pb::SessionState& s, std::uint32_t seat, bool delegation) {
  if (s.status() == pb::LOBBY) return "The session has not started: read your brief and preferences.";
  if (s.status() == pb::ENDED) return "The session has ended.";
  std::string open = open_list(desk);
  if (s.status() == pb::PAUSED) {
    return "Paused: the procedure waits for the white cell to resume the clock" +
           (open.empty() ? std::string(".") : "; " + open + " stay open.");
  }
  if (s.stage() == pb::STRESS_TEST) {
    return desk.has_crisis() && !desk.crisis().inject_id().empty() ? desk.crisis().summary() : "Stress test: waiting for the next crisis.";
  }
  if (!open.empty()) return "This phase allows: " + open + ".";
  bool head_only = std::any_of(desk.actions().begin(), desk.actions().end(), [](const auto& g) {
    return (g.action() == "vote" || g.action() == "sign") && g.reason().find("head of delegation") != std::string::npos;
  });
  if (head_only && delegation && seat != 0) return "Your head of delegation votes or signs in this phase.";
  return "Nothing to do in this phase: wait for the next one.";
}

}  // namespace

pb::Desk role_desk(const ScenarioIndex& index, const pb::SessionState& state, int role, std::uint32_t seat) {
  pb::Desk desk;
  Input input;
  input.at_ms = state.now_ms();
  input.role = index.role(role).id();
  input.seat = seat;
  std::vector<pb::Event> unused;
  // The checks only read: a Context needs a mutable state, which they never touch, and
  // messages, which no gate looks at.
  MessageLog no_messages;
  Context ctx(index, const_cast<pb::SessionState&>(state), no_messages, input, unused);
  bool observer = index.role(role).kind() == pb::OBSERVER;
  for (auto action : kActions) add_gate(desk, action_name(action), rules::gate(ctx, action), observer);
  add_gate(desk, "decline", rules::signature_gate(ctx, "decline the treaty"), observer);
  auto offer = rules::crisis_offer(ctx);
  add_gate(desk, "respond", rules::crisis_gate(ctx, "respond to a crisis"), observer);
  add_gate(desk, "crisis_vote", crisis_vote_gate(ctx, offer), observer);
  if (!offer.inject_id().empty()) *desk.mutable_crisis() = std::move(offer);
  desk.set_has_profile(index.has_profile(role));
  if (desk.has_profile()) {
    auto profile = current_profile(index, state, role);
    desk.set_batna(profile.batna);
    double pledges = pledge_worth(state, input.role, profile.point_utility);
    for (const auto& text : state.texts()) {
      if (!text.withdrawn() || text.text_id() == state.adopted_text_id()) add_worth(desk, index, profile, text, pledges);
    }
  }
  const auto* phase = current_phase(index, state);
  if (index.is_delegation(role) && phase != nullptr && phase_allows(*phase, Action::vote) && state.status() != pb::ENDED) {
    fill_ballot(desk, index, ctx);
  }
  desk.set_activity(activity(desk, state, seat, index.is_delegation(role)));
  return desk;
}

}  // namespace parley::engine
