#include "session_link.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace parley::cli {
namespace pb = parley::v1;

std::string rejection_code(const pb::Rejection& r) {
  return r.has_rule() ? pb::RejectionCode_Name(r.rule()) : pb::ProtocolError_Name(r.protocol());
}

Result<std::unique_ptr<SessionLink>> SessionLink::open(const std::string& server, const std::string& code,
                                                       std::uint64_t last_seq, const std::string& client, bool wants_desk,
                                                       const std::string& display_name) {
  std::unique_ptr<SessionLink> link(new SessionLink());
  link->wants_desk_ = wants_desk;
  link->server_ = server;
  link->code_ = code;
  link->client_ = client;
  link->display_name_ = display_name;
  if (auto s = link->ws_.connect(server); !s) return s.error();
  // Request ids must never repeat for a seat: a reused id gets the old answer.
  std::random_device rd;
  link->id_prefix_ = std::to_string(rd()) + std::to_string(rd()) + "-";
  pb::ClientEnvelope hello;
  hello.set_request_id(link->id_prefix_ + "hello");
  hello.mutable_hello()->set_code(code);
  hello.mutable_hello()->set_last_seq(last_seq);
  hello.mutable_hello()->set_client(client);
  hello.mutable_hello()->set_wants_desk(wants_desk);
  hello.mutable_hello()->set_display_name(display_name);
  if (auto s = link->ws_.send(hello); !s) return s.error();
  auto first = link->ws_.receive(std::chrono::seconds(15));
  if (!first) return first.error();
  if (first.value().has_error()) {
    bool name = first.value().error().code() == pb::NAME_REQUIRED;
    return fail(ErrorCode::invalid, first.value().error().message() + (name ? " (--name NAME)" : ""));
  }
  if (!first.value().has_welcome()) return fail(ErrorCode::unavailable, "the server did not answer the hello");
  link->welcome_ = first.value().welcome();
  link->last_seq_ = last_seq;
  if (last_seq == 0) {
    auto snap = link->ws_.receive(std::chrono::seconds(15));
    if (!snap) return snap.error();
    if (auto s = link->dispatch(snap.value()); !s) return s.error();
  }
  return link;
}

Status SessionLink::dispatch(const pb::ServerEnvelope& env) {
  if (env.has_snapshot()) {
    snapshot_ = env.snapshot().state();
    last_seq_ = env.snapshot().seq();
    if (snapshot_observer_) snapshot_observer_(snapshot_);
  } else if (env.has_event()) {
    last_seq_ = env.event().seq();
    if (observer_) observer_(env.event().seq(), env.event().event());
  } else if (env.has_desk()) {
    desk_ = env.desk();
    if (desk_observer_) desk_observer_(desk_);
  } else if (env.has_error() && env.error().fatal()) {
    return fail(ErrorCode::unavailable, "the server closed the connection: " + env.error().message());
  }
  return {};
}

Result<std::uint64_t> SessionLink::sync(std::chrono::seconds timeout) {
  pb::ClientEnvelope env;
  env.mutable_sync();
  auto answer = exchange(std::move(env), timeout);
  if (!answer) return answer.error();
  if (answer.value().has_rejection()) return fail(ErrorCode::invalid, answer.value().rejection().message());
  return answer.value().ack().seq();
}

Result<pb::ServerEnvelope> SessionLink::send(const pb::Command& command, std::chrono::seconds timeout) {
  pb::ClientEnvelope env;
  *env.mutable_command() = command;
  return exchange(std::move(env), timeout);
}

// The server went away (restarted, or the session moved to another node
// behind the balancer): connect again and resume from the last seq seen.
Status SessionLink::reconnect(std::chrono::steady_clock::time_point deadline) {
  std::string last_error = "the connection was lost";
  while (std::chrono::steady_clock::now() < deadline) {
    ws_.close();
    pb::ClientEnvelope hello;
    hello.set_request_id(id_prefix_ + "hello-" + std::to_string(++next_request_));
    hello.mutable_hello()->set_code(code_);
    hello.mutable_hello()->set_last_seq(last_seq_);
    hello.mutable_hello()->set_client(client_);
    hello.mutable_hello()->set_wants_desk(wants_desk_);
    hello.mutable_hello()->set_display_name(display_name_);
    if (auto c = ws_.connect(server_); c && ws_.send(hello)) {
      auto first = ws_.receive(std::chrono::seconds(10));
      if (first && first.value().has_welcome()) return {};
      if (first && first.value().has_error()) {
        if (first.value().error().code() == pb::BAD_CREDENTIALS) return fail(ErrorCode::unauthorized, first.value().error().message());
        last_error = first.value().error().message();
      }
    } else if (!c) {
      last_error = c.error().message;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));  // a failover takes a few seconds
  }
  return fail(ErrorCode::unavailable, "could not reconnect: " + last_error);
}

Result<pb::ServerEnvelope> SessionLink::exchange(pb::ClientEnvelope env, std::chrono::seconds timeout) {
  env.set_request_id(id_prefix_ + std::to_string(++next_request_));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool sent = static_cast<bool>(ws_.send(env));
  for (;;) {
    // Lost: the same request id again on a new connection; a command already applied gets its first answer.
    if (!sent) {
      if (auto s = reconnect(deadline); !s) return s.error();
      sent = static_cast<bool>(ws_.send(env));
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return fail(ErrorCode::unavailable, "no answer from the server within " + std::to_string(timeout.count()) + " s");
    auto got = ws_.receive(left);
    if (!got && !ws_.is_open()) {
      sent = false;
      continue;
    }
    if (!got) return got.error();
    const auto& answer = got.value();
    if (answer.has_ack() && answer.ack().request_id() == env.request_id()) return answer;
    if (answer.has_rejection() && answer.rejection().request_id() == env.request_id()) return answer;
    if (auto s = dispatch(answer); !s) return s.error();
  }
}

Status SessionLink::wait_until(const std::function<bool(const pb::Event&)>& done, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return fail(ErrorCode::unavailable, "gave up waiting after " + std::to_string(timeout.count()) + " s");
    auto got = ws_.receive(left);
    if (!got) return got.error();
    if (auto s = dispatch(got.value()); !s) return s;
    if (got.value().has_event() && done(got.value().event().event())) return {};
  }
}

Status SessionLink::poll(std::chrono::milliseconds timeout) {
  auto got = ws_.receive(timeout);
  if (!got) return ws_.is_open() ? Status{} : Status(got.error());
  return dispatch(got.value());
}

}  // namespace parley::cli
