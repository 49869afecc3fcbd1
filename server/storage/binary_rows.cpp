#include "storage/binary_rows.hpp"

#include <libpq-fe.h>
#include <pqxx/largeobject>

namespace parley::storage {
namespace {

// libpqxx's large-object class hands the libpq handle of a transaction to
// classes derived from it; nothing else in 6.4 does.
struct Handle : pqxx::largeobject {
  static PGconn* of(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

}  // namespace

BinaryRows::BinaryRows(pg_result* result) : result_(result, PQclear) {}

Result<BinaryRows> BinaryRows::query(pqxx::dbtransaction& tx, const char* sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  PGconn* conn = Handle::of(tx);
  BinaryRows rows(PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 1));
  if (!rows.result_ || PQresultStatus(rows.result_.get()) != PGRES_TUPLES_OK) {
    std::string why = rows.result_ ? PQresultErrorMessage(rows.result_.get()) : PQerrorMessage(conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return fail(ErrorCode::unavailable, why.empty() ? "the query failed" : why);
  }
  return rows;
}

int BinaryRows::size() const { return PQntuples(result_.get()); }

// Integers in binary: two, four or eight bytes, most significant first.
std::int64_t BinaryRows::integer(int row, int column) const {
  int length = PQgetlength(result_.get(), row, column);
  if (length != 2 && length != 4 && length != 8) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column));
  std::uint64_t v = (p[0] & 0x80) ? ~std::uint64_t{0} : 0;  // sign-extended
  for (int i = 0; i < length; ++i) v = (v << 8) | p[i];
  return static_cast<std::int64_t>(v);
}

std::uint64_t BinaryRows::int8(int row, int column) const { return static_cast<std::uint64_t>(integer(row, column)); }

std::string_view BinaryRows::bytes(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

}  // namespace parley::storage
