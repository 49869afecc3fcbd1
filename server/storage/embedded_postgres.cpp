#include "storage/embedded_postgres.hpp"
#include "storage/conninfo.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <pqxx/pqxx>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "log/logger.hpp"

namespace parley::storage {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSuperuser = "parley";
constexpr const char* kDatabase = "parley";
constexpr const char* kPort = "5432";
// sun_path is 108 bytes; the socket file name adds ".s.PGSQL.5432".
constexpr std::size_t kMaxSocketDirLength = 90;

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::string last_lines(const std::string& text, int count) {
  std::size_t pos = text.size();
  for (int i = 0; i <= count && pos != std::string::npos && pos > 0; ++i) {
    pos = text.rfind('\n', pos - 1);
  }
  return trim(pos == std::string::npos ? text : text.substr(pos + 1));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<fs::path> find_bindir() {
  auto has_tools = [](const fs::path& dir) {
    return access((dir / "initdb").c_str(), X_OK) == 0 && access((dir / "pg_ctl").c_str(), X_OK) == 0;
  };
  for (const char* pg_config : {"/usr/bin/pg_config", "/usr/local/bin/pg_config"}) {
    if (access(pg_config, X_OK) != 0) continue;
    auto out = run_process({pg_config, {"--bindir"}, std::nullopt, false});
    if (out.ok() && out.value().exit_code == 0) {
      fs::path dir = trim(out.value().output);
      if (has_tools(dir)) return dir;
    }
  }
  // Debian keeps server binaries out of PATH, one directory per major version.
  std::vector<fs::path> candidates;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (has_tools(entry.path() / "bin")) candidates.push_back(entry.path() / "bin");
  }
  if (candidates.empty()) {
    return fail(ErrorCode::failed, 
        "PostgreSQL server binaries (initdb, pg_ctl) not found via pg_config or in "
        "/usr/lib/postgresql/*/bin; run scripts/install-deps, or give an existing database "
        "with --db / PARLEY_DATABASE_URL");
  }
  std::sort(candidates.begin(), candidates.end(), [](const fs::path& a, const fs::path& b) {
    return std::stoi(a.parent_path().filename()) < std::stoi(b.parent_path().filename());
  });
  return candidates.back();
}

// PostgreSQL refuses to run as root, so root hands the cluster to 'postgres'.
Result<std::optional<RunAs>> choose_user() {
  if (geteuid() != 0) return std::optional<RunAs>{};
  struct passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return fail(ErrorCode::failed, 
        "running as root, and PostgreSQL cannot run as root; no 'postgres' user exists to run "
        "it as (install the 'postgresql' package or run Parley as an ordinary user)");
  }
  return std::optional<RunAs>{RunAs{pw->pw_uid, pw->pw_gid, "postgres"}};
}

// Gives `user` search permission on every ancestor of `dir` it cannot pass.
Status make_reachable(const fs::path& dir, const RunAs& user) {
  for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (stat(p.c_str(), &st) != 0) return fail(ErrorCode::failed, "cannot inspect " + p.string() + ": " + std::strerror(errno));
    bool passable = (st.st_mode & S_IXOTH) || (st.st_uid == user.uid && (st.st_mode & S_IXUSR)) ||
                    (st.st_gid == user.gid && (st.st_mode & S_IXGRP));
    if (!passable) {
      if (chmod(p.c_str(), (st.st_mode & 07777) | S_IXOTH) != 0) {
        return fail(ErrorCode::failed, "cannot make " + p.string() + " reachable for user " + user.user + ": " +
                    std::strerror(errno));
      }
      log::info("postgres", "granted search permission on " + p.string() + " to others so " +
                                user.user + " can reach the cluster");
    }
    if (p == p.root_path()) break;
  }
  return {};
}

Status prepare_directory(const fs::path& dir, const std::optional<RunAs>& run_as) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::failed, "cannot create " + dir.string() + ": " + ec.message());
  if (chmod(dir.c_str(), 0700) != 0) return fail(ErrorCode::failed, "cannot chmod " + dir.string() + ": " + std::strerror(errno));
  if (!run_as) return {};
  if (auto s = make_reachable(dir, *run_as); !s) return s;
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) return fail(ErrorCode::failed, "cannot inspect " + dir.string());
  if (st.st_uid != run_as->uid) {
    if (fs::exists(dir / "PG_VERSION")) {
      return fail(ErrorCode::failed, "the cluster in " + dir.string() + " belongs to uid " + std::to_string(st.st_uid) +
                  ", not to " + run_as->user + "; fix its owner or use another --data-dir");
    }
    if (chown(dir.c_str(), run_as->uid, run_as->gid) != 0) {
      return fail(ErrorCode::failed, "cannot hand " + dir.string() + " to " + run_as->user + ": " + std::strerror(errno));
    }
  }
  return {};
}

Status run_tool(const fs::path& bindir, const char* tool, std::vector<std::string> args,
                const std::optional<RunAs>& run_as, bool new_session = false) {
  auto out = run_process({(bindir / tool).string(), std::move(args), run_as, new_session});
  if (!out) return out.error();
  if (out.value().exit_code != 0) {
    return fail(ErrorCode::failed, std::string(tool) + " failed (exit " + std::to_string(out.value().exit_code) +
                "): " + last_lines(out.value().output, 3));
  }
  return {};
}

