#include "bots/bot_policy.hpp"

#include <algorithm>
#include <cmath>

#include "engine/state_access.hpp"

namespace parley::bots {
namespace pb = parley::v1;
using engine::Text;

namespace {

constexpr double kSpaceToEnumerate = 200000;
constexpr int kSamples = 20000;
constexpr double kEpsilon = 1e-9;
// How many times a bot tables (or backs) a text in one phase: once, then once per answer.
constexpr int kMaxTablings = 3;

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

bool contains(const std::vector<int>& list, int v) { return std::find(list.begin(), list.end(), v) != list.end(); }

}  // namespace

std::shared_ptr<const std::vector<Text>> text_candidates(const engine::ScenarioIndex& index) {
  auto out = std::make_shared<std::vector<Text>>();
  double space = index.text_space_size();
  if (space <= kSpaceToEnumerate) {
    for (std::uint64_t n = 0; n < static_cast<std::uint64_t>(space); ++n) out->push_back(index.text_at(n));
  } else {
    std::mt19937_64 rng(1);  // a fixed sample: every bot of every game weighs the same texts
    for (int i = 0; i < kSamples; ++i) out->push_back(index.text_at(static_cast<std::uint64_t>(std::fmod(static_cast<double>(rng()), space))));
  }
  return out;
}

BotPolicy::BotPolicy(std::shared_ptr<const engine::ScenarioIndex> index, std::shared_ptr<const std::vector<Text>> candidates,
                     const std::string& role, const pb::SessionState& view, Strategy strategy, std::uint64_t seed)
    : index_(std::move(index)), candidates_(std::move(candidates)), role_(role), voice_(*index_, *index_->role_index(role)) {
  role_index_ = *index_->role_index(role_);
  traits_ = draw_traits(*index_, role_index_, strategy, seed);
  rng_.seed(role_seed(seed ^ 0x5eedULL, role_));
  self_ = view.roles(role_index_);
  profile_ = profile_of(*index_, role_index_, self_);
  round_ = view.round();
  phase_index_ = view.phase_index();
  phase_ = view.phase();
  ended_ = view.status() == pb::ENDED;
  stress_ = view.stage() == pb::STRESS_TEST;
  adopted_ = view.adopted_text_id();
  for (const auto& t : view.texts()) {
    auto& seen = texts_[t.text_id()] = {engine::to_text(*index_, t.options()), t.author(), t.withdrawn(), {t.author()}};
    seen.backers.insert(t.cosponsors().begin(), t.cosponsors().end());
  }
  for (const auto& rs : view.roles()) {
    if (rs.signature() == pb::SIGNED) signed_.insert(rs.role());
  }
  refresh_best();
}

// Every candidate's worth and red lines for the profile as it is now, kept: a decision looks at
// thousands of candidates, the profile changes a few times a game.
void BotPolicy::refresh_best() {
  const auto& all = *candidates_;
  cand_utility_.resize(all.size());
  cand_red_.resize(all.size());
  ideal_ = profile_.batna;  // the reservation depends on it, so it comes first
  for (std::size_t k = 0; k < all.size(); ++k) {
    cand_utility_[k] = utility(all[k]);
    cand_red_[k] = engine::breaks_red_line(profile_, all[k]) ? 1 : 0;
    if (!cand_red_[k]) ideal_ = std::max(ideal_, cand_utility_[k]);
  }
  best_possible_ = 0;
  double floor = reservation();
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (candidate_acceptable(k, floor)) best_possible_ = std::max(best_possible_, cand_utility_[k]);
  }
}

bool BotPolicy::candidate_acceptable(std::size_t k, double floor) const {
  return !cand_red_[k] && cand_utility_[k] >= floor - kEpsilon;
}

bool BotPolicy::acceptable(const Text& t) const {
  return engine::is_complete(t) && !engine::breaks_red_line(profile_, t) && utility(t) >= reservation() - kEpsilon;
}

