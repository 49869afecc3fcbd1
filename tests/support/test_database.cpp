#include "support/test_database.hpp"
#include "storage/conninfo.hpp"

#include <cstdlib>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

namespace parley::test {
namespace {

// Rebuilds a libpq connection string (URL or keywords) with another dbname.
std::string with_dbname(const std::string& url, const std::string& dbname) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err ? err : "unparseable";
    PQfreemem(err);
    throw std::runtime_error("PARLEY_TEST_DATABASE_URL: " + msg);
  }
  std::string out;
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string(o->keyword) == "dbname") continue;
    out += std::string(o->keyword) + "=" + storage::conninfo_value(o->val) + " ";
  }
  PQconninfoFree(opts);
  return out + "dbname=" + storage::conninfo_value(dbname);
}

}  // namespace

std::string test_database_url() {
  const char* url = std::getenv("PARLEY_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "PARLEY_TEST_DATABASE_URL is not set: database tests need the PostgreSQL that scripts/test starts");
  }
  return url;
}

TestDatabase::TestDatabase() : admin_url_(test_database_url()) {
  std::random_device rd;
  name_ = "parley_test_" + std::to_string(rd()) + std::to_string(rd());
  pqxx::connection conn(admin_url_);
  pqxx::nontransaction tx(conn);
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  url_ = with_dbname(admin_url_, name_);
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection conn(admin_url_);
    pqxx::nontransaction tx(conn);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
    // Leaving a database behind in the throwaway cluster is harmless.
  }
}

}  // namespace parley::test
