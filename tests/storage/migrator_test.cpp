#include "storage/migrator.hpp"

#include <doctest/doctest.h>
#include <pqxx/pqxx>
#include <thread>

#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using parley::storage::Migrator;
using parley::test::TempDir;
using parley::test::TestDatabase;
using parley::test::write_file;

namespace {

std::vector<std::string> recorded(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::vector<std::string> files;
  for (const auto& row : tx.exec("SELECT file FROM schema_migrations ORDER BY version")) {
    files.push_back(row[0].as<std::string>());
  }
  return files;
}

int migrate(const TempDir& dir, const std::string& url, std::string* error = nullptr) {
  pqxx::connection conn(url);
  auto result = Migrator(dir.path()).apply(conn);
  if (!result) {
    if (error) *error = result.error().message;
    return -1;
  }
  return result.value();
}

}  // namespace

TEST_CASE("migrations apply in version order, whatever order the directory lists them") {
  TestDatabase db;
  TempDir dir;
  // 0002 depends on 0001 and 0010 on both: any other order fails.
  write_file(dir / "0010_view.sql", "CREATE VIEW v AS SELECT a, b FROM t;");
  write_file(dir / "0001_table.sql", "CREATE TABLE t (a int);");
  write_file(dir / "0002_column.sql", "ALTER TABLE t ADD COLUMN b int;");
  write_file(dir / "README.txt", "not a migration");

  std::string error;
  CHECK(migrate(dir, db.url(), &error) == 3);
  INFO(error);
  CHECK(recorded(db.url()) == std::vector<std::string>{"0001_table.sql", "0002_column.sql", "0010_view.sql"});

  SUBCASE("a second start applies nothing") { CHECK(migrate(dir, db.url()) == 0); }

  SUBCASE("a new file is applied on the next start") {
    write_file(dir / "0011_index.sql", "CREATE INDEX t_a ON t (a);");
    CHECK(migrate(dir, db.url()) == 1);
    CHECK(recorded(db.url()).back() == "0011_index.sql");
  }
}

TEST_CASE("an applied migration whose file changed stops start-up and names the file") {
  TestDatabase db;
  TempDir dir;
  write_file(dir / "0001_table.sql", "CREATE TABLE t (a int);");
  REQUIRE(migrate(dir, db.url()) == 1);
  write_file(dir / "0001_table.sql", "CREATE TABLE t (a bigint);");
  std::string error;
  CHECK(migrate(dir, db.url(), &error) == -1);
  CHECK(error.find((dir / "0001_table.sql").string()) != std::string::npos);
  CHECK(error.find("changed after it was applied") != std::string::npos);
}

TEST_CASE("an applied migration whose file vanished is an error") {
  TestDatabase db;
  TempDir dir;
  write_file(dir / "0001_table.sql", "CREATE TABLE t (a int);");
  REQUIRE(migrate(dir, db.url()) == 1);
  std::filesystem::remove(dir / "0001_table.sql");
  write_file(dir / "0002_other.sql", "CREATE TABLE u (a int);");
  std::string error;
  CHECK(migrate(dir, db.url(), &error) == -1);
  CHECK(error.find("0001_table.sql is missing") != std::string::npos);
}

TEST_CASE("a failing migration rolls back the whole run and names the file") {
  TestDatabase db;
  TempDir dir;
  write_file(dir / "0001_table.sql", "CREATE TABLE t (a int);");
  write_file(dir / "0002_broken.sql", "ALTER TABLE nowhere ADD COLUMN b int;");
  std::string error;
  CHECK(migrate(dir, db.url(), &error) == -1);
  CHECK(error.find("0002_broken.sql failed") != std::string::npos);
  CHECK(error.find("nowhere") != std::string::npos);
  pqxx::connection conn(db.url());
  pqxx::read_transaction tx(conn);
  CHECK(tx.exec("SELECT to_regclass('t') IS NULL")[0][0].as<bool>());
}

TEST_CASE("badly named or duplicate migration files are rejected before touching the database") {
  TempDir dir;
  SUBCASE("name") {
    write_file(dir / "1_init.sql", "SELECT 1;");
    auto files = Migrator(dir.path()).load();
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("1_init.sql is not named NNNN_name.sql") != std::string::npos);
  }
  SUBCASE("duplicate version") {
    write_file(dir / "0001_a.sql", "SELECT 1;");
    write_file(dir / "0001_b.sql", "SELECT 1;");
    auto files = Migrator(dir.path()).load();
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("share version 1") != std::string::npos);
  }
  SUBCASE("missing directory") {
    auto files = Migrator(dir / "absent").load();
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("does not exist") != std::string::npos);
  }
}

TEST_CASE("servers starting at once apply each migration exactly once") {
  TestDatabase db;
  TempDir dir;
  // The sleep widens the window in which a second server would race in.
  write_file(dir / "0001_slow.sql", "SELECT pg_sleep(0.3); CREATE TABLE t (a int);");
  write_file(dir / "0002_more.sql", "INSERT INTO t VALUES (1);");
  constexpr int kServers = 4;
  std::vector<int> applied(kServers, -2);
  std::vector<std::string> errors(kServers);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i) {
      threads.emplace_back([&, i] { applied[i] = migrate(dir, db.url(), &errors[i]); });
    }
    for (auto& t : threads) t.join();
  }
  int total = 0;
  for (int i = 0; i < kServers; ++i) {
    INFO("server " << i << ": " << errors[i]);
    CHECK(applied[i] >= 0);
    total += applied[i];
  }
  CHECK(total == 2);
  pqxx::connection conn(db.url());
  pqxx::read_transaction tx(conn);
  CHECK(tx.exec("SELECT count(*) FROM t")[0][0].as<int>() == 1);
}

TEST_CASE("the shipped migrations apply cleanly to an empty database") {
  TestDatabase db;
  pqxx::connection conn(db.url());
  auto result = Migrator(PARLEY_SOURCE_DIR "/migrations").apply(conn);
  INFO((result ? "" : result.error().message));
  REQUIRE(result.ok());
  CHECK(result.value() >= 1);
}