// 0..2: the text's membership holds every partner (1), and for an exclusive
// bot, the fewer others besides, the better (up to 1 more).
double BotPolicy::courtship(const Text& t) const {
  auto eligible = index_->eligible(t);
  if (!contains(eligible, role_index_)) return index_->is_delegation(role_index_) ? -10 : 0;
  double score = 0;
  bool all = std::all_of(traits_.partners.begin(), traits_.partners.end(), [&](int p) { return contains(eligible, p); });
  if (all) score += 1;
  if (all && traits_.exclusive) {
    auto total = static_cast<double>(index_->delegations().size());
    score += 1 - static_cast<double>(eligible.size()) / total;
  }
  return score;
}

// The texts each role backs now, by role index: looked up once per tabling decision, not once
// per candidate (the candidates run to thousands).
std::vector<std::vector<const Text*>> BotPolicy::backed_texts() const {
  std::vector<std::vector<const Text*>> backed(index_->scenario().roles_size());
  for (const auto& [tid, seen] : texts_) {
    if (seen.withdrawn) continue;
    for (const auto& id : seen.backers) {
      if (auto r = index_->role_index(id)) backed[*r].push_back(&seen.text);
    }
  }
  return backed;
}

double BotPolicy::agreement(const Text& t, const std::vector<std::vector<const Text*>>& backed) const {
  auto eligible = index_->eligible(t);
  double sum = 0;
  int parties = 0;
  for (int r : eligible) {
    if (r == role_index_) continue;
    double best = -1;
    for (const Text* seen : backed[r]) {
      int same = 0, set = 0;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if ((*seen)[i] < 0) continue;
        ++set;
        same += (*seen)[i] == t[i] ? 1 : 0;
      }
      if (set > 0) best = std::max(best, static_cast<double>(same) / set);
    }
    sum += best < 0 ? 0.5 : best;
    ++parties;
  }
  return parties == 0 ? 1.0 : sum / parties;
}

bool BotPolicy::last_chance(const char* action) const {
  const auto& rounds = index_->scenario().structure().rounds();
  for (int r = round_ - 1; r < rounds.size(); ++r) {
    for (int p = r == round_ - 1 ? phase_index_ + 1 : 0; p < rounds[r].phases_size(); ++p) {
      const auto& allowed = rounds[r].phases(p).allowed();
      if (std::find(allowed.begin(), allowed.end(), action) != allowed.end()) return false;
    }
  }
  return true;
}

bool BotPolicy::needed(const Text& t) const {
  auto eligible = index_->eligible(t);
  auto others = static_cast<std::uint32_t>(eligible.size()) - (contains(eligible, role_index_) ? 1 : 0);
  return others < index_->entry_into_force(t).min_signatories();
}

double BotPolicy::progress() const {
  if (stress_ || round_ < 1) return stress_ ? 1.0 : 0.0;
  const auto& rounds = index_->scenario().structure().rounds();
  int total = 0, before = 0;
  for (int r = 0; r < rounds.size(); ++r) {
    if (r < round_ - 1) before += rounds[r].phases_size();
    total += rounds[r].phases_size();
  }
  return total <= 1 ? 1.0 : static_cast<double>(before + phase_index_) / (total - 1);
}

double BotPolicy::aspiration() const {
  double p = progress();
  double floor = reservation();
  double best = std::max(best_possible_, floor);
  if (traits_.strategy == Strategy::tit_for_tat) {
    double offered = -1;
    for (const auto& [id, t] : texts_) {
      if (t.author != role_ && !t.withdrawn && engine::is_complete(t.text)) offered = std::max(offered, utility(t.text));
    }
    // Meet the best offer halfway, moving further as time runs out.
    if (offered >= 0) return std::clamp(offered + 0.5 * (best - offered) * (1 - std::pow(p, traits_.pace)), floor, best);
  }
  return floor + (best - floor) * (1 - std::pow(p, traits_.pace));
}

