#pragma once
// Drives an engine Session in tests: builds commands tersely, keeps a clock,
// and checks acceptance or the rejection code with the message in the log.

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "scenario_fixture.hpp"

namespace parley::test {

namespace pb = parley::v1;

inline pb::Command table(const std::map<std::string, std::string>& options, const std::string& title = "") {
  pb::Command c;
  c.mutable_table_text()->set_title(title);
  for (const auto& [k, v] : options) (*c.mutable_table_text()->mutable_options())[k] = v;
  return c;
}
inline pb::Command amend(const std::string& id, const std::map<std::string, std::string>& options) {
  pb::Command c;
  c.mutable_amend_text()->set_text_id(id);
  for (const auto& [k, v] : options) (*c.mutable_amend_text()->mutable_options())[k] = v;
  return c;
}
inline pb::Command vote(const std::string& id, pb::VoteChoice choice) {
  pb::Command c;
  c.mutable_vote()->set_text_id(id);
  c.mutable_vote()->set_choice(choice);
  return c;
}
inline pb::Command message(const std::string& to, const std::string& text) {
  pb::Command c;
  c.mutable_send_message()->set_to(to);
  c.mutable_send_message()->set_text(text);
  return c;
}
inline pb::Command pledge(const std::string& to, long long points, pb::PledgeCondition cond = pb::IF_SIGNS) {
  pb::Command c;
  c.mutable_pledge()->set_to(to);
  c.mutable_pledge()->set_points(points);
  c.mutable_pledge()->set_condition(cond);
  return c;
}
inline pb::Command room(const std::string& name, const std::vector<std::string>& members) {
  pb::Command c;
  c.mutable_create_room()->set_name(name);
  for (const auto& m : members) c.mutable_create_room()->add_members(m);
  return c;
}
inline pb::Command post(const std::string& room_id, const std::string& text) {
  pb::Command c;
  c.mutable_post_to_room()->set_room_id(room_id);
  c.mutable_post_to_room()->set_text(text);
  return c;
}
inline pb::Command statement(const std::string& text) {
  pb::Command c;
  c.mutable_statement()->set_text(text);
  return c;
}
inline pb::Command release(const std::string& inject, const std::string& message_id = "") {
  pb::Command c;
  c.mutable_release_inject()->set_inject_id(inject);
  c.mutable_release_inject()->set_message_id(message_id);
  return c;
}
inline pb::Command respond(bool commit, double contribution = 0, const std::string& lead = "", bool opt_out = false) {
  pb::Command c;
  c.mutable_respond_to_crisis()->set_commit(commit);
  c.mutable_respond_to_crisis()->set_contribution(contribution);
  c.mutable_respond_to_crisis()->set_nominate_lead(lead);
  c.mutable_respond_to_crisis()->set_opt_out(opt_out);
  return c;
}
template <class F>
pb::Command make(F set) {
  pb::Command c;
  set(c);
  return c;
}
inline pb::Command start() { return make([](pb::Command& c) { c.mutable_start(); }); }
inline pb::Command advance() { return make([](pb::Command& c) { c.mutable_advance(); }); }
inline pb::Command sign() { return make([](pb::Command& c) { c.mutable_sign(); }); }
inline pb::Command decline() { return make([](pb::Command& c) { c.mutable_decline(); }); }
inline pb::Command tick() { return make([](pb::Command& c) { c.mutable_tick(); }); }

class Driver {
 public:
  explicit Driver(const std::string& scenario) : Driver(load_scenario(scenario)) {}
  explicit Driver(pb::Scenario scenario)
      : index_(std::make_shared<const engine::ScenarioIndex>(std::move(scenario))), session_(index_) {}

  engine::Session& session() { return session_; }
  const engine::ScenarioIndex& index() const { return *index_; }
  const pb::SessionState& state() const { return session_.state(); }
  pb::SessionState full_state() const { return session_.full_state(); }
  const std::vector<pb::Event>& log() const { return log_; }
  std::int64_t now() const { return now_; }
  void wait(std::int64_t ms) { now_ += ms; }
  int role(const std::string& id) const { return *index_->role_index(id); }

  engine::Session::Outcome send(const std::string& role, const pb::Command& c, std::uint32_t seat = 0) {
    now_ += 1;
    engine::Input in{now_, role, seat, c};
    auto out = session_.handle(in);
    if (auto* events = std::get_if<std::vector<pb::Event>>(&out)) log_.insert(log_.end(), events->begin(), events->end());
    return out;
  }

  std::vector<pb::Event> ok(const std::string& role, const pb::Command& c, std::uint32_t seat = 0) {
    auto out = send(role, c, seat);
    if (auto* r = std::get_if<engine::Rejection>(&out)) {
      FAIL_CHECK(role << " " << c.ShortDebugString() << " rejected: " << r->message);
      return {};
    }
    return std::get<std::vector<pb::Event>>(out);
  }

  engine::Rejection rejected(const std::string& role, const pb::Command& c, pb::RejectionCode code, std::uint32_t seat = 0) {
    auto before = engine::serialize_state(full_state());
    auto out = send(role, c, seat);
    auto* r = std::get_if<engine::Rejection>(&out);
    if (r == nullptr) {
      FAIL_CHECK(role << " " << c.ShortDebugString() << " was accepted, expected " << pb::RejectionCode_Name(code));
      return {};
    }
    INFO(r->message);
    CHECK(pb::RejectionCode_Name(r->code) == pb::RejectionCode_Name(code));
    CHECK_FALSE(r->message.empty());
    CHECK(engine::serialize_state(full_state()) == before);  // a rejection changes nothing
    return *r;
  }

  // White cell advances until the given round and phase are current.
  void go_to(int round, const std::string& phase) {
    for (int guard = 0; guard < 100; ++guard) {
      if (state().round() == round && state().phase() == phase && state().stage() == pb::NEGOTIATION) return;
      ok(white(), advance());
    }
    FAIL("never reached round " << round << " phase " << phase);
  }

  // Tables `options` as PAK in round 1, has every eligible delegation vote
  // yes, and returns the adopted text's id.
  std::string adopt(const std::map<std::string, std::string>& options, const std::string& by) {
    go_to(1, plenary_);
    auto events = ok(by, table(options));
    std::string id = events.at(0).text_tabled().text_id();
    go_to(1, vote_);
    auto eligible = index().eligible(engine::to_text(index(), state().texts().rbegin()->options()));
    for (int r : eligible) ok(index().role(r).id(), vote(id, pb::YES));
    ok(white(), advance());
    return state().adopted_text_id();
  }

  void phases(const std::string& plenary, const std::string& vote) {
    plenary_ = plenary;
    vote_ = vote;
  }

  std::string white() const { return index_->role(index_->white_cell()).id(); }

 private:
  std::shared_ptr<const engine::ScenarioIndex> index_;
  engine::Session session_;
  std::vector<pb::Event> log_;
  std::int64_t now_ = 1'700'000'000'000;
  std::string plenary_ = "plenary";
  std::string vote_ = "vote";
};

}  // namespace parley::test
