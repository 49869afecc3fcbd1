// Treaty texts: tabling, amending, withdrawing, co-sponsoring, voting, and
// adoption when a vote phase closes.

#include <algorithm>

#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/roll_call.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;
namespace {

// Every key must be an issue and every value one of that issue's options.
Verdict check_options(const Context& ctx, const google::protobuf::Map<std::string, std::string>& options) {
  if (options.empty()) return reject(pb::INVALID_TEXT, "a text must choose an option for at least one issue");
  for (const auto& [issue, option] : options) {
    auto i = ctx.index.issue_index(issue);
    if (!i) return reject(pb::INVALID_TEXT, "'" + issue + "' is not an issue of this scenario");
    auto o = ctx.index.option_index(option);
    if (!o || o->first != *i) {
      return reject(pb::INVALID_TEXT, "'" + option + "' is not an option of issue " + issue);
    }
  }
  return std::nullopt;
}

Verdict require_live_text(const Context& ctx, const std::string& id, const pb::TreatyText** out) {
  const auto* text = find_text(ctx.state, id);
  if (text == nullptr) return reject(pb::UNKNOWN_ID, "no text '" + id + "'");
  if (text->withdrawn()) return reject(pb::ALREADY_DONE, "text " + id + " was withdrawn");
  *out = text;
  return std::nullopt;
}

void emit_tabled(Context& ctx, const std::string& parent, const std::string& title,
                 const google::protobuf::Map<std::string, std::string>& options) {
  auto e = ctx.event();
  auto* t = e.mutable_text_tabled();
  std::string id = next_id(ctx.state, kDraftPrefix);
  t->set_text_id(id);
  t->set_parent_id(parent);
  t->set_title(title.empty() ? (parent.empty() ? "Text " + id : "Amendment " + id + " to " + parent) : title);
  *t->mutable_options() = options;
  ctx.emit(std::move(e));
}

std::string open_issues(const ScenarioIndex& index, const Text& text) {
  std::string out;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (text[i] < 0) out += (out.empty() ? "" : ", ") + index.issue(i).id();
  }
  return out;
}

}  // namespace

Verdict table_text(Context& ctx, const pb::TableText& cmd) {
  if (auto r = gate(ctx, Action::table)) return r;
  if (auto r = check_options(ctx, cmd.options())) return r;
  emit_tabled(ctx, "", cmd.title(), cmd.options());
  return std::nullopt;
}

Verdict amend_text(Context& ctx, const pb::AmendText& cmd) {
  if (auto r = gate(ctx, Action::amend)) return r;
  const pb::TreatyText* parent = nullptr;
  if (auto r = require_live_text(ctx, cmd.text_id(), &parent)) return r;
  if (auto r = check_options(ctx, cmd.options())) return r;
  auto options = parent->options();
  bool changed = false;
  for (const auto& [issue, option] : cmd.options()) {
    auto it = options.find(issue);
    changed = changed || it == options.end() || it->second != option;
    options[issue] = option;
  }
  if (!changed) return reject(pb::INVALID_TEXT, "the amendment changes nothing in text " + cmd.text_id());
  emit_tabled(ctx, cmd.text_id(), cmd.title(), options);
  return std::nullopt;
}

