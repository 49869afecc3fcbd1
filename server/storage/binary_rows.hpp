#pragma once
// The rows of one query read in PostgreSQL's binary result format, for bulk
// reads of bytea: the payloads arrive as their bytes instead of twice as
// many hex digits that libpq must decode (libpqxx 6.4 asks only for text).

#include <cstdint>
#include <memory>
#include <pqxx/transaction>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

struct pg_result;

namespace parley::storage {

class BinaryRows {
 public:
  // Runs sql in tx with text parameters ($1, $2, ...).
  static Result<BinaryRows> query(pqxx::dbtransaction& tx, const char* sql, const std::vector<std::string>& params);

  int size() const;
  std::uint64_t int8(int row, int column) const;
  // An int2, int4 or int8 column.
  std::int64_t integer(int row, int column) const;
  // A bytea's bytes, or a text's.
  std::string_view bytes(int row, int column) const;
  std::string text(int row, int column) const { return std::string(bytes(row, column)); }

 private:
  explicit BinaryRows(pg_result* result);
  std::shared_ptr<pg_result> result_;
};

}  // namespace parley::storage
