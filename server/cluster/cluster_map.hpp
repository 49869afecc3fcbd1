#pragma once
// What this node knows of the cluster: the nodes and their heartbeats, and
// which node holds each unfinished session's lease, as last read by the
// lease keeper. Routing asks it where a session lives; the admin endpoint
// and /metrics show it. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "storage/lease_store.hpp"

namespace parley::app {

class ClusterMap {
 public:
  ClusterMap(std::string node_id, std::string url, std::int64_t lease_ms)
      : node_id_(std::move(node_id)), url_(std::move(url)), lease_ms_(lease_ms) {}

  void update(storage::ClusterView view);
  // The live node, other than this one, that holds the session's lease; none
  // when this node holds it, nobody does, or its holder stopped beating.
  std::optional<storage::NodeRow> owner(const std::string& session_id) const;
  // The live node with the fewest sessions (this one on a tie, or when alone),
  // counting those this node placed since the map was read; the pick is
  // counted as placed, so a burst of creations spreads.
  storage::NodeRow place(std::int64_t own_sessions);
  // {"node": ..., "nodes": [...], "sessions": [...]} for the admin endpoint.
  std::string to_json() const;
  // Node membership and the session → node map in Prometheus' text format.
  std::string to_metrics() const;

  const std::string& node_id() const { return node_id_; }
  const std::string& url() const { return url_; }
  std::int64_t lease_ms() const { return lease_ms_; }

 private:
  bool alive(const storage::NodeRow& node) const { return node.heartbeat_age_ms <= lease_ms_; }

  std::string node_id_;
  std::string url_;
  std::int64_t lease_ms_;
  mutable std::mutex mutex_;
  storage::ClusterView view_;
  std::map<std::string, std::int64_t> placed_;  // by node, since the last update
};

}  // namespace parley::app
