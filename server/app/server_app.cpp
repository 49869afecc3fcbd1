#include "app/server_app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>
#include <pqxx/pqxx>

#include "app/admin_token.hpp"
#include "gateway/client_connection.hpp"
#include "cluster/cluster_map.hpp"
#include "http/health_monitor.hpp"
#include "cluster/lease_keeper.hpp"
#include "app/postgres_supervisor.hpp"
#include "http/http_api.hpp"
#include "session/metrics.hpp"
#include "session/session_archive.hpp"
#include "session/session_registry.hpp"
#include "library/scenario_catalog.hpp"
#include "log/logger.hpp"
#include "net/server.hpp"
#include "net/ws_connection.hpp"
#include "storage/embedded_postgres.hpp"
#include "storage/db_worker.hpp"
#include "storage/db_worker_pool.hpp"
#include "storage/event_store.hpp"
#include "storage/migrator.hpp"

namespace parley::app {
namespace fs = std::filesystem;
namespace {

int report(const Error& error) {
  std::cerr << "parley-server: error: " << error.message << "\n";
  return 1;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// Creates the data directory if needed and proves it writable. Records
// whether it was created, so a failed start can leave nothing behind.
Status prepare_data_dir(const fs::path& dir, bool& created) {
  const std::string flag = "--data-dir (PARLEY_DATA_DIR)";
  std::error_code ec;
  created = !fs::exists(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::failed, flag + ": cannot create '" + dir.string() + "': " + ec.message());
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::failed, flag + ": '" + dir.string() + "' is not a directory");
  fs::path probe = dir / ".write-test";
  {
    std::ofstream out(probe);
    out << "ok";
    if (!out) return fail(ErrorCode::failed, flag + ": '" + dir.string() + "' is not writable");
  }
  fs::remove(probe, ec);
  return {};
}

void remove_if_empty(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_empty(dir, ec)) fs::remove(dir, ec);
}

Result<std::unique_ptr<pqxx::connection>> connect(const std::string& url) {
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    return fail(ErrorCode::failed, "cannot connect to the database (--db / PARLEY_DATABASE_URL): " + first_line(e.what()));
  }
}

Result<int> run_migrations(const Config& config, const std::string& url) {
  auto conn = connect(url);
  if (!conn) return conn.error();
  return storage::Migrator(config.migrations_dir).apply(*conn.value());
}

// How this server reaches itself: a wildcard listen address is reached on loopback.
std::string local_url(const std::string& listen_host, std::uint16_t port) {
  std::string host = listen_host == "0.0.0.0" ? "127.0.0.1" : listen_host == "::" ? "::1" : listen_host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

void print_banner(const Config& config, std::uint16_t port, const std::string& token, bool embedded,
                  const ScenarioCatalog& catalog) {
  std::string scenarios;
  for (const auto& id : catalog.ids()) scenarios += (scenarios.empty() ? "" : ", ") + id;
  std::string host = config.listen_host.find(':') != std::string::npos ? "[" + config.listen_host + "]" : config.listen_host;
  std::string url = "http://" + host + ":" + std::to_string(port);
  std::cout << "listening on " << url << "\n\n"
            << "Parley is up.\n"
            << "  URL          " << url << "\n"
            << "  In a browser " << url << "/admin (creates a session and hands out links)\n"
            << "  Admin token  " << token << "\n"
            << "  Database     "
            << (embedded ? "embedded PostgreSQL in " + (config.data_dir / "postgres").string()
                         : std::string("external (--db)"))
            << "\n"
            << "  Scenarios    " << scenarios << "\n"
            << "  Ready?       curl " << url << "/readyz\n"
            << "Create a session:\n"
            << "  curl -s -X POST -H 'Authorization: Bearer " << token << "' \\\n"
            << "       -d '{\"scenario\": \"" << (catalog.ids().empty() ? "" : catalog.ids().front())
            << "\", \"title\": \"My exercise\"}' " << url << "/api/sessions\n"
            << "Stop with Ctrl-C.\n"
            << std::flush;
}

}  // namespace

