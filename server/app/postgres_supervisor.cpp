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

void PostgresSupervisor::start() {
  thread_ = std::thread([this] { loop(); });
}

void PostgresSupervisor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool PostgresSupervisor::pause(std::int64_t ms) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void PostgresSupervisor::loop() {
  while (pause(kCheckEveryMs)) {
    if (!postgres_.crashed()) continue;  // running, or stopped on purpose (parley-server db stop)
    log::warn("postgres", "the embedded postmaster in " + postgres_.dir().string() + " died; starting it again");
    std::int64_t backoff = kFirstRetryMs;
    for (int attempt = 1;; ++attempt) {
      auto started = postgres_.start();
      if (started) {
        log::info("postgres", "the embedded cluster is back after " + std::to_string(attempt) + " attempt(s)");
        break;
      }
      log::warn("postgres", "restarting the embedded cluster failed (attempt " + std::to_string(attempt) + "): " +
                                started.error().message + "; next try in " + std::to_string(backoff) + " ms");
      if (!pause(backoff)) return;
      backoff = std::min(backoff * 2, kMaxRetryMs);
    }
  }
}

}  // namespace parley::app
