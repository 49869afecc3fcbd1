#include "storage/db_error.hpp"

#include <pqxx/except>

namespace parley::storage {

namespace {
ErrorCode by_sqlstate(const std::string& state) {
  if (state == "23505" || state == "23P01") return ErrorCode::conflict;
  auto cls = state.substr(0, 2);
  if (cls == "23" || cls == "22") return ErrorCode::invalid;
  // Connection trouble, too many clients or no memory, an operator or timeout ending the
  // statement or the session, a serialization failure or deadlock: each may pass.
  if (cls == "08" || cls == "53" || cls == "57" || cls == "40" || state == "25P03") return ErrorCode::unavailable;
  return ErrorCode::failed;
}
}  // namespace

std::string db_error_line(const std::exception& e) {
  std::string s = e.what();
  return s.substr(0, s.find('\n'));
}

ErrorCode db_error_code(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) return ErrorCode::unknown_outcome;
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return ErrorCode::unavailable;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) return by_sqlstate(sql->sqlstate());
  return ErrorCode::failed;
}

Error db_error(const std::exception& e, const std::string& what) {
  return fail(db_error_code(e), what + ": " + db_error_line(e));
}

}  // namespace parley::storage
