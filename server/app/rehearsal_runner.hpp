#pragma once
// Rehearsals asked for over HTTP: bot-only games played in memory on one
// thread of their own, never on a session's strand or a network thread, so a
// rehearsal slows no live session by more than the one core it takes. The
// queue is short: a rehearsal is seconds of work, and a caller told "busy"
// can ask again.

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "common/result.hpp"
#include "common/worker_thread.hpp"
#include "engine/scenario_index.hpp"

namespace parley::app {

struct RehearsalRequest {
  std::shared_ptr<const engine::ScenarioIndex> index;
  int runs = 100;
  std::uint64_t seed = 1;
  std::function<void(Result<boost::json::object>)> done;
};

class RehearsalRunner {
 public:
  static constexpr int kMaxRuns = 2000;

  RehearsalRunner();
  // Answers through request.done, on the runner's thread (or at once when the queue is full).
  void submit(RehearsalRequest request);
  void stop() { worker_.stop(); }

 private:
  static void run(RehearsalRequest& request);
  WorkerThread<RehearsalRequest> worker_;
};

}  // namespace parley::app
