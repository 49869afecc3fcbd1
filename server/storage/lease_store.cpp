#include "storage/lease_store.hpp"

#include <pqxx/pqxx>

#include "storage/db_error.hpp"
#include "storage/db_worker.hpp"
#include "storage/sql_rows.hpp"

namespace parley::storage {
namespace {

constexpr const char* kHeartbeat =
    "INSERT INTO nodes (id, url, heartbeat_at, sessions) VALUES ($1, $2, now(), $3) "
    "ON CONFLICT (id) DO UPDATE SET url = $2, heartbeat_at = now(), sessions = $3";
constexpr const char* kRenew =
    "UPDATE session_leases l SET expires_at = now() + $3::bigint * interval '1 millisecond' "
    "FROM unnest($1::text[], $2::bigint[]) AS w(id, epoch) "
    "WHERE l.session_id = w.id AND l.epoch = w.epoch AND l.node_id = $4 RETURNING l.session_id";
// Expired leases of sessions still running, oldest first; rows another node
// is taking (or whose owner is appending) are skipped, not waited for.
constexpr const char* kClaim =
    "UPDATE session_leases l SET node_id = $1, epoch = l.epoch + 1, "
    "expires_at = now() + $2::bigint * interval '1 millisecond' "
    "FROM (SELECT x.session_id, x.node_id AS previous FROM session_leases x JOIN sessions s ON s.id = x.session_id "
    "      WHERE s.status <> 'ended' AND (x.expires_at < now() OR ($3 AND x.node_id = $1)) "
    "      ORDER BY x.expires_at LIMIT $4 FOR UPDATE OF x SKIP LOCKED) c "
    "WHERE l.session_id = c.session_id RETURNING l.session_id, l.epoch, c.previous";
// Each node's event writer holds this lock (shared) from its epoch check to
// its commit; a node that took sessions from it takes the lock (exclusive)
// once before reading them, so it waits out a commit already past its check.
constexpr const char* kWriterLockShared = "SELECT pg_advisory_xact_lock_shared(hashtext('parley-writer:' || $1))";
constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(hashtext('parley-writer:' || $1))";
constexpr const char* kRelease = "UPDATE session_leases SET expires_at = '-infinity' WHERE node_id = $1";
constexpr const char* kNodes =
    "SELECT id, url, (extract(epoch from now() - heartbeat_at) * 1000)::bigint, sessions FROM nodes ORDER BY id";
constexpr const char* kLeases =
    "SELECT l.session_id, l.node_id, l.epoch, (extract(epoch from l.expires_at - now()) * 1000)::bigint "
    "FROM session_leases l JOIN sessions s ON s.id = l.session_id WHERE s.status <> 'ended' ORDER BY l.session_id";
constexpr const char* kOwner =
    "SELECT n.id, n.url, (extract(epoch from now() - n.heartbeat_at) * 1000)::bigint, n.sessions "
    "FROM session_leases l JOIN nodes n ON n.id = l.node_id WHERE l.session_id = $1 AND l.expires_at > now()";
constexpr const char* kInsertLease =
    "INSERT INTO session_leases (session_id, node_id, epoch, expires_at) "
    "VALUES ($1, $2, 1, now() + $3::bigint * interval '1 millisecond')";
constexpr const char* kFence =
    "SELECT l.session_id, l.epoch FROM session_leases l JOIN unnest($1::text[], $2::bigint[]) AS w(id, epoch) "
    "ON l.session_id = w.id AND l.epoch = w.epoch WHERE l.node_id = $3";

// One field of every item, as a PostgreSQL array literal.
template <typename Range, typename Fn>
std::string array_of(const Range& range, Fn field) {
  std::vector<std::string> items;
  for (const auto& item : range) items.push_back(field(item));
  return array_literal(items);
}

}  // namespace

Status heartbeat(pqxx::connection& conn, const std::string& node_id, const std::string& url, std::int64_t sessions) {
  try {
    pqxx::work tx(conn);
    tx.exec_params(kHeartbeat, node_id, url, sessions);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "the node's heartbeat failed");
  }
}