bool BotPolicy::allowed(const char* action) const {
  if (stress_ || round_ < 1) return false;
  const auto& rounds = index_->scenario().structure().rounds();
  if (round_ > rounds.size() || phase_index_ >= rounds[round_ - 1].phases_size()) return false;
  const auto& allowed = rounds[round_ - 1].phases(phase_index_).allowed();
  return std::find(allowed.begin(), allowed.end(), action) != allowed.end();
}

void BotPolicy::observe(const pb::Event& e) {
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
      texts_[e.text_tabled().text_id()] = {engine::to_text(*index_, e.text_tabled().options()), e.actor(), false, {e.actor()}};
      break;
    case pb::Event::kTextCosponsored:
      if (auto it = texts_.find(e.text_cosponsored().text_id()); it != texts_.end()) it->second.backers.insert(e.actor());
      break;
    case pb::Event::kTextWithdrawn: texts_[e.text_withdrawn().text_id()].withdrawn = true; break;
    case pb::Event::kVoteClosed:
      if (!e.vote_closed().adopted_text_id().empty()) adopted_ = e.vote_closed().adopted_text_id();
      break;
    case pb::Event::kTreatySigned: signed_.insert(e.actor()); break;
    case pb::Event::kProfileChanged:
      // An inject moved our interests or our BATNA: every threshold follows.
      if (e.profile_changed().role() == role_) {
        for (const auto& effect : e.profile_changed().effects()) engine::apply_effect(*index_, self_, effect);
        profile_ = profile_of(*index_, role_index_, self_);
        refresh_best();
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
      if (e.message_sent().to() == role_ && !e.actor().empty() && e.actor() != role_) pending_replies_.insert(e.actor());
      break;
    default: break;
  }
}

void BotPolicy::refused(const pb::Command& command, bool retryable) {
  if (!retryable) rejected_.insert(command.ShortDebugString());  // adapt: never the same refused command twice
}

void BotPolicy::push(std::vector<pb::Command>& out, pb::Command command) const {
  if (!rejected_.count(command.ShortDebugString())) out.push_back(std::move(command));
}

// Tables the acceptable text that best trades its own gain over its
// reservation against how near it is to the others' proposals (a product, so
// neither side of the trade is ignored), among those at its aspiration; in
// the last phase that allows tabling it concedes down to its reservation.
void BotPolicy::plenary(std::vector<pb::Command>& out) {
  if (!index_->is_delegation(role_index_)) return;
  texts_at_tabling_ = texts_.size();
  ++tabled_this_phase_;
  double floor = reservation();
  bool last = last_chance("table");
  double asp = last ? floor : aspiration();
  double greed = last ? std::min(traits_.greed, 1.0) : traits_.greed;  // at the last chance, a deal others can take
  const Text* choice = nullptr;
  double best_score = -1e300;
  auto backed = backed_texts();
  const auto& all = *candidates_;
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto& t = all[k];
    double u = cand_utility_[k];
    if (u < asp - kEpsilon || !candidate_acceptable(k, floor)) continue;
    double court = courtship(t);
    if (court < 0) continue;
    double score = std::pow(u - floor + 1, greed) * (0.2 + agreement(t, backed)) * (1 + 0.25 * court);
    if (score > best_score) {
      best_score = score;
      choice = &t;
    }
  }
  if (choice == nullptr) return;
  for (const auto& [id, t] : texts_) {
    if (!t.withdrawn && t.text == *choice) {
      if (!t.backers.count(role_)) {
        pb::Command c;
        c.mutable_cosponsor_text()->set_text_id(id);
        push(out, std::move(c));
      }
      return;
    }
  }
  pb::Command c;
  for (int i = 0; i < index_->issue_count(); ++i) {
    (*c.mutable_table_text()->mutable_options())[index_->issue(i).id()] = index_->option(i, (*choice)[i]).id();
  }
  c.mutable_table_text()->set_title(role_ + " proposal, round " + std::to_string(round_) +
                                    (tabled_this_phase_ > 1 ? " (" + std::to_string(tabled_this_phase_) + ")" : ""));
  push(out, std::move(c));
}