Status init_cluster(const fs::path& dir, const fs::path& bindir, const std::optional<RunAs>& run_as) {
  std::error_code ec;
  if (!fs::is_empty(dir, ec)) {
    return fail(ErrorCode::failed, dir.string() + " is not empty and holds no PostgreSQL cluster (no PG_VERSION); "
                "move it away or use another --data-dir");
  }
  log::info("postgres", "creating a new cluster in " + dir.string());
  // Trust is safe here: the only way in is a socket inside a 0700 directory.
  auto s = run_tool(bindir, "initdb",
                    {"-D", dir.string(), "-U", kSuperuser, "--auth=trust", "--encoding=UTF8",
                     "--locale=C", "--no-instructions"},
                    run_as);
  if (!s) return s;
  std::ofstream conf(dir / "postgresql.conf", std::ios::app);
  // Relative to the data directory, so the cluster can be moved with it.
  conf << "\n# Parley: private cluster, unix socket only\n"
       << "listen_addresses = ''\n"
       << "unix_socket_directories = '.'\n"
       << "port = " << kPort << "\n";
  if (!conf) return fail(ErrorCode::failed, "cannot write " + (dir / "postgresql.conf").string());
  return {};
}

// After a crash PostgreSQL fsyncs every file of the cluster one by one before recovery; on a busy
// disk that took over 10 s. One syncfs() of the filesystem gives the same guarantee far sooner.
constexpr const char* kStartOptions = "-c recovery_init_sync_method=syncfs";

bool process_serves(pid_t pid, const fs::path& dir) {
  if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH)) return false;
  // A zombie answers kill(); its cmdline is empty, so it fails the test below.
  std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
  return cmdline.find("postgres") != std::string::npos && cmdline.find(dir.string()) != std::string::npos;
}

pid_t pid_from_file(const fs::path& dir) {
  std::ifstream in(dir / "postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

Status ensure_database(const fs::path& dir) {
  try {
    pqxx::connection conn("host=" + conninfo_value(dir.string()) + " port=" + kPort + " user=" + kSuperuser +
                          " dbname=postgres");
    pqxx::nontransaction tx(conn);
    auto rows = tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", kDatabase);
    if (rows.empty()) tx.exec(std::string("CREATE DATABASE ") + kDatabase);
  } catch (const std::exception& e) {
    return fail(ErrorCode::failed, "cannot prepare the parley database: " + trim(e.what()));
  }
  return {};
}

// After a crash the pid in the lock files may be dead, a zombie, or reused
// by another program; PostgreSQL's own check can mistake each for a live
// postmaster, so we clear them once we know nothing serves the cluster.
void remove_stale_locks(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"postmaster.pid", ".s.PGSQL.5432.lock"}) {
    if (!fs::exists(dir / name)) continue;
    log::warn("postgres", std::string("removing stale ") + name + " left by a postmaster that is gone");
    fs::remove(dir / name, ec);
  }
}

bool postmaster_serves(const fs::path& dir) {
  return fs::exists(dir / "postmaster.pid") && process_serves(pid_from_file(dir), dir);
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(fs::path dir, fs::path bindir, std::optional<RunAs> run_as)
    : dir_(std::move(dir)), bindir_(std::move(bindir)), run_as_(std::move(run_as)) {
  connection_string_ = "host=" + conninfo_value(dir_.string()) + " port=" + kPort + " user=" + kSuperuser +
                       " dbname=" + kDatabase;
}

Result<EmbeddedPostgres> EmbeddedPostgres::locate(const fs::path& requested) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(requested, ec), ec);
  if (dir.string().size() > kMaxSocketDirLength) {
    return fail(ErrorCode::failed, "data directory path " + dir.string() + " is too long for a unix socket (over " +
                std::to_string(kMaxSocketDirLength) + " characters); choose a shorter --data-dir");
  }
  auto bindir = find_bindir();
  if (!bindir) return bindir.error();
  auto run_as = choose_user();
  if (!run_as) return run_as.error();
  return EmbeddedPostgres(dir, bindir.value(), run_as.value());
}

bool EmbeddedPostgres::running() const { return postmaster_serves(dir_); }

bool EmbeddedPostgres::crashed() const { return fs::exists(dir_ / "postmaster.pid") && !running(); }

Status EmbeddedPostgres::start() {
  if (auto s = prepare_directory(dir_, run_as_); !s) return s;
  if (!fs::exists(dir_ / "PG_VERSION")) {
    if (auto s = init_cluster(dir_, bindir_, run_as_); !s) return s;
  }
  adopted_ = running();
  if (adopted_) {
    log::info("postgres", "adopting the postmaster already serving " + dir_.string());
  } else {
    remove_stale_locks(dir_);
    auto s = run_tool(bindir_, "pg_ctl",
                      {"-D", dir_.string(), "-l", (dir_ / "server.log").string(), "-o", kStartOptions, "-w", "-t", "60",
                       "start"},
                      run_as_, /*new_session=*/true);
    if (!s) return fail(ErrorCode::failed, s.error().message + "\n  server log: " + last_lines(read_file(dir_ / "server.log"), 5));
    log::info("postgres", "started the embedded cluster in " + dir_.string());
  }
  return ensure_database(dir_);
}

Status EmbeddedPostgres::stop() {
  if (!running()) return {};
  auto s = run_tool(bindir_, "pg_ctl", {"-D", dir_.string(), "-m", "fast", "-w", "-t", "60", "stop"}, run_as_);
  if (s) log::info("postgres", "stopped the embedded cluster in " + dir_.string());
  return s;
}

}  // namespace parley::storage
