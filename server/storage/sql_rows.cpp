#include "storage/sql_rows.hpp"

#include <pqxx/pqxx>

namespace parley::storage {
namespace {
// PostgreSQL allows 65535 parameters per statement; stay well below.
constexpr std::size_t kMaxParams = 30000;
}  // namespace

SqlRows::SqlRows(std::string head, std::string row_shape, std::string tail)
    : head_(std::move(head)), row_shape_(std::move(row_shape)), tail_(std::move(tail)) {}

void SqlRows::add(pqxx::transaction_base& tx, std::vector<std::string> values) {
  if (params_.size() + values.size() > kMaxParams) flush(tx);
  sql_ += params_.empty() ? head_ : ",";
  std::size_t next = 0;
  for (char c : row_shape_) {
    if (c != '%') {
      sql_ += c;
      continue;
    }
    params_.push_back(std::move(values.at(next++)));
    sql_ += std::to_string(params_.size());
  }
}

void SqlRows::flush(pqxx::transaction_base& tx) {
  if (params_.empty()) return;
  tx.exec_params(sql_ + tail_, pqxx::prepare::make_dynamic_params(params_));
  sql_.clear();
  params_.clear();
}

std::string bytea_literal(const std::string& bytes) {
  std::string out = "\\x";
  append_hex(out, bytes);
  return out;
}

void append_hex(std::string& out, const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  out.reserve(out.size() + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
}

std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    out += out.size() > 1 ? ",\"" : "\"";
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace parley::storage
