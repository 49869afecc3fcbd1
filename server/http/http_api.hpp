#pragma once
// The HTTP endpoints: health, readiness, metrics, the scenario library
// (ScenarioApi), session creation and status, and the browser client's pages. Slow work (the database) answers through
// the responder later; nothing here blocks a network thread.

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>

#include "http/agent_control_api.hpp"
#include "http/agents_api.hpp"
#include "http/bot_launcher.hpp"
#include "http/bots_api.hpp"
#include "cluster/cluster_map.hpp"
#include "http/cohort_api.hpp"
#include "http/health_monitor.hpp"
#include "session/metrics.hpp"
#include "http/scenario_api.hpp"
#include "library/scenario_library.hpp"
#include "session/session_archive.hpp"
#include "session/session_registry.hpp"
#include "http/web_assets.hpp"
#include "net/http_types.hpp"
#include "net/runtime.hpp"

namespace parley::app {

class HttpApi {
 public:
  HttpApi(SessionRegistry& registry, SessionArchive& archive, ScenarioLibrary& library, ScenarioJobs& jobs,
          const HealthMonitor& health, Metrics& metrics, std::string admin_token, const WebAssets& web, BotLauncher& bots,
          storage::DbWorker& db, storage::DbWorker& reader, AgentLaunch model = {})
      : registry_(registry), archive_(archive), library_(library),
        scenario_api_(library, jobs, [this](const net::HttpRequest& r) { return is_admin(r); }),
        cohorts_(registry, archive, library, jobs, bots, db, reader, [this](const net::HttpRequest& r) { return is_admin(r); }), health_(health),
        metrics_(metrics), admin_token_(std::move(admin_token)), web_(web), bots_api_(registry, archive, bots), agents_api_(registry, archive, db, bots, std::move(model)),
        agent_control_(registry, db, [this](const std::string& id, const net::HttpRequest& r) { return is_facilitator(id, r); }) {}

  void handle(const net::HttpRequest& request, const net::HttpResponder& respond);
  // With several nodes: requests about a session another node owns are passed
  // on to it, and new sessions go to the least-loaded node.
  void set_cluster(ClusterMap* cluster, net::Runtime* runtime) {
    cluster_ = cluster;
    runtime_ = runtime;
    cohorts_.set_runtime(runtime);
  }

 private:
  void create_session(const net::HttpRequest& request, const net::HttpResponder& respond);
  // Resolves the scenario (shipped, or a library version) and creates the session on this node.
  void create_here(const std::string& scenario_id, int version, const std::string& title, const net::HttpResponder& respond);
  void list_sessions(const net::HttpRequest& request, const net::HttpResponder& respond);
  void session_status(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void add_facilitator(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void session_route(const std::string& path, const net::HttpRequest& request, const net::HttpResponder& respond);
  void serve_session(const std::string& path, const net::HttpRequest& request, const net::HttpResponder& respond);
  void events(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void review(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void view(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void compare(const net::HttpRequest& request, const net::HttpResponder& respond);
  std::optional<std::string> reader_role(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void fork(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void analysis(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void archive(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void delete_session(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void issue_code(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  bool is_facilitator(const std::string& id, const net::HttpRequest& request) const;
  net::HttpResponse readiness() const;
  bool is_admin(const net::HttpRequest& request) const;
  // Passes the request on to another node (once: a passed-on request is never passed on again).
  bool forwarded_to(const std::string& node_url, const net::HttpRequest& request, const net::HttpResponder& respond);
  void cluster_status(const net::HttpRequest& request, const net::HttpResponder& respond);

  SessionRegistry& registry_;
  SessionArchive& archive_;
  ScenarioLibrary& library_;
  ScenarioApi scenario_api_;
  CohortApi cohorts_;
  const HealthMonitor& health_;
  Metrics& metrics_;
  std::string admin_token_;
  const WebAssets& web_;
  BotsApi bots_api_;
  AgentsApi agents_api_;
  AgentControlApi agent_control_;
  ClusterMap* cluster_ = nullptr;
  net::Runtime* runtime_ = nullptr;
};

}  // namespace parley::app
