#pragma once
// The cluster's shared state in PostgreSQL: which nodes are alive (their
// heartbeats) and which node owns each unfinished session (its lease, with
// an epoch that grows at every change of owner). Plain functions over a
// connection; the lease keeper calls them on its own thread.

#include <cstdint>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct Lease {
  std::string session_id;
  std::int64_t epoch = 0;
  std::string previous;  // a claimed lease: the node that held it before ('' : nobody)
};

struct NodeRow {
  std::string id;
  std::string url;
  std::int64_t heartbeat_age_ms = 0;
  std::int64_t sessions = 0;
};

struct LeaseRow {
  std::string session_id;
  std::string node_id;
  std::int64_t epoch = 0;
  std::int64_t expires_in_ms = 0;  // negative: expired
};

struct ClusterView {
  std::vector<NodeRow> nodes;
  std::vector<LeaseRow> leases;
};

// Says the node is alive and how many sessions it owns.
Status heartbeat(pqxx::connection& conn, const std::string& node_id, const std::string& url, std::int64_t sessions);
// Extends the leases still held at their epochs; returns the ids extended
// (a held lease missing from it was taken by another node).
Result<std::set<std::string>> renew(pqxx::connection& conn, const std::string& node_id, std::int64_t lease_ms,
                                    const std::vector<Lease>& held);
// Takes up to `limit` expired leases of unfinished sessions (skipping rows
// another node is taking), and with own_too also this node id's own leases
// from an earlier run. Each taken lease's epoch is one more than before.
Result<std::vector<Lease>> claim(pqxx::connection& conn, const std::string& node_id, std::int64_t lease_ms, bool own_too,
                                 int limit);
// After claiming sessions from previous_node: returns once no commit of that
// node's event writer that checked its epoch before the claim is still
// open, so the stored events read next are all it will ever write for them.
Status await_writer(pqxx::connection& conn, const std::string& previous_node, std::int64_t timeout_ms);
// Lets the leases go at once (a clean stop), so other nodes need not wait for them to expire.
Status release(pqxx::connection& conn, const std::string& node_id);
Result<ClusterView> read_cluster(pqxx::connection& conn);
// The node holding an unexpired lease on the session, if any.
Result<std::optional<NodeRow>> find_owner(pqxx::connection& conn, const std::string& session_id);
// The session's lease, for a new session in the transaction that stores it.
void insert_lease(pqxx::transaction_base& tx, const std::string& session_id, const std::string& node_id, std::int64_t lease_ms);
// Of the (session, epoch) pairs written under, those whose lease is no
// longer this node's at that epoch. Holds this node's writer lock (shared) until
// the transaction ends: a node that claims one of them waits for it
// (await_writer) before reading the session.
using Holding = std::pair<std::string, std::int64_t>;  // session id, epoch
std::set<Holding> fenced_out(pqxx::transaction_base& tx, const std::string& node_id, const std::set<Holding>& holdings);

}  // namespace parley::storage
