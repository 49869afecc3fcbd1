#pragma once
// The slow work on scenarios, never on a network thread or a session's
// strand: parsing, validating and analysing what the studio sends on every
// change (milliseconds for most scenarios, seconds for a 2 MB text or a text
// space the analyser must sample), and
// bot-only rehearsals (seconds). Each has a thread of its own, so a long
// rehearsal never holds up an author's next check; each queue is short, and
// a caller told "busy" can ask again.

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "common/result.hpp"
#include "storage/worker_thread.hpp"
#include "engine/scenario_index.hpp"

namespace parley::app {

struct RehearsalRequest {
  std::shared_ptr<const engine::ScenarioIndex> index;
  int runs = 100;
  std::uint64_t seed = 1;
  std::function<void(Result<boost::json::object>)> done;
};

class ScenarioJobs {
 public:
  static constexpr int kMaxRuns = 2000;

  ScenarioJobs();
  // Runs a check (parse, validate, analyse) on the analysis thread; false when its queue is full.
  bool check(std::function<void()> job) { return analyses_.submit(std::move(job)); }
  // The rehearsal report, answered on the rehearsal thread (or at once when the queue is full).
  void rehearse(RehearsalRequest request);
  void stop();

 private:
  using Job = std::function<void()>;
  static void run(std::vector<Job>& batch);
  WorkerThread<Job> analyses_;
  WorkerThread<Job> games_;
};

}  // namespace parley::app
