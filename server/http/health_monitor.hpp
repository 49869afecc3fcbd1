#pragma once
// Probes the database once a second on its own thread and keeps the answer
// for /readyz, so a health check never waits on the database.

#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>

#include "storage/worker_thread.hpp"

namespace parley::app {

struct Readiness {
  bool ready = false;
  std::string reason;  // why not, when not ready
};

class HealthMonitor {
 public:
  HealthMonitor();
  ~HealthMonitor();
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  // Call after migrations succeed; readiness needs both.
  void start(std::string connection_string);
  void stop() { prober_.stop(); }
  Readiness readiness() const;

 private:
  void probe();
  void record(bool ready, std::string reason);

  std::string connection_string_;
  std::unique_ptr<pqxx::connection> conn_;  // the prober's own
  mutable std::mutex mutex_;
  Readiness state_{false, "starting"};
  WorkerThread<int> prober_;  // takes no items: probes each time it has been idle a second
};

}  // namespace parley::app
