#include "library/scenario_jobs.hpp"

#include "log/logger.hpp"
#include "bots/rehearsal.hpp"
#include "bots/rehearsal_report.hpp"

namespace parley::app {
namespace {

Result<boost::json::object> rehearsal_report(const RehearsalRequest& request) {
  bots::RehearsalPlan plan;
  plan.runs = request.runs;
  plan.seed = request.seed;
  plan.jobs = 1;
  try {
    bots::Rehearsal rehearsal(request.index, plan);
    auto games = rehearsal.run();
    return bots::RehearsalReport(*request.index, plan, games).to_json();
  } catch (const std::exception& e) {
    return fail(ErrorCode::failed, std::string("the rehearsal failed: ") + e.what());
  }
}

void report_error(const std::string& what) { log::error("scenario", what); }

}  // namespace

ScenarioJobs::ScenarioJobs()
    : analyses_({16, 1, std::chrono::milliseconds(0)}, &ScenarioJobs::run, report_error),
      games_({4, 1, std::chrono::milliseconds(0)}, &ScenarioJobs::run, report_error) {
  analyses_.start();
  games_.start();
}

void ScenarioJobs::run(std::vector<Job>& batch) {
  for (auto& job : batch) job();
}

void ScenarioJobs::rehearse(RehearsalRequest request) {
  auto done = request.done;
  if (!games_.submit([request = std::move(request)] { request.done(rehearsal_report(request)); })) {
    done(fail(ErrorCode::unavailable, "the server is already rehearsing several scenarios; try again in a moment"));
  }
}

void ScenarioJobs::stop() {
  analyses_.stop();
  games_.stop();
}

}  // namespace parley::app