Result<std::set<std::string>> renew(pqxx::connection& conn, const std::string& node_id, std::int64_t lease_ms,
                                    const std::vector<Lease>& held) {
  std::set<std::string> kept;
  if (held.empty()) return kept;
  try {
    pqxx::work tx(conn);
    auto ids = array_of(held, [](const Lease& l) { return l.session_id; });
    auto epochs = array_of(held, [](const Lease& l) { return std::to_string(l.epoch); });
    for (const auto& row : tx.exec_params(kRenew, ids, epochs, lease_ms, node_id)) kept.insert(row[0].as<std::string>());
    tx.commit();
    return kept;
  } catch (const std::exception& e) {
    return db_error(e, "renewing the leases failed");
  }
}

Result<std::vector<Lease>> claim(pqxx::connection& conn, const std::string& node_id, std::int64_t lease_ms, bool own_too,
                                 int limit) {
  try {
    pqxx::work tx(conn);
    std::vector<Lease> taken;
    for (const auto& row : tx.exec_params(kClaim, node_id, lease_ms, own_too, limit)) {
      taken.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::string>()});
    }
    tx.commit();
    return taken;
  } catch (const std::exception& e) {
    return db_error(e, "claiming leases failed");
  }
}

Status release(pqxx::connection& conn, const std::string& node_id) {
  try {
    pqxx::work tx(conn);
    tx.exec_params(kRelease, node_id);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "releasing the leases failed");
  }
}

Status await_writer(pqxx::connection& conn, const std::string& previous_node, std::int64_t timeout_ms) {
  if (previous_node.empty()) return {};
  try {
    pqxx::work tx(conn);
    tx.exec("SET LOCAL lock_timeout = " + std::to_string(timeout_ms));
    tx.exec_params(kWriterLock, previous_node);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return db_error(e, "waiting for " + previous_node + "'s last commit failed");
  }
}

Result<ClusterView> read_cluster(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn);
    ClusterView view;
    for (const auto& r : tx.exec(kNodes)) {
      view.nodes.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(), r[3].as<std::int64_t>()});
    }
    for (const auto& r : tx.exec(kLeases)) {
      view.leases.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(), r[3].as<std::int64_t>()});
    }
    return view;
  } catch (const std::exception& e) {
    return db_error(e, "reading the cluster failed");
  }
}

Result<std::optional<NodeRow>> find_owner(pqxx::connection& conn, const std::string& session_id) {
  try {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(kOwner, session_id);
    if (rows.empty()) return std::optional<NodeRow>{};
    const auto& r = rows[0];
    return std::optional<NodeRow>{NodeRow{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(), r[3].as<std::int64_t>()}};
  } catch (const std::exception& e) {
    return db_error(e, "finding the session's node failed");
  }
}

void insert_lease(pqxx::transaction_base& tx, const std::string& session_id, const std::string& node_id, std::int64_t lease_ms) {
  tx.exec_params(kInsertLease, session_id, node_id, lease_ms);
}

std::set<Holding> fenced_out(pqxx::transaction_base& tx, const std::string& node_id, const std::set<Holding>& holdings) {
  std::set<Holding> out;
  if (holdings.empty()) return out;
  auto ids = array_of(holdings, [](const Holding& h) { return h.first; });
  auto numbers = array_of(holdings, [](const Holding& h) { return std::to_string(h.second); });
  tx.exec_params(kWriterLockShared, node_id);  // before the check, so the check sees any claim made before it
  std::set<Holding> ours;
  for (const auto& row : tx.exec_params(kFence, ids, numbers, node_id)) ours.insert({row[0].as<std::string>(), row[1].as<std::int64_t>()});
  for (const auto& h : holdings) {
    if (!ours.count(h)) out.insert(h);
  }
  return out;
}

}  // namespace parley::storage
