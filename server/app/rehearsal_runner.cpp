#include "app/rehearsal_runner.hpp"

#include "log/logger.hpp"
#include "rehearsal.hpp"
#include "rehearsal_report.hpp"

namespace parley::app {

RehearsalRunner::RehearsalRunner()
    : worker_({4, 1, std::chrono::milliseconds(0)}, [](std::vector<RehearsalRequest>& batch) {
        for (auto& r : batch) run(r);
      },
      [](const std::string& what) { log::error("rehearsal", what); }) {
  worker_.start();
}

void RehearsalRunner::submit(RehearsalRequest request) {
  auto done = request.done;
  if (!worker_.submit(std::move(request))) {
    done(fail(ErrorCode::unavailable, "the server is already rehearsing several scenarios; try again in a moment"));
  }
}

void RehearsalRunner::run(RehearsalRequest& request) {
  cli::RehearsalPlan plan;
  plan.runs = request.runs;
  plan.seed = request.seed;
  plan.jobs = 1;
  try {
    cli::Rehearsal rehearsal(request.index, plan);
    auto games = rehearsal.run();
    cli::RehearsalReport report(*request.index, plan, games);
    request.done(report.to_json());
  } catch (const std::exception& e) {
    request.done(fail(ErrorCode::failed, std::string("the rehearsal failed: ") + e.what()));
  }
}

}  // namespace parley::app
