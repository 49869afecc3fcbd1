#pragma once
// This node's part in the cluster, on its own thread: every tick it beats
// its heartbeat, renews the leases of the sessions it hosts (letting go of
// any another node took), claims sessions whose leases expired (their node
// died or stalled) and hosts them from their stored events, and refreshes
// the cluster map that routing reads.

#include <cstdint>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "cluster/cluster_map.hpp"
#include "session/session_registry.hpp"
#include "common/result.hpp"
#include "storage/worker_thread.hpp"

namespace parley::app {

class LeaseKeeper {
 public:
  LeaseKeeper(std::string url, ClusterMap& map, SessionRegistry& registry);
  ~LeaseKeeper() { stop(); }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // At start, before serving: announces the node, takes its own leases from
  // an earlier run and every expired one, and hosts those sessions.
  Result<std::size_t> recover(pqxx::connection& conn);
  void start() { ticker_.start(); }
  void stop() { ticker_.stop(); }
  // After a clean stop (appends flushed): the leases expire at once, so the
  // other nodes take the sessions over without waiting.
  void release();

 private:
  void tick();
  void renew(pqxx::connection& conn);
  void claim(pqxx::connection& conn);

  std::string url_;
  ClusterMap& map_;
  SessionRegistry& registry_;
  std::unique_ptr<pqxx::connection> conn_;
  std::vector<storage::Lease> unhosted_;  // claimed, not hosted yet
  WorkerThread<int> ticker_;  // last: its thread uses the members above
};

}  // namespace parley::app
