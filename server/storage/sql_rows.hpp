#pragma once
// Builds multi-row INSERT statements with numbered parameters, so a whole
// batch costs one round trip per table instead of one per row. Only the
// placeholders are generated; every value travels as a parameter.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace parley::storage {

class SqlRows {
 public:
  // row_shape uses $% for each parameter, e.g. "($%,$%::bytea)".
  SqlRows(std::string head, std::string row_shape, std::string tail = "");

  // Adds one row; sends the statement when it reaches the parameter limit.
  void add(pqxx::transaction_base& tx, std::vector<std::string> values);
  void flush(pqxx::transaction_base& tx);

 private:
  std::string head_;
  std::string row_shape_;
  std::string tail_;
  std::string sql_;
  std::vector<std::string> params_;
};

// bytes as a bytea input literal in hex form ("\x0a1b...").
std::string bytea_literal(const std::string& bytes);
// Appends bytes as hex digits, two per byte.
void append_hex(std::string& out, const std::string& bytes);
// The texts as a PostgreSQL array input literal ({"a","b"}), each quoted, so any text is safe.
std::string array_literal(const std::vector<std::string>& items);

}  // namespace parley::storage
