#include "support/player.hpp"

#include <doctest/doctest.h>

#include <atomic>

namespace parley::test {

bool may_see(const std::string& role, bool white, const pb::Event& e, const std::set<std::string>& rooms) {
  if (white) return true;
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), role) != list.end(); };
  switch (e.kind_case()) {
    case pb::Event::kInjectReleased: return e.inject_released().audience().empty() || in(e.inject_released().audience());
    case pb::Event::kProfileChanged: return e.profile_changed().role() == role;
    case pb::Event::kMessageSent: return e.actor() == role || e.message_sent().to() == role;
    case pb::Event::kRoomCreated: return in(e.room_created().members());
    case pb::Event::kRoomMessage: return rooms.count(e.room_message().room_id()) > 0;
    case pb::Event::kPledgeMade: return e.actor() == role || e.pledge_made().to() == role;
    case pb::Event::kPledgeSettled: return e.pledge_settled().from() == role || e.pledge_settled().to() == role;
    case pb::Event::kCrisisResponse:
    case pb::Event::kCrisisVote: return e.actor() == role;
    case pb::Event::kNoteRecorded:
    case pb::Event::kObjectiveRated: return false;
    case pb::Event::kRuling: return e.ruling().audience().empty() || in(e.ruling().audience());
    default: return true;
  }
}

Player::Player(const std::string& url, const std::string& code, const std::string& role, bool json, std::uint64_t last_seq,
               bool wants_desk)
    : role_(role) {
  auto s = ws_.connect(url, json);
  REQUIRE_MESSAGE(s.ok(), (s ? "" : s.error().message));
  pb::ClientEnvelope hello;
  hello.set_request_id("hello");
  hello.mutable_hello()->set_code(code);
  hello.mutable_hello()->set_last_seq(last_seq);
  hello.mutable_hello()->set_client("test-player");
  hello.mutable_hello()->set_wants_desk(wants_desk);
  REQUIRE(ws_.send(hello).ok());
  auto first = ws_.receive();
  REQUIRE_MESSAGE(first.ok(), (first ? "" : first.error().message));
  REQUIRE_MESSAGE(first.value().has_welcome(), first.value().ShortDebugString());
  welcome_ = first.value().welcome();
  CHECK(welcome_.role() == role);
  if (last_seq == 0) {
    auto snap = ws_.receive();
    REQUIRE(snap.ok());
    REQUIRE(snap.value().has_snapshot());
    record(snap.value());
  }
}

void Player::record(const pb::ServerEnvelope& env) {
  if (env.has_desk()) {
    CHECK(env.desk().seq() >= desk_.seq());
    desk_ = env.desk();
    ++desks_;
    return;
  }
  if (env.has_snapshot()) {
    got_snapshot_ = true;
    snapshot_seq_ = env.snapshot().seq();
    snapshot_ = env.snapshot().state();
    for (const auto& room : snapshot_.rooms()) rooms_.insert(room.room_id());
    return;
  }
  if (!env.has_event()) return;
  const auto& e = env.event().event();
  if (e.has_room_created()) {
    for (const auto& m : e.room_created().members()) {
      if (m == role_) rooms_.insert(e.room_created().room_id());
    }
  }
  INFO(role_ << " received " << e.ShortDebugString());
  bool white = false;
  for (const auto& r : welcome_.scenario().roles()) white = white || (r.id() == role_ && r.kind() == pb::WHITE_CELL);
  CHECK(may_see(role_, white, e, rooms_));
  CHECK(env.event().seq() > last_seq());  // in order, no duplicates
  events_.emplace_back(env.event().seq(), e);
}

pb::ServerEnvelope Player::command(const pb::Command& command, const std::string& request_id) {
  pb::ClientEnvelope env;
  // Unique across every Player of this process: a reused id would be
  // (correctly) answered with the earlier command's result.
  static std::atomic<int> counter{0};
  env.set_request_id(request_id.empty() ? role_ + "-" + std::to_string(++counter) : request_id);
  *env.mutable_command() = command;
  REQUIRE(ws_.send(env).ok());
  for (;;) {
    auto got = ws_.receive();
    REQUIRE_MESSAGE(got.ok(), role_ << ": " << (got ? "" : got.error().message));
    const auto& answer = got.value();
    if (answer.has_ack() && answer.ack().request_id() == env.request_id()) return answer;
    if (answer.has_rejection() && answer.rejection().request_id() == env.request_id()) return answer;
    REQUIRE_MESSAGE(!answer.has_error(), answer.ShortDebugString());
    record(answer);
  }
}

void Player::sync() {
  static std::atomic<int> counter{0};
  pb::ClientEnvelope env;
  env.set_request_id("sync-" + role_ + "-" + std::to_string(++counter));
  env.mutable_sync();
  REQUIRE(ws_.send(env).ok());
  for (;;) {
    auto got = ws_.receive();
    REQUIRE_MESSAGE(got.ok(), role_ << " waiting for a sync: " << (got ? "" : got.error().message));
    if (got.value().has_ack() && got.value().ack().request_id() == env.request_id()) return;
    REQUIRE_MESSAGE(!got.value().has_error(), got.value().ShortDebugString());
    record(got.value());
  }
}

void Player::wait_for_seq(std::uint64_t seq) {
  while (last_seq() < seq) {
    auto got = ws_.receive();
    REQUIRE_MESSAGE(got.ok(), role_ << " waiting for seq " << seq << ": " << (got ? "" : got.error().message));
    record(got.value());
  }
}

void Player::drain(std::chrono::milliseconds timeout) {
  for (;;) {
    auto got = ws_.receive(timeout);
    if (!got) return;
    record(got.value());
  }
}

}  // namespace parley::test
