#pragma once
// Class mode over HTTP: /api/cohorts makes N tables of one scenario version
// and seats a roster on them; /api/cohorts/<id> is the cohort dashboard's
// status of every table, .../actions its bulk actions, .../handout the slips
// to print, .../debrief the comparison across tables. The admin creates a
// cohort; its token ("<id>.<secret>", kept only as SHA-256) opens the rest.
// Slow work answers through the responder; nothing blocks a network thread.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "http/bot_launcher.hpp"
#include "library/scenario_jobs.hpp"
#include "library/scenario_library.hpp"
#include "session/session_archive.hpp"
#include "session/session_registry.hpp"
#include "net/http_types.hpp"
#include "net/runtime.hpp"
#include "storage/cohort_store.hpp"
#include "storage/db_worker.hpp"

namespace parley::app {

class CohortApi {
 public:
  CohortApi(SessionRegistry& registry, SessionArchive& archive, ScenarioLibrary& library, ScenarioJobs& jobs, BotLauncher& bots,
            storage::DbWorker& db, storage::DbWorker& reader, std::function<bool(const net::HttpRequest&)> is_admin)
      : registry_(registry), archive_(archive), library_(library), jobs_(jobs), bots_(bots), db_(db), reader_(reader),
        is_admin_(std::move(is_admin)) {}

  // Timers for the dashboard's wait for a change; without them every status answers at once.
  void set_runtime(net::Runtime* runtime) { runtime_ = runtime; }

  // path starts with /api/cohorts.
  void handle(const std::string& path, const net::HttpRequest& request, const net::HttpResponder& respond);

 private:
  using Loaded = std::function<void(storage::CohortRow)>;
  void create(const net::HttpRequest& request, const net::HttpResponder& respond);
  void list(const net::HttpRequest& request, const net::HttpResponder& respond);
  // Makes tables from..total one after another, then stores the cohort.
  struct Making;
  void make_table(std::shared_ptr<Making> making);
  void store(std::shared_ptr<Making> making);
  // Loads the cohort for a holder of its token (or the admin), else answers the refusal.
  void load(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond, Loaded then);
  void status(const storage::CohortRow& cohort, const net::HttpResponder& respond);
  // Answers the status once any table changed from `version` (or after kLongestWait).
  void status_after(const storage::CohortRow& cohort, std::uint64_t version, const net::HttpResponder& respond);
  void act(const storage::CohortRow& cohort, const net::HttpRequest& request, const net::HttpResponder& respond);
  void handout(const storage::CohortRow& cohort, const net::HttpRequest& request, const net::HttpResponder& respond);
  void debrief(const storage::CohortRow& cohort, const net::HttpRequest& request, const net::HttpResponder& respond);
  // The rehearsal the debrief sets the class beside, computed once per scenario version and size.
  void rehearsal(const storage::CohortRow& cohort, const ScenarioRef& scenario, int runs, std::function<void(boost::json::value)> done);

  SessionRegistry& registry_;
  SessionArchive& archive_;
  ScenarioLibrary& library_;
  ScenarioJobs& jobs_;
  BotLauncher& bots_;
  storage::DbWorker& db_;
  storage::DbWorker& reader_;
  std::function<bool(const net::HttpRequest&)> is_admin_;
  net::Runtime* runtime_ = nullptr;
  std::mutex mutex_;
  std::map<std::string, boost::json::object> rehearsals_;  // "scenario@version#runs" -> report (bounded: one per version)
};

}  // namespace parley::app
