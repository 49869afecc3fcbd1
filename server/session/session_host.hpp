#pragma once
// One live session in the server. Commands are validated by the engine in
// arrival order on the session's strand; the events they produce are
// written to the event store, and only after the commit is the sender
// acknowledged and every connection sent the events its role may see.
//
// The host keeps two engines: a speculative one that has applied every
// accepted command (so commands can be pipelined while commits are in
// flight) and a durable one that has applied only committed events (for
// snapshots of a joining client's view, and to fall back to when a commit
// fails). Phase deadlines are driven by a timer feeding the engine ticks.
//
// Every public method may be called from any thread: it posts to the strand.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "session/answer_cache.hpp"
#include "session/audience.hpp"
#include "session/committed_event.hpp"
#include "session/host_view.hpp"
#include "session/metrics.hpp"
#include "session/subscriber.hpp"
#include "common/request_key.hpp"
#include "engine/session.hpp"
#include "net/runtime.hpp"
#include "parley/v1/protocol.pb.h"
#include "storage/event_log.hpp"
#include "wire/packing_context.hpp"

namespace parley::app {

struct SessionHostDeps {
  net::Runtime& runtime;
  storage::EventLog& log;
  Metrics& metrics;
  std::uint64_t snapshot_every = 1000;
  // A resume that would send more events than this gets the role's view as
  // of now instead: a backlog larger than the connection's outbound queue
  // would close it as a slow reader, on every reconnect.
  std::size_t max_resume_events = 512;
  // Told (on the session's strand) when the store refused an append because
  // another node took the session: the registry lets the host go, if it is
  // still the one registered (this node may have taken the session back).
  std::function<void(const std::string& session_id, std::int64_t epoch)> lost;
};

class SessionHost : public std::enable_shared_from_this<SessionHost> {
 public:
  // `durable` is the state after the events before `log`; `log` holds the
  // committed events the host keeps in memory for resuming clients.
  SessionHost(SessionHostDeps deps, std::string id, std::string title,
              std::shared_ptr<const engine::ScenarioIndex> index, parley::v1::SessionState durable,
              std::vector<CommittedEvent> log, std::uint64_t last_seq);

  // Arms the clock. Call once, after construction.
  void start();
  // Remembers answers given before a restart (idempotent retries), oldest first.
  void remember(std::vector<std::pair<RequestKey, parley::v1::ServerEnvelope>> answers);

  void join(Subscriber sub, std::string request_id, std::uint64_t last_seq);
  void leave(std::uint64_t client_id);
  void submit(Subscriber sub, std::string request_id, parley::v1::Command command);
  // Acks once everything committed so far has been sent to this subscriber.
  void sync(Subscriber sub, std::string request_id, bool text);
  // Shows what the session holds now to `look`, on the session's strand: the read-only views
  // (the status call, the drafts' analysis, the seats bots may take) are made from it.
  void inspect(std::function<void(const HostView&)> look);
  // Runs a command as the white cell's head seat (a cohort's bulk action); done gets its
  // answer: the ack once the events are stored, or the rejection. Never retried or remembered.
  void command(parley::v1::Command command, std::function<void(parley::v1::ServerEnvelope)> done);
  // Frees a head seat a bot holds: closes the bot's connections on it and has the white cell
  // release the seat, so a person (or another bot) can take it. Answers why not, if it cannot.
  void remove_bot(std::string role, std::function<void(Status)> done);

  // Where a fork came from; set once, before start(), by whoever creates it.
  void set_lineage(std::string forked_from, std::uint64_t forked_at) {
    forked_from_ = std::move(forked_from);
    forked_at_ = forked_at;
  }

  // The epoch of this node's lease on the session; every append carries it.
  // 0 for an ended session hosted again (nothing to fence). Set before start().
  void set_epoch(std::int64_t epoch) { epoch_ = epoch; }
  std::int64_t epoch() const { return epoch_; }
  // Another node owns the session now: refuse everything, and close every
  // connection with `why` so its client reconnects and reaches the owner.
  // `farewell`: what its connections are told as they close.
  void lose(std::string why, std::string farewell = "this session moved to another server; reconnect");