Verdict withdraw_text(Context& ctx, const pb::WithdrawText& cmd) {
  if (auto r = gate(ctx, Action::withdraw)) return r;
  const pb::TreatyText* text = nullptr;
  if (auto r = require_live_text(ctx, cmd.text_id(), &text)) return r;
  if (text->author() != ctx.actor_id()) {
    return reject(pb::NOT_PERMITTED, "only " + text->author() + ", who tabled " + cmd.text_id() + ", can withdraw it");
  }
  if (ctx.state.adopted_text_id() == cmd.text_id()) return reject(pb::ALREADY_DONE, "text " + cmd.text_id() + " has been adopted");
  auto e = ctx.event();
  e.mutable_text_withdrawn()->set_text_id(cmd.text_id());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict cosponsor_text(Context& ctx, const pb::CosponsorText& cmd) {
  if (auto r = gate(ctx, Action::cosponsor)) return r;
  const pb::TreatyText* text = nullptr;
  if (auto r = require_live_text(ctx, cmd.text_id(), &text)) return r;
  if (text->author() == ctx.actor_id()) return reject(pb::ALREADY_DONE, "you tabled " + cmd.text_id() + " yourself");
  const auto& co = text->cosponsors();
  if (std::find(co.begin(), co.end(), ctx.actor_id()) != co.end()) {
    return reject(pb::ALREADY_DONE, "you already co-sponsor " + cmd.text_id());
  }
  auto e = ctx.event();
  e.mutable_text_cosponsored()->set_text_id(cmd.text_id());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict vote(Context& ctx, const pb::CastVote& cmd) {
  if (auto r = gate(ctx, Action::vote)) return r;
  const pb::TreatyText* text = nullptr;
  if (auto r = require_live_text(ctx, cmd.text_id(), &text)) return r;
  Text t = to_text(ctx.index, text->options());
  if (!is_complete(t)) {
    return reject(pb::INVALID_TEXT, "text " + cmd.text_id() + " leaves issues " + open_issues(ctx.index, t) +
                                        " open; only complete texts are put to a vote");
  }
  auto eligible = ctx.index.eligible(t);
  if (std::find(eligible.begin(), eligible.end(), ctx.actor) == eligible.end()) {
    return reject(pb::NOT_ELIGIBLE, ctx.actor_id() + " would not be a party under text " + cmd.text_id() + " and cannot vote on it");
  }
  if (cmd.choice() == pb::VOTE_CHOICE_UNSPECIFIED) return reject(pb::INVALID_ARGUMENT, "choose yes, no or abstain");
  // The same vote again (a second tab, a resend): accepted, and recorded once.
  auto cast = text->votes().find(ctx.actor_id());
  if (cast != text->votes().end() && cast->second == cmd.choice()) return std::nullopt;
  auto e = ctx.event();
  e.mutable_vote_cast()->set_text_id(cmd.text_id());
  e.mutable_vote_cast()->set_choice(cmd.choice());
  ctx.emit(std::move(e));
  return std::nullopt;
}

namespace {

std::string yes_votes(std::uint32_t n) { return std::to_string(n) + (n == 1 ? " yes vote" : " yes votes"); }

// What the vote did to the adopted text, as the closing event says it.
void settle_standing(const Context& ctx, const pb::Tally* best, pb::VoteClosed& closed) {
  const auto& standing = ctx.state.adopted_text_id();
  auto needed = yes_to_displace(ctx.index.scenario().structure(), ctx.state.adopted_yes());
  if (best == nullptr) {
    closed.set_standing_text_id(standing);
    closed.set_outcome(standing.empty() ? "No text passed; nothing is adopted."
                                        : "No text passed; " + standing + " stands, adopted with " + yes_votes(ctx.state.adopted_yes()) + ".");
    return;
  }
  if (standing.empty() || best->text_id() == standing || best->yes() >= needed) {
    closed.set_adopted_text_id(best->text_id());
    closed.set_standing_text_id(best->text_id());
    std::string replaced = standing.empty() || best->text_id() == standing
                               ? ""
                               : ", replacing " + standing + " (adopted with " + yes_votes(ctx.state.adopted_yes()) + ")";
    closed.set_outcome(best->text_id() + (best->text_id() == standing ? " passed again with " : " is adopted with ") +
                       yes_votes(best->yes()) + replaced + ".");
    return;
  }
  closed.set_standing_text_id(standing);
  closed.set_outcome(best->text_id() + " passed with " + yes_votes(best->yes()) + " but does not displace " + standing +
                     ", adopted with " + yes_votes(ctx.state.adopted_yes()) + ": a text needs at least " + yes_votes(needed) +
                     " to replace it.");
}

}  // namespace

// Each text voted on is tallied among the delegations its membership clause
// admits; of those that pass, the one with most yes votes (then the
// earliest tabled) is adopted, unless a text adopted earlier stands.
pb::VoteClosed count_ballot(const Context& ctx) {
  const auto& structure = ctx.index.scenario().structure();
  pb::VoteClosed closed;
  closed.set_rule(adoption_pick(structure));
  for (const auto& text : ctx.state.texts()) {
    if (text.votes().empty() || text.withdrawn()) continue;
    *closed.add_tallies() = count_votes(ctx.index, structure.adoption(), text);
  }
  const pb::Tally* best = nullptr;
  for (const auto& tally : closed.tallies()) {
    if (tally.passed() && (best == nullptr || tally.yes() > best->yes())) best = &tally;
  }
  settle_standing(ctx, best, closed);
  return closed;
}

void close_vote(Context& ctx) {
  auto e = ctx.clock_event();
  *e.mutable_vote_closed() = count_ballot(ctx);
  ctx.emit(std::move(e));
}

}  // namespace parley::engine::rules
