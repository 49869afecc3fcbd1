#include "support/resilient_client.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "engine/session.hpp"

namespace parley::test {
namespace pb = parley::v1;
using Clock = std::chrono::steady_clock;

std::optional<std::uint64_t> ResilientClient::command(const std::string& request_id, const pb::Command& command) {
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    if (!connected_ && !connect()) continue;
    pb::ClientEnvelope env;
    env.set_request_id(request_id);
    *env.mutable_command() = command;
    if (!ws_.send(env)) {
      connected_ = false;
      continue;
    }
    ++sent_;
    for (;;) {
      auto got = ws_.receive(std::chrono::seconds(20));
      if (!got) {
        connected_ = false;
        ++retries_;
        break;  // resend the same request id on a new connection
      }
      const auto& a = got.value();
      if (a.has_ack() && a.ack().request_id() == request_id) return a.ack().seq();
      if (a.has_rejection() && a.rejection().request_id() == request_id) {
        if (!a.rejection().retryable()) return std::nullopt;
        ++refusals_;
        backoff();  // storage unavailable, or the session moving: the same request again, shortly
        break;
      }
      take(a);
    }
  }
  FAIL(role_ << ": command " << request_id << " got no answer within 60 s");
  return std::nullopt;
}

void ResilientClient::sync() {
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    if (!connected_ && !connect()) continue;
    pb::ClientEnvelope env;
    env.set_request_id("sync-" + std::to_string(++syncs_));
    env.mutable_sync();
    if (!ws_.send(env)) {
      connected_ = false;
      continue;
    }
    for (;;) {
      auto got = ws_.receive(std::chrono::seconds(20));
      if (!got) {
        connected_ = false;
        break;
      }
      if (got.value().has_ack() && got.value().ack().request_id() == env.request_id()) return;
      take(got.value());
    }
  }
  FAIL(role_ << ": no sync within 60 s");
}

bool ResilientClient::holds(std::uint64_t seq) const {
  if (received_.count(seq)) return true;
  return std::any_of(covered_.begin(), covered_.end(), [seq](const auto& c) { return seq > c.first && seq <= c.second; });
}

void ResilientClient::backoff() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

bool ResilientClient::connect() {
  ws_.close();
  if (!ws_.connect(url_())) {
    backoff();
    return false;
  }
  pb::ClientEnvelope hello;
  hello.mutable_hello()->set_code(code_);
  hello.mutable_hello()->set_last_seq(last_seq_);
  hello.mutable_hello()->set_client("resilient-test-client");
  if (!ws_.send(hello)) return false;
  auto welcome = ws_.receive(std::chrono::seconds(20));
  if (!welcome || !welcome.value().has_welcome()) {
    backoff();  // refused for now (the session is moving between nodes): try again shortly
    return false;
  }
  connected_ = true;
  resumes_ += last_seq_ > 0 ? 1 : 0;
  return true;
}

void ResilientClient::take(const pb::ServerEnvelope& env) {
  if (env.has_snapshot()) {
    if (env.snapshot().seq() < last_seq_) ++gaps_;  // a snapshot older than what was seen
    covered_.emplace_back(last_seq_, env.snapshot().seq());
    snapshots_.emplace_back(env.snapshot().seq(), parley::engine::serialize_deterministic(env.snapshot().state()));
    last_seq_ = std::max(last_seq_, env.snapshot().seq());
    return;
  }
  if (!env.has_event()) return;
  auto seq = env.event().seq();
  if (seq <= last_seq_) ++duplicates_;
  received_.insert(seq);
  last_seq_ = std::max(last_seq_, seq);
}

}  // namespace parley::test
