#include "bot.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>

#include "engine/state_access.hpp"

namespace parley::cli {
namespace pb = parley::v1;
using engine::Text;

namespace {

constexpr double kSpaceToEnumerate = 200000;
constexpr int kSamples = 20000;

engine::Profile profile_of(const engine::ScenarioIndex& index, int role, const pb::RoleState& rs) {
  engine::Profile p = index.starting_profile(role);
  for (int i = 0; i < rs.weights_size() && i < index.issue_count(); ++i) {
    p.weights[i] = rs.weights(i);
    for (int o = 0; o < rs.scores(i).scores_size(); ++o) p.scores[i][o] = rs.scores(i).scores(o);
  }
  if (rs.weights_size() > 0) p.batna = rs.batna();
  p.budget = rs.budget();
  return p;
}

// Every text, or a seeded sample of a space too large to list.
std::vector<Text> candidates(const engine::ScenarioIndex& index, std::mt19937_64& rng) {
  std::vector<Text> out;
  double space = index.text_space_size();
  if (space <= kSpaceToEnumerate) {
    for (std::uint64_t n = 0; n < static_cast<std::uint64_t>(space); ++n) out.push_back(index.text_at(n));
  } else {
    std::uniform_real_distribution<double> pick(0, space);
    for (int i = 0; i < kSamples; ++i) out.push_back(index.text_at(static_cast<std::uint64_t>(pick(rng))));
  }
  return out;
}

}  // namespace

Strategy parse_strategy(const std::string& name, bool& ok) {
  ok = true;
  if (name == "boulware") return Strategy::boulware;
  if (name == "conceder") return Strategy::conceder;
  if (name == "tit-for-tat") return Strategy::tit_for_tat;
  ok = false;
  return Strategy::boulware;
}

Bot::Bot(std::unique_ptr<SessionLink> link, Strategy strategy, std::uint64_t seed, bool verbose)
    : link_(std::move(link)), strategy_(strategy), verbose_(verbose) {
  role_ = link_->welcome().role();
  rng_.seed(seed ^ std::hash<std::string>{}(role_));
  index_ = std::make_shared<engine::ScenarioIndex>(link_->welcome().scenario());
  role_index_ = *index_->role_index(role_);
  const auto& s = link_->snapshot();
  self_ = s.roles(role_index_);
  profile_ = profile_of(*index_, role_index_, self_);
  round_ = s.round();
  phase_index_ = s.phase_index();
  phase_ = s.phase();
  ended_ = s.status() == pb::ENDED;
  adopted_ = s.adopted_text_id();
  for (const auto& t : s.texts()) texts_[t.text_id()] = {engine::to_text(*index_, t.options()), t.author(), t.withdrawn()};
  for (const auto& rs : s.roles()) {
    if (rs.signature() == pb::SIGNED) signed_.insert(rs.role());
  }
  for (const auto& t : candidates(*index_, rng_)) {
    if (acceptable(t)) best_possible_ = std::max(best_possible_, utility(t));
  }
}

bool Bot::acceptable(const Text& t) const {
  return engine::is_complete(t) && !engine::breaks_red_line(profile_, t) && utility(t) >= profile_.batna - 1e-9;
}

double Bot::progress() const {
  if (stress_ || round_ < 1) return stress_ ? 1.0 : 0.0;
  const auto& rounds = index_->scenario().structure().rounds();
  int total = 0, before = 0;
  for (int r = 0; r < rounds.size(); ++r) {
    if (r < round_ - 1) before += rounds[r].phases_size();
    total += rounds[r].phases_size();
  }
  return total <= 1 ? 1.0 : static_cast<double>(before + phase_index_) / (total - 1);
}

double Bot::aspiration() const {
  double p = progress();
  double batna = profile_.batna;
  double best = std::max(best_possible_, batna);
  if (strategy_ == Strategy::tit_for_tat) {
    double offered = -1;
    for (const auto& [id, t] : texts_) {
      if (t.author != role_ && !t.withdrawn && engine::is_complete(t.text)) offered = std::max(offered, utility(t.text));
    }
    // Meet the best offer halfway, moving further as time runs out.
    if (offered >= 0) return std::clamp(offered + 0.5 * (best - offered) * (1 - p), batna, best);
  }
  double f = strategy_ == Strategy::conceder ? std::sqrt(p) : p * p * p;
  return batna + (best - batna) * (1 - f);
}

bool Bot::allowed(const char* action) const {
  if (stress_ || round_ < 1) return false;
  const auto& rounds = index_->scenario().structure().rounds();
  if (round_ > rounds.size() || phase_index_ >= rounds[round_ - 1].phases_size()) return false;
  const auto& allowed = rounds[round_ - 1].phases(phase_index_).allowed();
  return std::find(allowed.begin(), allowed.end(), action) != allowed.end();
}

void Bot::observe(const pb::Event& e) {
  switch (e.kind_case()) {
    case pb::Event::kPhaseStarted:
      round_ = e.phase_started().round();
      phase_index_ = e.phase_started().phase_index();
      phase_ = e.phase_started().phase();
      stress_ = false;
      break;
    case pb::Event::kCrisisOpened:
      stress_ = true;
      crisis_ = e.crisis_opened().inject_id();
      crisis_info_ = e.crisis_opened();
      break;
    case pb::Event::kCrisisResolved: crisis_.clear(); break;
    case pb::Event::kSessionEnded: ended_ = true; break;
    case pb::Event::kTextTabled:
      texts_[e.text_tabled().text_id()] = {engine::to_text(*index_, e.text_tabled().options()), e.actor(), false};
      break;
    case pb::Event::kTextWithdrawn: texts_[e.text_withdrawn().text_id()].withdrawn = true; break;
    case pb::Event::kVoteClosed:
      if (!e.vote_closed().adopted_text_id().empty()) adopted_ = e.vote_closed().adopted_text_id();
      break;
    case pb::Event::kTreatySigned: signed_.insert(e.actor()); break;
    case pb::Event::kProfileChanged:
      if (e.profile_changed().role() == role_) {
        for (const auto& effect : e.profile_changed().effects()) engine::apply_effect(*index_, self_, effect);
        profile_ = profile_of(*index_, role_index_, self_);
        best_possible_ = 0;
        for (const auto& t : candidates(*index_, rng_)) {
          if (acceptable(t)) best_possible_ = std::max(best_possible_, utility(t));
        }
      }
      break;
    case pb::Event::kPledgeMade:
      if (e.pledge_made().to() == role_) {
        (e.pledge_made().condition() == pb::IF_SIGNS ? pledged_to_me_if_sign_ : pledged_to_me_if_decline_) +=
            static_cast<double>(e.pledge_made().points());
      }
      if (e.actor() == role_) self_.set_budget(self_.budget() - e.pledge_made().points());
      break;
    case pb::Event::kMessageSent:
      if (e.message_sent().to() == role_ && !e.actor().empty()) pending_replies_.insert(e.actor());
      break;
    default: break;
  }
}

void Bot::send(const pb::Command& command) {
  std::string key = command.ShortDebugString();
  if (rejected_.count(key)) return;
  auto answer = link_->send(command);
  if (!answer || !answer.value().has_rejection()) return;
  const auto& r = answer.value().rejection();
  if (verbose_) std::cerr << "bot " << role_ << ": " << rejection_code(r) << ": " << r.message() << "\n";
  if (!r.retryable()) rejected_.insert(key);  // adapt: never the same refused command twice
}

void Bot::plenary() {
  if (!index_->is_delegation(role_index_)) return;
  double asp = aspiration();
  std::vector<const TextSeen*> others;
  for (const auto& [id, t] : texts_) {
    if (!t.withdrawn && t.author != role_) others.push_back(&t);
  }
  // Prefer texts others can accept: those closest to what they tabled.
  const Text* choice = nullptr;
  double best_score = -1;
  auto all = candidates(*index_, rng_);
  for (const auto& t : all) {
    if (!acceptable(t) || utility(t) < asp - 1e-9) continue;
    double similarity = 0;
    for (const auto* o : others) {
      for (std::size_t i = 0; i < t.size(); ++i) similarity += o->text[i] == t[i];
    }
    double score = similarity * 1000 + utility(t);
    if (score > best_score) {
      best_score = score;
      choice = &t;
    }
  }
  if (choice == nullptr) return;
  for (const auto& [id, t] : texts_) {
    if (!t.withdrawn && t.text == *choice) {
      if (t.author != role_) {
        pb::Command c;
        c.mutable_cosponsor_text()->set_text_id(id);
        send(c);
      }
      return;
    }
  }
  pb::Command c;
  for (int i = 0; i < index_->issue_count(); ++i) {
    (*c.mutable_table_text()->mutable_options())[index_->issue(i).id()] = index_->option(i, (*choice)[i]).id();
  }
  c.mutable_table_text()->set_title(role_ + " proposal, round " + std::to_string(round_));
  send(c);
}

void Bot::vote() {
  if (!index_->is_delegation(role_index_)) return;
  double asp = aspiration();
  for (const auto& [id, t] : texts_) {
    if (t.withdrawn || !engine::is_complete(t.text)) continue;
    auto eligible = index_->eligible(t.text);
    if (std::find(eligible.begin(), eligible.end(), role_index_) == eligible.end()) continue;
    // Yes at or above aspiration; abstain (not blocking) if merely acceptable.
    auto choice = !acceptable(t.text) ? pb::NO : utility(t.text) >= asp - 1e-9 ? pb::YES : pb::ABSTAIN;
    pb::Command c;
    c.mutable_vote()->set_text_id(id);
    c.mutable_vote()->set_choice(choice);
    send(c);
  }
}

// Once, in the last round, a delegation backs the text it likes best with
// pledges to the other parties, paid only if they sign.
void Bot::pledge_for_signatures() {
  const auto& rounds = index_->scenario().structure().rounds();
  if (pledged_ || !index_->is_delegation(role_index_) || round_ != rounds.size() || self_.budget() <= 0) return;
  pledged_ = true;
  const TextSeen* best = nullptr;
  for (const auto& [id, t] : texts_) {
    if (!t.withdrawn && acceptable(t.text) && (!best || utility(t.text) > utility(best->text))) best = &t;
  }
  if (!best) return;
  auto parties = index_->eligible(best->text);
  std::int64_t each = self_.budget() / static_cast<std::int64_t>(2 * std::max<std::size_t>(parties.size(), 1));
  if (each <= 0) return;
  for (int r : parties) {
    if (r == role_index_) continue;
    pb::Command c;
    c.mutable_pledge()->set_to(index_->role(r).id());
    c.mutable_pledge()->set_points(each);
    c.mutable_pledge()->set_condition(pb::IF_SIGNS);
    send(c);
  }
}

void Bot::sign() {
  if (!index_->is_delegation(role_index_) || adopted_.empty()) return;
  const auto& t = texts_[adopted_].text;
  auto eligible = index_->eligible(t);
  if (std::find(eligible.begin(), eligible.end(), role_index_) == eligible.end()) return;
  double value = utility(t) + (pledged_to_me_if_sign_ - pledged_to_me_if_decline_) * profile_.point_utility;
  pb::Command c;
  if (value >= profile_.batna - 1e-9 && !engine::breaks_red_line(profile_, t)) {
    c.mutable_sign();
  } else {
    c.mutable_decline();
  }
  send(c);
}

// Commit when the crisis is ours, or when defecting would cost more
// credibility than our share of the response costs us.
void Bot::crisis() {
  if (!signed_.count(role_)) return;
  const auto& st = index_->scenario().stress_test();
  double members = std::max<double>(1, static_cast<double>(signed_.size()));
  double share = crisis_info_.cost() / members * profile_.point_utility;
  bool obliged = crisis_info_.in_scope() && crisis_info_.procedure() != "CONSULTATION";
  double penalty = crisis_info_.procedure() == "AUTOMATIC" ? st.automatic_defection_penalty() : st.defection_penalty();
  bool commit = crisis_info_.victim() == role_ || (obliged && penalty >= share);
  if (crisis_info_.procedure() == "VOTE") {
    pb::Command v;
    v.mutable_crisis_vote()->set_yes(commit);
    send(v);
  }
  const auto& conflicting = crisis_info_.conflicting();
  bool conflicted = std::find(conflicting.begin(), conflicting.end(), role_) != conflicting.end();
  pb::Command c;
  auto* r = c.mutable_respond_to_crisis();
  r->set_commit(commit);
  // A contribution comes out of the points not yet pledged; the rules refuse more.
  if (commit) r->set_contribution(std::min(crisis_info_.cost() / members, static_cast<double>(std::max<std::int64_t>(0, self_.budget()))));
  r->set_opt_out(!commit && conflicted);
  send(c);
  if (r->opt_out() && rejected_.count(c.ShortDebugString())) {
    r->set_opt_out(false);
    send(c);
  }
}

void Bot::reply_to(const std::string& from) {
  static const char* kReplies[] = {"Noted; we are studying it.", "We could move if you move too.",
                                   "Our instructions are firm on this.", "Let us talk in the plenary."};
  pb::Command c;
  c.mutable_send_message()->set_to(from);
  c.mutable_send_message()->set_text(kReplies[rng_() % 4]);
  send(c);
}

void Bot::act() {
  std::string key = stress_ ? "crisis " + crisis_ : std::to_string(round_) + " " + phase_;
  if (key != acted_for_) {
    acted_for_ = key;
    if (stress_ && !crisis_.empty()) crisis();
    if (allowed("table")) plenary();
    if (allowed("pledge")) pledge_for_signatures();
    if (allowed("vote")) vote();
    if (allowed("sign")) sign();
  }
  if (allowed("message")) {
    for (const auto& from : pending_replies_) {
      std::string once = from + " " + key;
      if (!replied_.insert(once).second) continue;
      reply_to(from);
    }
  }
  pending_replies_.clear();
}

Status Bot::take_turn() {
  link_->on_event([this](std::uint64_t, const pb::Event& e) { observe(e); });
  if (auto seq = link_->sync(); !seq) return seq.error();
  act();
  return {};
}

Status Bot::run(const std::atomic<bool>& stop) {
  link_->on_event([this](std::uint64_t, const pb::Event& e) { observe(e); });
  while (!ended_ && !stop) {
    act();
    if (auto s = link_->poll(std::chrono::milliseconds(100)); !s) return s;
  }
  return {};
}

}  // namespace parley::cli