void BotPolicy::vote(std::vector<pb::Command>& out) {
  if (!index_->is_delegation(role_index_)) return;
  double asp = aspiration();
  bool last = last_chance("vote");
  for (const auto& [id, t] : texts_) {
    if (t.withdrawn || !engine::is_complete(t.text)) continue;
    if (!contains(index_->eligible(t.text), role_index_)) continue;
    // Yes at or above aspiration, and on anything it would sign in the last vote; abstain
    // (not blocking) if merely acceptable. A text it would not sign: no when the text needs
    // its signature (passing, it could never enter into force) or on a red line; otherwise
    // no, or abstain for a bot that lets others go ahead without it.
    pb::VoteChoice choice;
    if (acceptable(t.text)) {
      choice = utility(t.text) >= asp - kEpsilon || last ? pb::YES : pb::ABSTAIN;
    } else {
      bool blocks = engine::breaks_red_line(profile_, t.text) || traits_.vetoes || needed(t.text);
      choice = blocks ? pb::NO : pb::ABSTAIN;
    }
    pb::Command c;
    c.mutable_vote()->set_text_id(id);
    c.mutable_vote()->set_choice(choice);
    push(out, std::move(c));
  }
}

// Once, a word to each courted partner; it costs nothing and opens a channel.
void BotPolicy::court(std::vector<pb::Command>& out) {
  if (courted_) return;
  courted_ = true;
  for (int p : traits_.partners) {
    pb::Command c;
    c.mutable_send_message()->set_to(index_->role(p).id());
    c.mutable_send_message()->set_text(voice_.courting(profile_, p));
    push(out, std::move(c));
  }
}

// Once, in its chosen round (or the last), the bot backs the text it likes
// best with pledges to the partners that text would need, paid if they sign.
void BotPolicy::pledge(std::vector<pb::Command>& out) {
  const auto& rounds = index_->scenario().structure().rounds();
  if (pledged_ || self_.budget() <= 0 || (round_ < traits_.pledge_round && round_ < rounds.size())) return;
  pledged_ = true;
  const Text* best = nullptr;
  for (const auto& [id, t] : texts_) {
    if (!t.withdrawn && acceptable(t.text) && (!best || utility(t.text) > utility(*best))) best = &t.text;
  }
  double floor = reservation();
  for (std::size_t k = 0; k < candidates_->size() && best == nullptr; ++k) {  // nothing tabled yet: its own ideal text
    if (candidate_acceptable(k, floor) && cand_utility_[k] >= best_possible_ - kEpsilon) best = &(*candidates_)[k];
  }
  if (best == nullptr) return;
  auto eligible = index_->eligible(*best);
  std::vector<int> payees;
  for (int r : traits_.partners) {
    if (r != role_index_ && contains(eligible, r)) payees.push_back(r);
  }
  if (payees.empty()) {
    for (int r : eligible) {
      if (r != role_index_) payees.push_back(r);
    }
    if (payees.size() > 1) payees.resize(1 + rng_() % payees.size());
  }
  if (payees.empty()) return;
  auto pot = static_cast<std::int64_t>(std::floor(static_cast<double>(self_.budget()) * traits_.generosity));
  std::int64_t each = pot / static_cast<std::int64_t>(payees.size());
  if (each <= 0) return;
  for (int r : payees) {
    pb::Command c;
    c.mutable_pledge()->set_to(index_->role(r).id());
    c.mutable_pledge()->set_points(each);
    c.mutable_pledge()->set_condition(pb::IF_SIGNS);
    push(out, std::move(c));
  }
}

void BotPolicy::sign(std::vector<pb::Command>& out) {
  if (!index_->is_delegation(role_index_) || adopted_.empty()) return;
  const auto& t = texts_[adopted_].text;
  if (!contains(index_->eligible(t), role_index_)) return;
  // Side payments can make up for a text below what it would walk away from, never for a red line.
  double value = utility(t) + (pledged_to_me_if_sign_ - pledged_to_me_if_decline_) * profile_.point_utility;
  pb::Command c;
  if (value >= reservation() - kEpsilon && !engine::breaks_red_line(profile_, t)) {
    c.mutable_sign();
  } else {
    c.mutable_decline();
  }
  push(out, std::move(c));
}

