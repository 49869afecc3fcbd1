#include "cluster/cluster_map.hpp"

#include <boost/json.hpp>
#include <sstream>

namespace parley::app {
namespace json = boost::json;

void ClusterMap::update(storage::ClusterView view) {
  std::lock_guard lock(mutex_);
  view_ = std::move(view);
  placed_.clear();
}

std::optional<storage::NodeRow> ClusterMap::owner(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& lease : view_.leases) {
    if (lease.session_id != session_id) continue;
    if (lease.node_id == node_id_ || lease.expires_in_ms < 0) return std::nullopt;
    for (const auto& node : view_.nodes) {
      if (node.id == lease.node_id && alive(node)) return node;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

storage::NodeRow ClusterMap::place(std::int64_t own_sessions) {
  std::lock_guard lock(mutex_);
  storage::NodeRow best{node_id_, url_, 0, own_sessions};
  for (const auto& node : view_.nodes) {
    if (node.id == node_id_ || !alive(node)) continue;
    auto load = node.sessions + placed_[node.id];
    if (load < best.sessions) best = {node.id, node.url, node.heartbeat_age_ms, load};
  }
  if (best.id != node_id_) ++placed_[best.id];
  return best;
}

std::string ClusterMap::to_json() const {
  std::lock_guard lock(mutex_);
  json::array nodes, sessions;
  for (const auto& n : view_.nodes) {
    nodes.push_back({{"id", n.id}, {"url", n.url}, {"live", alive(n)}, {"heartbeat_age_ms", n.heartbeat_age_ms},
                     {"sessions", n.sessions}});
  }
  for (const auto& l : view_.leases) {
    sessions.push_back({{"session_id", l.session_id}, {"node", l.node_id}, {"epoch", l.epoch}, {"expires_in_ms", l.expires_in_ms}});
  }
  json::object out{{"node", node_id_}, {"lease_ms", lease_ms_}, {"nodes", nodes}, {"sessions", sessions}};
  return json::serialize(out) + "\n";
}

std::string ClusterMap::to_metrics() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP parley_cluster_node_live Whether each node of the cluster beat within its lease time.\n"
      << "# TYPE parley_cluster_node_live gauge\n";
  for (const auto& n : view_.nodes) out << "parley_cluster_node_live{node=\"" << n.id << "\"} " << (alive(n) ? 1 : 0) << "\n";
  out << "# HELP parley_cluster_node_sessions Sessions each node owns, as it last reported.\n"
      << "# TYPE parley_cluster_node_sessions gauge\n";
  for (const auto& n : view_.nodes) out << "parley_cluster_node_sessions{node=\"" << n.id << "\"} " << n.sessions << "\n";
  out << "# HELP parley_session_owner The node holding each unfinished session's lease (1), with its epoch.\n"
      << "# TYPE parley_session_owner gauge\n";
  for (const auto& l : view_.leases) {
    out << "parley_session_owner{session=\"" << l.session_id << "\",node=\"" << l.node_id << "\",epoch=\"" << l.epoch << "\"} 1\n";
  }
  return out.str();
}

}  // namespace parley::app
