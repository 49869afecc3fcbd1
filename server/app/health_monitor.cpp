#include "app/health_monitor.hpp"

#include <chrono>
#include <memory>
#include <pqxx/pqxx>

#include "log/logger.hpp"

namespace parley::app {
namespace {
constexpr auto kProbeInterval = std::chrono::seconds(1);

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }
}  // namespace

HealthMonitor::~HealthMonitor() { stop(); }

void HealthMonitor::start(std::string connection_string) {
  connection_string_ = std::move(connection_string);
  {
    std::lock_guard lock(mutex_);
    state_ = {true, ""};
  }
  thread_ = std::thread([this] { loop(); });
}

void HealthMonitor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Readiness HealthMonitor::readiness() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void HealthMonitor::record(bool ready, std::string reason) {
  std::lock_guard lock(mutex_);
  if (state_.ready != ready) {
    if (ready) {
      log::info("health", "database reachable again");
    } else {
      log::warn("health", reason);
    }
  }
  state_ = {ready, std::move(reason)};
}

void HealthMonitor::loop() {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, kProbeInterval, [this] { return stopping_; })) {
    lock.unlock();
    try {
      if (!conn || !conn->is_open()) conn = std::make_unique<pqxx::connection>(connection_string_);
      pqxx::nontransaction tx(*conn);
      tx.exec("SELECT 1");
      record(true, "");
    } catch (const std::exception& e) {
      conn.reset();
      record(false, "database unreachable: " + first_line(e.what()));
    }
    lock.lock();
  }
}

}  // namespace parley::app
