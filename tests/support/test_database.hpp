#pragma once
// A private database for one test, created on the PostgreSQL that
// scripts/test started (PARLEY_TEST_DATABASE_URL) and dropped afterwards, so
// test executables can run in parallel without seeing each other's tables.
// Without PARLEY_TEST_DATABASE_URL the constructor throws: database tests
// fail loudly, they are never skipped.

#include <string>

namespace parley::test {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// The server's URL from the environment; throws with a helpful message if absent.
std::string test_database_url();

}  // namespace parley::test