// Commit when the crisis is ours, when defecting would cost more than our
// share of the response (loyalty adds to the penalty we feel), or, unobliged,
// out of loyalty alone.
void BotPolicy::crisis(std::vector<pb::Command>& out) {
  if (!signed_.count(role_)) return;
  const auto& st = index_->scenario().stress_test();
  double members = std::max<double>(1, static_cast<double>(signed_.size()));
  double share = crisis_info_.cost() / members * profile_.point_utility;
  bool obliged = crisis_info_.in_scope() && crisis_info_.procedure() != "CONSULTATION";
  double penalty = crisis_info_.procedure() == "AUTOMATIC" ? st.automatic_defection_penalty() : st.defection_penalty();
  bool own = crisis_info_.victim() == role_;
  bool commit = own || (obliged && penalty + 10 * traits_.loyalty >= share) || (crisis_info_.in_scope() && traits_.loyalty > 0.75);
  if (crisis_info_.procedure() == "VOTE") {
    pb::Command v;
    v.mutable_crisis_vote()->set_yes(own || traits_.loyalty >= 0.4);
    push(out, std::move(v));
  }
  const auto& conflicting = crisis_info_.conflicting();
  bool conflicted = std::find(conflicting.begin(), conflicting.end(), role_) != conflicting.end();
  bool may_opt_out = false;
  if (auto p = index_->clause_issue(pb::PRECEDENCE); p && texts_.count(adopted_) && texts_[adopted_].text[*p] >= 0) {
    may_opt_out = index_->option(*p, texts_[adopted_].text[*p]).precedence().conflict() == pb::PrecedenceClause::OPT_OUT_RECORDED;
  }
  // Everyone nominates the member with the largest forces, so a council agrees.
  std::string lead;
  double forces = -1;
  for (const auto& id : signed_) {
    const auto& q = index_->role(*index_->role_index(id)).quantities();
    double f = q.count(st.forces_quantity()) ? q.at(st.forces_quantity()) : 0;
    if (f > forces) {
      forces = f;
      lead = id;
    }
  }
  pb::Command c;
  auto* r = c.mutable_respond_to_crisis();
  r->set_commit(commit);
  // A contribution comes out of the points not yet pledged; the rules refuse more.
  double offer = crisis_info_.cost() / members * (0.5 + traits_.loyalty);
  if (commit) r->set_contribution(std::floor(std::min(offer, static_cast<double>(std::max<std::int64_t>(0, self_.budget())))));
  r->set_opt_out(!commit && conflicted && may_opt_out);
  if (commit) r->set_nominate_lead(lead);
  push(out, std::move(c));
}

std::vector<pb::Command> BotPolicy::act() {
  std::vector<pb::Command> out;
  if (ended_) return out;
  std::string key = stress_ ? "crisis " + crisis_ : std::to_string(round_) + " " + phase_;
  if (key != acted_for_) {
    acted_for_ = key;
    tabled_this_phase_ = 0;
    if (stress_ && !crisis_.empty()) crisis(out);
    if (allowed("message")) court(out);
    if (allowed("table")) plenary(out);
    if (allowed("pledge")) pledge(out);
    if (allowed("vote")) vote(out);
    if (allowed("sign")) sign(out);
  } else if (allowed("table") && texts_.size() > texts_at_tabling_ && tabled_this_phase_ < kMaxTablings) {
    plenary(out);  // others proposed since: answer them within the phase
  }
  if (allowed("message")) {
    for (const auto& from : pending_replies_) {
      if (!replied_.insert(from + " " + key).second) continue;
      auto sender = index_->role_index(from);
      if (!sender) continue;
      pb::Command c;
      c.mutable_send_message()->set_to(from);
      c.mutable_send_message()->set_text(voice_.reply(profile_, *sender, rng_()));
      push(out, std::move(c));
    }
  }
  pending_replies_.clear();
  return out;
}

}  // namespace parley::bots
