#pragma once
// Watches the embedded cluster this server started (or adopted) and starts
// it again when its postmaster dies (not when someone stops it), with backoff, so an outage of the
// private database ends without anyone at a terminal. Commands are refused
// as unavailable meanwhile and nothing acknowledged is lost: an ack always
// followed a commit.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "storage/embedded_postgres.hpp"

namespace parley::app {

class PostgresSupervisor {
 public:
  explicit PostgresSupervisor(storage::EmbeddedPostgres& postgres) : postgres_(postgres) {}
  ~PostgresSupervisor() { stop(); }
  PostgresSupervisor(const PostgresSupervisor&) = delete;
  PostgresSupervisor& operator=(const PostgresSupervisor&) = delete;

  void start();
  // Before stopping the cluster itself, or the supervisor would start it again.
  void stop();

 private:
  void loop();
  // Waits up to ms; false when stopping.
  bool pause(std::int64_t ms);

  storage::EmbeddedPostgres& postgres_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace parley::app