int ServerApp::serve() {
  HealthMonitor health;
  Metrics metrics;
  net::ServerOptions options;
  options.threads = config_.threads;
  options.ws = {config_.max_frame_bytes, config_.max_queued_frames, config_.max_queued_bytes, config_.idle_timeout_seconds};
  net::Server server(options);
  // Bind first: a port in use must fail before anything is created on disk.
  if (auto s = server.bind(config_.listen_host, config_.listen_port); !s) {
    return report(fail(ErrorCode::failed, "--listen (PARLEY_LISTEN): " + s.error().message));
  }
  auto catalog = ScenarioCatalog::load(config_.scenarios_dir);
  if (!catalog) return report(catalog.error());
  bool created = false;
  if (auto s = prepare_data_dir(config_.data_dir, created); !s) return report(s.error());

  std::optional<storage::EmbeddedPostgres> embedded;
  auto abandon = [&](const Error& e) {
    if (embedded) (void)embedded->stop();
    if (created && !embedded) remove_if_empty(config_.data_dir);
    return report(e);
  };
  std::string url = config_.database_url;
  if (url.empty()) {
    auto pg = storage::EmbeddedPostgres::locate(config_.data_dir / "postgres");
    if (!pg) return abandon(pg.error());
    if (auto s = pg.value().start(); !s) return abandon(s.error());
    embedded.emplace(std::move(pg.value()));
    url = embedded->connection_string();
  }
  if (auto applied = run_migrations(config_, url); !applied) return abandon(applied.error());
  auto token = load_or_create_admin_token(config_.data_dir, config_.admin_token);
  if (!token) return abandon(token.error());

  std::optional<PostgresSupervisor> supervisor;
  if (embedded) supervisor.emplace(*embedded).start();
  int code = run_sessions(server, health, metrics, catalog.value(), url, token.value(), embedded.has_value());
  if (supervisor) supervisor->stop();  // first, or it would start the cluster we are about to stop
  if (embedded) {
    if (auto s = embedded->stop(); !s) return report(s.error());
  }
  log::info("app", "stopped");
  return code;
}

