#include "app/postgres_supervisor.hpp"

#include <algorithm>
#include <chrono>

#include "log/logger.hpp"

namespace parley::app {
namespace {
constexpr std::int64_t kCheckEveryMs = 250;
constexpr std::int64_t kFirstRetryMs = 250;
constexpr std::int64_t kMaxRetryMs = 8000;
}  // namespace

PostgresSupervisor::PostgresSupervisor(storage::EmbeddedPostgres& postgres)
    : postgres_(postgres),
      watcher_({0, 1, std::chrono::milliseconds(kCheckEveryMs)}, [this](std::vector<int>&) { check(); },
               [](const std::string& what) { log::error("postgres", "supervising the embedded cluster failed: " + what); }) {}

void PostgresSupervisor::check() {
  if (!postgres_.crashed()) return;  // running, or stopped on purpose (parley-server db stop)
  log::warn("postgres", "the embedded postmaster in " + postgres_.dir().string() + " died; starting it again");
  restart();
}

void PostgresSupervisor::restart() {
  std::int64_t backoff = kFirstRetryMs;
  for (int attempt = 1;; ++attempt) {
    auto started = postgres_.start();
    if (started) {
      log::info("postgres", "the embedded cluster is back after " + std::to_string(attempt) + " attempt(s)");
      return;
    }
    log::warn("postgres", "restarting the embedded cluster failed (attempt " + std::to_string(attempt) + "): " +
                              started.error().message + "; next try in " + std::to_string(backoff) + " ms");
    if (!watcher_.pause(std::chrono::milliseconds(backoff))) return;
    backoff = std::min(backoff * 2, kMaxRetryMs);
  }
}

}  // namespace parley::app
