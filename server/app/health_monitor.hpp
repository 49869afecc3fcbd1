#pragma once
// Probes the database once a second on its own thread and keeps the answer
// for /readyz, so a health check never waits on the database.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace parley::app {

struct Readiness {
  bool ready = false;
  std::string reason;  // why not, when not ready
};

class HealthMonitor {
 public:
  HealthMonitor() = default;
  ~HealthMonitor();
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  // Call after migrations succeed; readiness needs both.
  void start(std::string connection_string);
  void stop();
  Readiness readiness() const;

 private:
  void loop();
  void record(bool ready, std::string reason);

  std::string connection_string_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Readiness state_{false, "starting"};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace parley::app
