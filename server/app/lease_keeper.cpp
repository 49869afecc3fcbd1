#include "app/lease_keeper.hpp"

#include <algorithm>
#include <pqxx/pqxx>
#include <set>

#include "log/logger.hpp"
#include "storage/db_worker.hpp"

namespace parley::app {
namespace {

constexpr int kClaimsPerTick = 100;  // a dead node's sessions spread over the survivors' ticks
constexpr int kClaimAtStart = 1'000'000;

// Renewing five times per lease leaves room for a slow tick or two.
std::chrono::milliseconds tick_for(std::int64_t lease_ms) {
  return std::chrono::milliseconds(std::clamp<std::int64_t>(lease_ms / 5, 100, 5000));
}

}  // namespace

LeaseKeeper::LeaseKeeper(std::string url, ClusterMap& map, SessionRegistry& registry)
    : url_(std::move(url)),
      map_(map),
      registry_(registry),
      ticker_({0, 1, tick_for(map.lease_ms())}, [this](std::vector<int>&) { tick(); },
              [](const std::string& what) { log::error("cluster", "the lease keeper's tick failed: " + what); }) {}

Result<std::size_t> LeaseKeeper::recover(pqxx::connection& conn) {
  if (auto s = storage::heartbeat(conn, map_.node_id(), map_.url(), 0); !s) return s.error();
  auto claimed = storage::claim(conn, map_.node_id(), map_.lease_ms(), /*own_too=*/true, kClaimAtStart);
  if (!claimed) return claimed.error();
  std::set<std::string> previous;
  for (const auto& lease : claimed.value()) {
    if (lease.previous != map_.node_id()) previous.insert(lease.previous);  // our own writer has not started
  }
  for (const auto& node : previous) {
    if (auto s = storage::await_writer(conn, node, map_.lease_ms()); !s) return s.error();
  }
  auto recovered = registry_.recover(conn, claimed.value());
  if (auto view = storage::read_cluster(conn)) map_.update(std::move(view.value()));
  return recovered;
}

void LeaseKeeper::tick() {
  try {
    if (!conn_ || !conn_->is_open()) conn_ = std::make_unique<pqxx::connection>(url_);
  } catch (const std::exception& e) {
    conn_.reset();
    log::warn("cluster", "cannot reach the database to renew leases: " + storage::db_error_line(e));
    return;
  }
  auto& conn = *conn_;
  if (auto s = storage::heartbeat(conn, map_.node_id(), map_.url(), static_cast<std::int64_t>(registry_.size())); !s) {
    log::warn("cluster", s.error().message);
    conn_.reset();
    return;
  }
  renew(conn);
  claim(conn);
  if (auto view = storage::read_cluster(conn)) map_.update(std::move(view.value()));
}

void LeaseKeeper::renew(pqxx::connection& conn) {
  auto held = registry_.leases();
  auto kept = storage::renew(conn, map_.node_id(), map_.lease_ms(), held);
  if (!kept) return log::warn("cluster", kept.error().message);
  for (const auto& lease : held) {
    if (!kept.value().count(lease.session_id)) registry_.drop(lease.session_id, "its lease was taken by another node");
  }
}

void LeaseKeeper::claim(pqxx::connection& conn) {
  auto claimed = storage::claim(conn, map_.node_id(), map_.lease_ms(), /*own_too=*/false, kClaimsPerTick);
  if (!claimed) return log::warn("cluster", claimed.error().message);
  for (const auto& lease : claimed.value()) {
    if (auto s = registry_.host_claimed(conn, lease); !s) {
      log::error("cluster", "session " + lease.session_id + " was claimed but cannot be hosted: " + s.error().message);
    }
  }
}

void LeaseKeeper::release() {
  try {
    pqxx::connection conn(url_);
    if (auto s = storage::release(conn, map_.node_id()); !s) return log::warn("cluster", s.error().message);
    log::info("cluster", "released this node's session leases for the other nodes to take");
  } catch (const std::exception& e) {
    log::warn("cluster", "cannot release the leases: " + storage::db_error_line(e));
  }
}

}  // namespace parley::app