  const std::string& id() const { return id_; }
  // Whether the session's end is stored; readable from any thread.
  bool ended() const { return ended_.load(); }
  // Connections holding the session count from attach() (before join) to
  // leave(). The registry evicts an ended session nobody has held for a while.
  void attach() { ++holders_; }
  int holders() const { return holders_.load(); }
  // Counts what a watcher of the session would see change (events delivered, people joining or
  // leaving), so a dashboard can wait for the next change instead of polling. Any thread.
  std::uint64_t changes() const { return changes_.load(); }
  // Lets go of an attach() without a subscription (a request that used the session).
  void release();
  bool unheld_for(std::chrono::milliseconds quiet) const;
  // Its clock is stopped (lobby or paused) and no write is in flight or in doubt. Any thread.
  bool quiet() const { return quiet_.load(); }
  std::shared_ptr<const engine::ScenarioIndex> index() const { return index_; }
  // Whether a person's seat must give a name to join (a class that asks for names). Any thread.
  void set_names_required(bool on) { names_required_ = on; }
  bool names_required() const { return names_required_.load(); }

 private:
  void note_quiet();
  struct Waiting {
    std::string request_id;
    std::vector<Subscriber> waiters;
  };
  // An append's outcome as the event log reports it. Commits are known by their last seq.
  struct Commit {
    std::vector<CommittedEvent> events;
    std::optional<RequestKey> key;  // none: the command had no request id (a tick, a claim)
    std::uint64_t seq;
    Status status;
  };
  // What the commits taken in one go send: the events from first_seq on
  // (in log_) and the acks, one frame per connection.
  struct Outbox {
    std::uint64_t first_seq = 0;  // 0: no events
    std::vector<std::pair<Subscriber, parley::v1::Ack>> acks;
  };
  void do_submit(std::optional<Subscriber> sub, const std::string& request_id, const parley::v1::Command& command,
                 const std::string& role, std::uint32_t seat);
  // Called on the writer's thread: queues the outcome, and wakes the strand
  // unless a wake-up is already on its way (it will take this one too).
  void receive_commit(Commit commit);
  void take_commits();
  void on_committed(Commit commit, Outbox& out);
  void deliver(Outbox& out);
  void recover_from_failure();
  void lose_now(const std::string& why, const std::string& farewell = "this session moved to another server; reconnect");
  // After a commit of unknown outcome: read back what was stored after the
  // durable seq (events, and the answers to the commands that were refused),
  // take it as committed, then recover.
  void reconcile();
  void on_reconciled(Result<storage::StoredTail> tail);
  void retry_reconcile(const std::string& why);
  // Keeps the last two snapshot intervals of events in memory; older resumes get a snapshot.
  void trim_log();
  // How many events after last_seq this role would be sent (counted up to just past the limit).
  std::size_t resume_backlog(std::uint64_t last_seq, int role) const;
  void arm_timer();
  void on_timer();
  std::int64_t now_ms() const;

  SessionHostDeps deps_;
  std::string id_;
  std::string title_;
  std::string forked_from_;  // empty: not a fork
  std::uint64_t forked_at_ = 0;
  std::shared_ptr<const engine::ScenarioIndex> index_;
  std::shared_ptr<net::Strand> strand_;
  std::unique_ptr<net::Timer> timer_;
  engine::Session speculative_;
  engine::Session durable_;
  std::deque<CommittedEvent> log_;  // the latest committed events (trim_log), for resuming clients
  std::uint64_t durable_seq_ = 0;
  std::uint64_t next_seq_ = 1;
  std::size_t in_flight_ = 0;
  bool degraded_ = false;
  bool uncertain_ = false;                // a commit of this episode had an unknown outcome
  bool reconciling_ = false;
  std::vector<RequestKey> unanswered_;    // requests refused while uncertain
  std::unique_ptr<net::Timer> retry_timer_;
  std::atomic<bool> ended_{false};
  std::atomic<bool> names_required_{false};
  std::atomic<bool> quiet_{false};
  std::atomic<std::uint64_t> changes_{0};
  std::atomic<int> holders_{0};
  std::atomic<std::int64_t> released_at_ms_;  // steady clock, when the last holder left
  std::int64_t armed_for_ = -1;
  Audience audience_;
  std::int64_t epoch_ = 0;
  bool lost_ = false;
  AnswerCache answers_;
  std::map<std::uint64_t, Waiting> pending_;  // by the commit's last seq
  std::unordered_map<RequestKey, std::uint64_t, RequestKeyHash> pending_keys_;  // a request's commit, for retries
  std::mutex commits_mutex_;
  std::vector<Commit> commits_;  // reported by the writer, not yet taken on the strand
};

}  // namespace parley::app
