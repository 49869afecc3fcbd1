#include "http/health_monitor.hpp"

#include <chrono>
#include <memory>
#include <pqxx/pqxx>

#include "log/logger.hpp"

namespace parley::app {
namespace {
constexpr std::chrono::milliseconds kProbeInterval{1000};

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }
}  // namespace

HealthMonitor::HealthMonitor()
    : prober_({0, 1, kProbeInterval}, [this](std::vector<int>&) { probe(); },
              [](const std::string& what) { log::error("health", "a probe failed: " + what); }) {}

HealthMonitor::~HealthMonitor() { stop(); }

void HealthMonitor::start(std::string connection_string) {
  connection_string_ = std::move(connection_string);
  {
    std::lock_guard lock(mutex_);
    state_ = {true, ""};
  }
  prober_.start();
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

void HealthMonitor::probe() {
  try {
    if (!conn_ || !conn_->is_open()) conn_ = std::make_unique<pqxx::connection>(connection_string_);
    pqxx::nontransaction tx(*conn_);
    tx.exec("SELECT 1");
    record(true, "");
  } catch (const std::exception& e) {
    conn_.reset();
    record(false, "database unreachable: " + first_line(e.what()));
  }
}

}  // namespace parley::app
