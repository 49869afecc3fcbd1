#pragma once
// A batch of appends as one SQL text. Sent as one simple query, its
// statements run in PostgreSQL's implicit transaction for that query: the
// batch is stored, fence and all, in one round trip instead of one each for
// BEGIN, the fence, every insert and COMMIT. Values are inlined as escaped
// literals (a simple query takes no parameters).

#include <pqxx/connection_base>
#include <set>
#include <string>

#include "storage/event_store.hpp"
#include "storage/lease_store.hpp"

namespace parley::storage {

class CommitScript {
 public:
  explicit CommitScript(pqxx::connection_base& conn) : conn_(conn) {}

  // The batch fails with SQLSTATE kFencedState unless every holding is still the node's.
  void fence(const std::string& node_id, const std::set<Holding>& holdings);
  void add(const Append& append);
  // The whole script, statements in order: fence, events, answers, snapshots and statuses.
  std::string text() const;

  static constexpr const char* kFencedState = "PRLFN";

 private:
  void text_literal(std::string& out, const std::string& value);
  static void bytea_literal(std::string& out, const std::string& bytes);

  pqxx::connection_base& conn_;
  std::string fence_;
  std::string events_;
  std::string commands_;
  std::string others_;
};

}  // namespace parley::storage
