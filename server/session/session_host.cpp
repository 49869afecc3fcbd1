// Over 400 lines on purpose: intake, commit outcomes, the read-back after an unknown
// outcome and the rollback all move the same two engines, pending commits and seq
// counters; split apart, each part would reach into the others' state on every command.
#include "session/session_host.hpp"

#include <algorithm>
#include <chrono>

#include "session/event_fanout.hpp"
#include "session/snapshot_codec.hpp"
#include "engine/desk.hpp"
#include "engine/roll_call.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "log/logger.hpp"
#include "wire/codec.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace {

pb::ServerEnvelope storage_unavailable(const std::string& request_id,
                                       const std::string& why = "the database is unavailable; nothing was applied, try again shortly") {
  return wire::protocol_rejection(request_id, pb::STORAGE_UNAVAILABLE, why, true);
}

constexpr const char* kMoved = "this session moved to another server; nothing was applied, reconnect and send it again";

bool seat_claimed(const pb::SessionState& s, int role, std::uint32_t seat) {
  if (role < 0 || role >= s.roles_size()) return true;
  const auto& seats = s.roles(role).seats_claimed();
  return std::find(seats.begin(), seats.end(), seat) != seats.end();
}

}  // namespace

namespace {
std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

SessionHost::SessionHost(SessionHostDeps deps, std::string id, std::string title,
                         std::shared_ptr<const engine::ScenarioIndex> index, pb::SessionState durable,
                         std::vector<CommittedEvent> log, std::uint64_t last_seq)
    : deps_(deps), id_(std::move(id)), title_(std::move(title)), index_(std::move(index)),
      strand_(deps.runtime.make_strand()), timer_(deps.runtime.make_timer(strand_)), speculative_(index_),
      durable_(index_, std::move(durable)), log_(std::make_move_iterator(log.begin()), std::make_move_iterator(log.end())),
      audience_(deps.metrics) {
  speculative_ = durable_;  // a copy shares the messages' words
  for (const auto& e : log_) {
    speculative_.apply(e.event);
    durable_.apply(e.event, &speculative_);
  }
  durable_seq_ = std::max(last_seq, log_.empty() ? 0 : log_.back().seq);
  next_seq_ = durable_seq_ + 1;
  ended_ = durable_.state().status() == pb::ENDED;
  released_at_ms_ = steady_ms();
  trim_log();
  note_quiet();
}

// The clock is stopped (lobby or paused) and nothing is on its way to the database: the
// registry may let the session go and host it again from the database on the next hello.
void SessionHost::note_quiet() {
  auto status = durable_.state().status();
  quiet_ = (status == pb::LOBBY || status == pb::PAUSED) && in_flight_ == 0 && !degraded_ && !uncertain_ && !reconciling_;
}

void SessionHost::trim_log() {
  if (deps_.snapshot_every == 0) return;  // no snapshots: a resume has nothing else to start from
  while (log_.size() > 2 * deps_.snapshot_every) log_.pop_front();
}

void SessionHost::start() {
  strand_->post([self = shared_from_this()] { self->arm_timer(); });
}

void SessionHost::remember(std::vector<std::pair<RequestKey, pb::ServerEnvelope>> answers) {
  strand_->post([self = shared_from_this(), answers = std::move(answers)]() mutable {
    for (auto& [key, answer] : answers) self->answers_.remember(key, std::move(answer));
  });
}

std::int64_t SessionHost::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void SessionHost::join(Subscriber sub, std::string request_id, std::uint64_t last_seq) {
  strand_->post([self = shared_from_this(), sub = std::move(sub), request_id = std::move(request_id), last_seq] {
    if (self->lost_) {  // let go just before the join arrived: the client must reach the new owner
      if (sub.conn) sub.conn->close("this session moved to another server; reconnect");
      return;
    }
    pb::ServerEnvelope welcome;
    auto* w = welcome.mutable_welcome();
    w->set_request_id(request_id);
    w->set_session_id(self->id_);
    w->set_role(sub.role);
    w->set_seat(sub.seat);
    *w->mutable_scenario() = engine::view_scenario(*self->index_, sub.role_index);
    w->set_last_seq(self->durable_seq_);
    w->set_session_title(self->title_);
    w->set_adoption_rule(engine::describe_rule(self->index_->scenario().structure().adoption()) + "; " +
                         engine::adoption_pick(self->index_->scenario().structure()) + ".");
    self->audience_.answer(sub, welcome);
    std::uint64_t log_start = self->log_.empty() ? self->durable_seq_ + 1 : self->log_.front().seq;
    auto& packed = self->audience_.restart(sub.client_id);  // a new connection: nothing to pack against yet
    if (last_seq == 0 || last_seq + 1 < log_start || last_seq > self->durable_seq_ ||
        self->resume_backlog(last_seq, sub.role_index) > self->deps_.max_resume_events) {
      // A new client, one whose gap is no longer held in memory, or one whose
      // gap is too long to send without overrunning its queue: its view as of now.
      pb::ServerEnvelope snap;
      snap.mutable_snapshot()->set_seq(self->durable_seq_);
      *snap.mutable_snapshot()->mutable_state() =
          engine::view_state(*self->index_, self->durable_.state(), self->durable_.messages(), sub.role_index);
      self->audience_.answer(sub, snap);
    } else {
      // What it missed, as one batch.
      EventFanout missed(*self->index_, self->durable_.state());
      for (const auto& e : self->log_) {
        if (e.seq > last_seq) missed.add(e);
      }
      self->audience_.send_frame(sub, missed.frame(sub, packed, {}));
    }
    self->audience_.add(sub);
    ++self->changes_;
    Audience::Desks desks(*self->index_, self->durable_.state(), self->durable_seq_);
    self->audience_.send_desk(sub, desks);
    if (!seat_claimed(self->speculative_.state(), sub.role_index, sub.seat) &&
        self->speculative_.state().status() != pb::ENDED && !self->degraded_) {
      pb::Command claim;
      claim.mutable_claim_seat()->set_by_bot(sub.client.rfind("bot", 0) == 0);
      claim.mutable_claim_seat()->set_by_model(sub.client.rfind("agent:", 0) == 0);
      self->do_submit(std::nullopt, "", claim, sub.role, sub.seat);
    }
  });
}

std::size_t SessionHost::resume_backlog(std::uint64_t last_seq, int role) const {
  std::size_t n = 0;
  for (auto it = log_.rbegin(); it != log_.rend() && it->seq > last_seq; ++it) {
    n += engine::visible_to(*index_, durable_.state(), it->event, role) ? 1 : 0;
    if (n > deps_.max_resume_events) break;  // enough to decide
  }
  return n;
}

bool SessionHost::unheld_for(std::chrono::milliseconds quiet) const {
  return holders_.load() == 0 && steady_ms() - released_at_ms_.load() >= quiet.count();
}

void SessionHost::release() {
  released_at_ms_ = steady_ms();
  --holders_;
}

void SessionHost::leave(std::uint64_t client_id) {
  release();
  strand_->post([self = shared_from_this(), client_id] {
    self->audience_.remove(client_id);
    ++self->changes_;
  });
}

void SessionHost::submit(Subscriber sub, std::string request_id, pb::Command command) {
  strand_->post([self = shared_from_this(), sub = std::move(sub), request_id = std::move(request_id),
                 command = std::move(command)] { self->do_submit(sub, request_id, command, sub.role, sub.seat); });
}

// Broadcasts happen on this strand right after each commit, so by the time
// this runs, every committed event has been queued for the subscriber.
void SessionHost::sync(Subscriber sub, std::string request_id, bool text) {
  strand_->post([self = shared_from_this(), sub = std::move(sub), request_id = std::move(request_id), text]() mutable {
    sub.text = text;
    self->audience_.answer(sub, wire::ack_envelope(request_id, self->durable_seq_, 0));
  });
}

void SessionHost::do_submit(std::optional<Subscriber> sub, const std::string& request_id, const pb::Command& command,
                            const std::string& role, std::uint32_t seat) {
  std::optional<RequestKey> key;
  if (!request_id.empty()) {
    key = RequestKey{role, seat, request_id};
    if (const auto* earlier = answers_.find(*key)) {
      if (sub) audience_.answer(*sub, *earlier);  // a retry: the original answer, never a second application
      return;
    }
    if (auto it = pending_keys_.find(*key); it != pending_keys_.end()) {
      if (sub) pending_[it->second].waiters.push_back(*sub);
      return;
    }
  }
  if (degraded_ || lost_) {
    deps_.metrics.rejection("STORAGE_UNAVAILABLE");
    if (sub) audience_.answer(*sub, lost_ ? storage_unavailable(request_id, kMoved) : storage_unavailable(request_id));
    return;
  }
  auto status_before = speculative_.state().status();
  auto outcome = speculative_.handle({now_ms(), role, seat, command});
  if (auto* r = std::get_if<engine::Rejection>(&outcome)) {
    auto env = wire::rule_rejection(request_id, r->code, r->message);
    deps_.metrics.rejection(pb::RejectionCode_Name(r->code));
    if (key) answers_.remember(*key, env);
    if (sub) audience_.answer(*sub, env);
    return;
  }
  auto& events = std::get<std::vector<pb::Event>>(outcome);
  if (events.empty()) {
    if (sub) audience_.answer(*sub, wire::ack_envelope(request_id, 0, 0));
    return;
  }
  storage::Append append;
  append.session_id = id_;
  append.epoch = epoch_;
  std::vector<CommittedEvent> batch;
  bool snapshot_due = false;
  for (auto& e : events) {
    std::uint64_t seq = next_seq_++;
    snapshot_due = snapshot_due || (deps_.snapshot_every > 0 && seq % deps_.snapshot_every == 0);
    append.events.push_back({seq, engine::event_kind(e), engine::serialize_deterministic(e), e.round(), e.phase(), e.at_ms()});
    batch.push_back({seq, std::move(e)});
  }
  std::uint64_t last = batch.back().seq;
  if (snapshot_due) append.snapshot = std::make_pair(last, encode_snapshot(speculative_));
  if (speculative_.state().status() != status_before) append.status = speculative_.state().status();
  auto ack = wire::ack_envelope(request_id, last, static_cast<std::uint32_t>(batch.size()));
  if (key) {
    append.command = storage::CommandRecord{role, seat, request_id, ack.SerializeAsString()};
    pending_keys_[*key] = last;
  }
  auto& waiting = pending_[last];
  waiting.request_id = request_id;
  if (sub) waiting.waiters.push_back(*sub);
  ++in_flight_;
  quiet_ = false;
  std::weak_ptr<SessionHost> weak = weak_from_this();
  // The events ride in the callback and are moved, not copied, into the log.
  auto commit = std::make_shared<Commit>(Commit{std::move(batch), key, last, {}});
  append.done = [weak, commit](const Status& s) {
    commit->status = s;
    if (auto self = weak.lock()) self->receive_commit(std::move(*commit));
  };
  if (!deps_.log.append(std::move(append))) {
    // Refused without running the callback: the commit is still ours.
    Outbox out;
    commit->status = fail(ErrorCode::unavailable, "the event log is overloaded");
    on_committed(std::move(*commit), out);
    deliver(out);
  }
  arm_timer();
}

void SessionHost::lose(std::string why, std::string farewell) {
  strand_->post([self = shared_from_this(), why = std::move(why), farewell = std::move(farewell)] { self->lose_now(why, farewell); });
}

void SessionHost::lose_now(const std::string& why, const std::string& farewell) {
  if (lost_) return;
  lost_ = true;
  auto closed = audience_.close_all(farewell);
  log::warn("session", id_ + ": " + why + "; letting it go and closed its " + std::to_string(closed) + " connection(s)");
  if (timer_) timer_->cancel();
}

void SessionHost::receive_commit(Commit commit) {
  bool wake = false;
  {
    std::lock_guard lock(commits_mutex_);
    wake = commits_.empty();
    commits_.push_back(std::move(commit));
  }
  if (wake) strand_->post([self = shared_from_this()] { self->take_commits(); });
}

// Every commit reported since the last wake-up, delivered together: under
// load one frame per connection carries the events and acks of many commands.
void SessionHost::take_commits() {
  std::vector<Commit> taken;
  {
    std::lock_guard lock(commits_mutex_);
    taken.swap(commits_);
  }
  Outbox out;
  for (auto& commit : taken) on_committed(std::move(commit), out);
  deliver(out);
}

void SessionHost::on_committed(Commit commit, Outbox& out) {
  --in_flight_;
  auto& events = commit.events;
  const auto& key = commit.key;
  const auto& status = commit.status;
  auto waiting = std::move(pending_[commit.seq]);
  pending_.erase(commit.seq);
  if (key) pending_keys_.erase(*key);
  if (status.ok()) {
    auto before = durable_.state().status();
    if (out.first_seq == 0) out.first_seq = events.front().seq;
    for (const auto& e : events) {
      durable_.apply(e.event, &speculative_);
      durable_seq_ = e.seq;
    }
    ended_ = durable_.state().status() == pb::ENDED;
    if (durable_.state().status() != before) {
      log::info("session", id_ + " is now " + engine::status_name(durable_.state().status()) +
                               (durable_.state().status() == pb::ENDED ? " (" + durable_.state().end_reason() + ")" : ""));
    }
    auto ack = wire::ack_envelope(waiting.request_id, commit.seq, static_cast<std::uint32_t>(events.size()));
    for (auto& w : waiting.waiters) out.acks.emplace_back(std::move(w), ack.ack());
    if (key) answers_.remember(*key, ack);
    for (auto& e : events) log_.push_back(std::move(e));
  } else if (status.error().code == ErrorCode::fenced || lost_) {
    deliver(out);
    for (auto& w : waiting.waiters) {
      deps_.metrics.rejection("STORAGE_UNAVAILABLE");
      audience_.answer(w, storage_unavailable(waiting.request_id, kMoved));
    }
    if (!lost_ && deps_.lost) deps_.lost(id_, epoch_);
    if (!lost_) lose_now(status.error().message);
    return;
  } else {
    deliver(out);  // what committed before this failure goes out before its refusals
    if (!degraded_) log::warn("session", id_ + ": " + status.error().message + "; refusing commands until it recovers");
    degraded_ = true;
    uncertain_ = uncertain_ || status.error().code == ErrorCode::unknown_outcome;
    if (key) unanswered_.push_back(*key);
    for (auto& w : waiting.waiters) {
      deps_.metrics.rejection("STORAGE_UNAVAILABLE");
      audience_.answer(w, storage_unavailable(waiting.request_id));
    }
  }
  if (degraded_ && in_flight_ == 0 && !reconciling_) uncertain_ ? reconcile() : recover_from_failure();
  note_quiet();
}

void SessionHost::reconcile() {
  reconciling_ = true;
  std::weak_ptr<SessionHost> weak = weak_from_this();
  auto strand = strand_;
  deps_.log.read_back(id_, durable_seq_, unanswered_, [weak, strand](Result<storage::StoredTail> tail) {
    strand->post([weak, tail = std::move(tail)]() mutable {
      if (auto self = weak.lock()) self->on_reconciled(std::move(tail));
    });
  });
}

// Still unreadable: stay refusing, and look again in a second.
void SessionHost::retry_reconcile(const std::string& why) {
  reconciling_ = false;
  log::warn("session", id_ + ": cannot read back a commit of unknown outcome yet: " + why);
  if (!retry_timer_) retry_timer_ = deps_.runtime.make_timer(strand_);
  std::weak_ptr<SessionHost> weak = weak_from_this();
  retry_timer_->expire_at(now_ms() + 1000, [weak] {
    if (auto self = weak.lock(); self && !self->reconciling_) self->reconcile();
  });
}

void SessionHost::on_reconciled(Result<storage::StoredTail> read) {
  if (!read) return retry_reconcile(read.error().message);
  std::vector<CommittedEvent> events;
  for (const auto& s : read.value().events) {
    CommittedEvent e{s.seq, {}};
    if (!e.event.ParseFromString(s.payload)) return retry_reconcile("event " + std::to_string(s.seq) + " is corrupt");
    events.push_back(std::move(e));
  }
  reconciling_ = false;
  if (!events.empty()) {
    log::info("session", id_ + ": a commit of unknown outcome was stored (" + std::to_string(events.size()) +
                             " events up to seq " + std::to_string(events.back().seq) + "); taking it as committed");
  }
  for (const auto& e : events) {
    durable_.apply(e.event, &speculative_);
    durable_seq_ = e.seq;
  }
  ended_ = durable_.state().status() == pb::ENDED;
  for (auto& [key, bytes] : read.value().answers) {
    pb::ServerEnvelope stored;
    if (stored.ParseFromString(bytes)) answers_.remember(key, std::move(stored));
  }
  Outbox out;
  if (!events.empty()) out.first_seq = events.front().seq;
  for (auto& e : events) log_.push_back(std::move(e));
  deliver(out);
  uncertain_ = false;
  unanswered_.clear();
  recover_from_failure();
}

// Every write after the failed one failed too (the store refuses them), so
// the durable engine is exactly what is stored: continue from there.
void SessionHost::recover_from_failure() {
  speculative_ = durable_;
  next_seq_ = durable_seq_ + 1;
  degraded_ = false;
  deps_.log.reset_session(id_);
  armed_for_ = -1;
  arm_timer();
  note_quiet();
}

// One frame per connection: the events it may see and its acks. The log
// is trimmed only after, so the events from first_seq on are all in it.
void SessionHost::deliver(Outbox& out) {
  if (out.first_seq != 0) ++changes_;
  if (out.first_seq != 0 && !log_.empty() && out.first_seq >= log_.front().seq) {
    EventFanout fanout(*index_, durable_.state());
    for (auto it = log_.begin() + static_cast<std::ptrdiff_t>(out.first_seq - log_.front().seq); it != log_.end(); ++it) {
      fanout.add(*it);
    }
    Audience::Desks desks(*index_, durable_.state(), durable_seq_);
    audience_.broadcast(fanout, out.acks, desks);
  }
  audience_.send_acks(out.acks);
  out = Outbox{};
  trim_log();
}

void SessionHost::arm_timer() {
  if (lost_) return;  // the new owner runs the clock
  const auto& s = speculative_.state();
  if (s.status() != pb::RUNNING || s.deadline_ms() <= 0) {
    if (armed_for_ != -1) timer_->cancel();
    armed_for_ = -1;
    return;
  }
  std::int64_t at = degraded_ ? now_ms() + 1000 : s.deadline_ms();
  if (at == armed_for_) return;
  armed_for_ = at;
  std::weak_ptr<SessionHost> weak = weak_from_this();
  timer_->expire_at(at, [weak] {
    if (auto self = weak.lock()) self->on_timer();
  });
}

void SessionHost::on_timer() {
  armed_for_ = -1;
  if (!degraded_) {
    pb::Command tick;
    tick.mutable_tick();
    do_submit(std::nullopt, "", tick, "", 0);
  }
  arm_timer();
}

void SessionHost::inspect(std::function<void(const HostView&)> look) {
  strand_->post([self = shared_from_this(), look = std::move(look)] {
    look(HostView{self->id_, self->title_, self->forked_from_, self->forked_at_, *self->index_, self->durable_.state(),
                  self->speculative_.state(), self->durable_seq_, self->audience_.members(), self->ended_.load()});
  });
}

void SessionHost::command(pb::Command command, std::function<void(pb::ServerEnvelope)> done) {
  strand_->post([self = shared_from_this(), command = std::move(command), done = std::move(done)] {
    Subscriber server_side;
    server_side.reply = [done](const pb::ServerEnvelope& answer) { done(answer); };
    const auto& white = self->index_->role(self->index_->white_cell()).id();
    self->do_submit(server_side, "", command, white, 0);
  });
}

void SessionHost::remove_bot(std::string role, std::function<void(Status)> done) {
  strand_->post([self = shared_from_this(), role = std::move(role), done = std::move(done)] {
    auto r = self->index_->role_index(role);
    if (!r) return done(fail(ErrorCode::invalid, "'" + role + "' is not a role in this scenario"));
    const auto& bots = self->speculative_.state().roles(*r).seats_claimed_by_bots();
    if (std::find(bots.begin(), bots.end(), 0u) == bots.end()) return done(fail(ErrorCode::conflict, role + "'s head seat is not held by a bot"));
    if (self->ended_) return done(fail(ErrorCode::conflict, "the session has ended; its seats no longer change"));
    if (self->degraded_) return done(fail(ErrorCode::unavailable, "the session's database is unreachable; try again shortly"));
    for (const auto& [id, sub] : self->audience_.members()) {
      if (sub.role_index == *r && sub.seat == 0 && sub.client.rfind("bot", 0) == 0 && sub.conn) {
        sub.conn->close("the white cell removed this bot");
      }
    }
    pb::Command release;
    release.mutable_release_seat()->set_role(role);
    release.mutable_release_seat()->set_seat(0);
    self->do_submit(std::nullopt, "", release, self->index_->role(self->index_->white_cell()).id(), 0);
    done({});
  });
}

}  // namespace parley::app
