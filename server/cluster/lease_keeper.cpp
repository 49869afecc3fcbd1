#include "cluster/lease_keeper.hpp"

#include <algorithm>
#include <chrono>
#include <pqxx/pqxx>
#include <set>

#include "log/logger.hpp"
#include "storage/db_error.hpp"
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
  // Our own id too: an earlier process by this name may still be finishing a commit.
  std::set<std::string> previous;
  for (const auto& lease : claimed.value()) previous.insert(lease.previous);
  for (const auto& node : previous) {
    if (auto s = storage::await_writer(conn, node, map_.lease_ms()); !s) return s.error();
  }
  auto recovered = registry_.recover(conn, claimed.value());
  if (auto view = storage::read_cluster(conn)) map_.update(std::move(view.value()));
  return recovered;
}

void LeaseKeeper::tick() {
  try {
    if (!conn_ || !conn_->is_open()) {
      conn_ = std::make_unique<pqxx::connection>(url_);
      // A tick that hangs on the database must not outlive the leases it is there to renew.
      pqxx::nontransaction(*conn_).exec("SET statement_timeout = " + std::to_string(map_.lease_ms() / 2));
    }
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

// Only the leases asked for can be judged: a session created meanwhile was not in the renewal.
void LeaseKeeper::renew(pqxx::connection& conn) {
  auto hosted = registry_.leases();
  auto held = hosted;
  held.insert(held.end(), unhosted_.begin(), unhosted_.end());
  auto kept = storage::renew(conn, map_.node_id(), map_.lease_ms(), held);
  if (!kept) return log::warn("cluster", kept.error().message);
  std::erase_if(unhosted_, [&](const storage::Lease& l) { return !kept.value().count(l.session_id); });
  for (const auto& lease : hosted) {
    if (!kept.value().count(lease.session_id)) registry_.drop(lease.session_id, "its lease was taken by another node", lease.epoch);
  }
}

// Claimed sessions that could not be hosted yet (their previous node's
// commit still open, the database gone) stay ours, renewed, and are tried
// again next tick: letting them expire would let the next claimer forget
// whose commit it must wait for.
void LeaseKeeper::claim(pqxx::connection& conn) {
  auto started = std::chrono::steady_clock::now();
  auto budget = std::chrono::milliseconds(map_.lease_ms() / 3);
  if (unhosted_.size() < static_cast<std::size_t>(kClaimsPerTick)) {
    auto claimed = storage::claim(conn, map_.node_id(), map_.lease_ms(), /*own_too=*/false, kClaimsPerTick);
    if (!claimed) return log::warn("cluster", claimed.error().message);
    unhosted_.insert(unhosted_.end(), claimed.value().begin(), claimed.value().end());
  }
  std::set<std::string> waited;  // once per previous node and tick
  std::vector<storage::Lease> left;
  for (auto& lease : unhosted_) {
    if (std::chrono::steady_clock::now() - started > budget) {
      left.push_back(std::move(lease));
      continue;
    }
    Status s = waited.count(lease.previous) ? Status{} : storage::await_writer(conn, lease.previous, map_.lease_ms() / 3);
    if (s) waited.insert(lease.previous);
    if (s) s = registry_.host_claimed(conn, lease);
    if (!s) {
      log::warn("cluster", "session " + lease.session_id + " was claimed but is not hosted yet: " + s.error().message);
      left.push_back(std::move(lease));
    }
  }
  unhosted_ = std::move(left);
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
