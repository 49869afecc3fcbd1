#include "app/server_app.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>

#include "app/admin_token.hpp"
#include "app/health_monitor.hpp"
#include "app/scenario_catalog.hpp"
#include "log/logger.hpp"
#include "net/server.hpp"
#include "storage/embedded_postgres.hpp"
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
  if (ec) return fail(flag + ": cannot create '" + dir.string() + "': " + ec.message());
  if (!fs::is_directory(dir, ec)) return fail(flag + ": '" + dir.string() + "' is not a directory");
  fs::path probe = dir / ".write-test";
  {
    std::ofstream out(probe);
    out << "ok";
    if (!out) return fail(flag + ": '" + dir.string() + "' is not writable");
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
    return fail("cannot connect to the database (--db / PARLEY_DATABASE_URL): " + first_line(e.what()));
  }
}

Result<int> run_migrations(const Config& config, const std::string& url) {
  auto conn = connect(url);
  if (!conn) return conn.error();
  return storage::Migrator(config.migrations_dir).apply(*conn.value());
}

net::HttpResponse json(int status, std::string body) { return {status, "application/json", std::move(body) + "\n"}; }

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

net::HttpHandler make_routes(const HealthMonitor& health) {
  return [&health](const net::HttpRequest& req) {
    std::string path = req.target.substr(0, req.target.find('?'));
    if (path == "/healthz") return json(200, R"({"status":"ok"})");
    if (path == "/readyz") {
      auto r = health.readiness();
      if (r.ready) return json(200, R"({"status":"ready"})");
      return json(503, R"({"status":"not ready","reason":)" + json_string(r.reason) + "}");
    }
    return json(404, R"({"error":"no such endpoint: )" + json_string(path).substr(1) + "}");
  };
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
            << "  Admin token  " << token << "\n"
            << "  Database     "
            << (embedded ? "embedded PostgreSQL in " + (config.data_dir / "postgres").string()
                         : std::string("external (--db)"))
            << "\n"
            << "  Scenarios    " << scenarios << "\n"
            << "  Ready?       curl " << url << "/readyz\n"
            << "Stop with Ctrl-C.\n"
            << std::flush;
}

}  // namespace

int ServerApp::serve() {
  HealthMonitor health;
  net::Server server(make_routes(health), {config_.threads, 1 << 20});
  // Bind first: a port in use must fail before anything is created on disk.
  if (auto s = server.bind(config_.listen_host, config_.listen_port); !s) {
    return report(fail("--listen (PARLEY_LISTEN): " + s.error().message));
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

  health.start(url);
  print_banner(config_, server.port(), token.value(), embedded.has_value(), catalog.value());
  server.run();
  health.stop();
  if (embedded) {
    if (auto s = embedded->stop(); !s) return report(s.error());
  }
  log::info("app", "stopped");
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
