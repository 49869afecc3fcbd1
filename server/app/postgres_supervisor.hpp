#pragma once
// Watches the embedded cluster this server started (or adopted) and starts
// it again when its postmaster dies (not when someone stops it), with backoff, so an outage of the
// private database ends without anyone at a terminal. Commands are refused
// as unavailable meanwhile and nothing acknowledged is lost: an ack always
// followed a commit.

#include <vector>

#include "storage/worker_thread.hpp"
#include "storage/embedded_postgres.hpp"

namespace parley::app {

class PostgresSupervisor {
 public:
  explicit PostgresSupervisor(storage::EmbeddedPostgres& postgres);
  ~PostgresSupervisor() { stop(); }
  PostgresSupervisor(const PostgresSupervisor&) = delete;
  PostgresSupervisor& operator=(const PostgresSupervisor&) = delete;

  void start() { watcher_.start(); }
  // Before stopping the cluster itself, or the supervisor would start it again.
  void stop() { watcher_.stop(); }

 private:
  void check();
  void restart();

  storage::EmbeddedPostgres& postgres_;
  WorkerThread<int> watcher_;  // takes no items: checks each time it has been idle a while
};

}  // namespace parley::app