// Recovers the unfinished sessions, opens the endpoints, and serves until a
// signal. Components are declared in dependency order, so they stop in
// reverse: sessions before the store that writes for them, the store
// before the network threads its callbacks post to.
int ServerApp::run_sessions(net::Server& server, HealthMonitor& health, Metrics& metrics, const ScenarioCatalog& catalog,
                            const std::string& url, const std::string& token, bool embedded) {
  HelloGuard hellos(config_.hello_failures_per_minute);  // declared first: outlives what the sessions' connections use
  auto node_id = load_or_create_node_id(config_.data_dir, config_.node_id);
  if (!node_id) return report(node_id.error());
  auto lease_ms = static_cast<std::int64_t>(config_.lease_seconds * 1000);
  ClusterMap cluster(node_id.value(), config_.advertise.empty() ? local_url(config_.listen_host, server.port()) : config_.advertise,
                     lease_ms);
  storage::EventStore store(url, 100000, 2000, true, node_id.value());
  store.set_idle_transaction_timeout(std::max<std::int64_t>(1000, lease_ms / 2));
  store.set_commit_observer([&metrics](double seconds, std::size_t appends) { metrics.commit(seconds, appends); });
  storage::DbWorker db(url, "db");
  storage::DbWorker reader(url, "reader");  // reviews, history pages and ended sessions hosted again, apart from creation
  ScenarioIndexes scenarios;  // parsed once, whether a library version or a session's stored copy
  SessionRegistry registry({server.runtime(), store, metrics, config_.snapshot_every, config_.max_queued_frames / 2, {}}, db, reader,
                           scenarios, config_.max_sessions,
                           std::chrono::milliseconds(static_cast<std::int64_t>(config_.keep_ended_seconds * 1000)),
                           Placement{node_id.value(), lease_ms},
                           std::chrono::milliseconds(static_cast<std::int64_t>(config_.keep_idle_seconds * 1000)));
  LeaseKeeper keeper(url, cluster, registry);
  {
    auto conn = connect(url);
    if (!conn) return report(conn.error());
    auto started = std::chrono::steady_clock::now();
    auto recovered = keeper.recover(*conn.value());
    if (!recovered) return report(recovered.error());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    log::info("app", "node " + node_id.value() + " recovered " + std::to_string(recovered.value()) + " unfinished session(s) in " +
                         std::to_string(ms) + " ms");
  }
  keeper.start();
  // History pages are independent reads: a client fetching several at once gets them built on every core.
  storage::DbWorkerPool pages(url, "pages", std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4));
  SessionArchive archive(pages, reader, db, registry, scenarios);
  auto web = WebAssets::load(config_.web_dir);
  BotLauncher bots(config_.bots_client);
  bots.set_server_url(local_url(config_.listen_host, server.port()));
  storage::DbWorker library_db(url, "library");  // scenario edits never wait behind session creation
  ScenarioLibrary library(catalog, library_db, scenarios);
  ScenarioJobs scenario_jobs;
  HttpApi api(registry, archive, library, scenario_jobs, health, metrics, token, web, bots, db, reader,
              AgentLaunch{config_.llm_url, config_.llm_key, config_.llm_model, "", "wait"});
  api.set_cluster(&cluster, &server.runtime());
  metrics.add_section([&cluster] { return cluster.to_metrics(); });
  metrics.add_gauge("parley_store_queue_depth", "Appends waiting for the event store.",
                    [&store] { return static_cast<double>(store.queue_depth()); });
  metrics.add_gauge("parley_outbound_queue_depth", "Frames queued for sending, over all connections.",
                    [] { return static_cast<double>(net::outbound_frames_queued()); });
  server.set_http_handler([&api](net::HttpRequest req, net::HttpResponder respond) { api.handle(req, respond); });
  ConnectionLimits limits{config_.commands_per_second, config_.commands_per_second * 2, 20};
  std::size_t max_connections = config_.max_connections;
  auto* runtime = &server.runtime();
  // What the owner sends a client (a welcome with the scenario, a resume, a snapshot) is bounded by its
  // outbound queue, not by the limit on what clients send: the relay reads up to that.
  net::WsLimits relay_limits{config_.max_queued_bytes, config_.max_queued_frames, config_.max_queued_bytes, config_.idle_timeout_seconds};
  server.set_websocket_acceptor([&registry, &metrics, &cluster, &hellos, runtime, relay_limits, limits, max_connections](std::shared_ptr<net::WsConnection> conn) {
    if (metrics.connections() >= static_cast<std::int64_t>(max_connections)) {
      return net::WsAcceptDecision{nullptr, "the server is at its connection limit"};
    }
    return net::WsAcceptDecision{
        std::make_shared<ClientConnection>(std::move(conn), registry, metrics, limits, &cluster, runtime, relay_limits, &hellos), ""};
  });
  health.start(url);
  print_banner(config_, server.port(), token, embedded, catalog);
  server.run();
  health.stop();
  keeper.stop();
  store.stop();
  keeper.release();  // after the last append, so the next owner reads everything
  db.stop();
  return 0;
}

// With no --db, migrates the embedded cluster, stopping it again only if
// this command started it.
int ServerApp::migrate() {
  std::optional<storage::EmbeddedPostgres> embedded;
  std::string url = config_.database_url;
  if (url.empty()) {
    auto pg = storage::EmbeddedPostgres::locate(config_.data_dir / "postgres");
    if (!pg) return report(pg.error());
    if (auto s = pg.value().start(); !s) return report(s.error());
    embedded.emplace(std::move(pg.value()));
    url = embedded->connection_string();
  }
  auto applied = run_migrations(config_, url);
  if (embedded && !embedded->adopted()) (void)embedded->stop();
  if (!applied) return report(applied.error());
  std::cout << "applied " << applied.value() << " migration(s)\n";
  return 0;
}

int ServerApp::db_start() {
  auto pg = storage::EmbeddedPostgres::locate(config_.data_dir / "postgres");
  if (!pg) return report(pg.error());
  if (auto s = pg.value().start(); !s) return report(s.error());
  std::cout << pg.value().connection_string() << "\n";
  return 0;
}

int ServerApp::db_stop() {
  auto pg = storage::EmbeddedPostgres::locate(config_.data_dir / "postgres");
  if (!pg) return report(pg.error());
  if (!pg.value().running()) {
    std::cout << "no embedded PostgreSQL is running in " << pg.value().dir().string() << "\n";
    return 0;
  }
  if (auto s = pg.value().stop(); !s) return report(s.error());
  return 0;
}

}  // namespace parley::app
