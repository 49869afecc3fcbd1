#include "storage/embedded_postgres.hpp"

#include <csignal>
#include <doctest/doctest.h>
#include <fstream>
#include <pqxx/pqxx>
#include <unistd.h>

#include "support/temp_dir.hpp"

using parley::storage::EmbeddedPostgres;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

EmbeddedPostgres started(const std::filesystem::path& dir) {
  auto pg = EmbeddedPostgres::locate(dir);
  REQUIRE_MESSAGE(pg.ok(), (pg ? "" : pg.error().message));
  auto s = pg.value().start();
  REQUIRE_MESSAGE(s.ok(), (s ? "" : s.error().message));
  return std::move(pg.value());
}

int count_rows(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  return tx.exec("SELECT count(*) FROM kept")[0][0].as<int>();
}

pid_t postmaster_pid(const std::filesystem::path& dir) {
  std::ifstream in(dir / "postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

}  // namespace

TEST_CASE("the embedded cluster is created, reused with its data, survives a crash, and stops") {
  TempDir data("parley-pg");
  auto dir = data / "postgres";

  auto pg = started(dir);
  CHECK(std::filesystem::exists(dir / "PG_VERSION"));
  CHECK_FALSE(pg.adopted());
  CHECK(pg.connection_string().find(dir.string()) != std::string::npos);
  {
    pqxx::connection conn(pg.connection_string());
    pqxx::work tx(conn);
    tx.exec("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)");
    tx.commit();
  }

  SUBCASE("stop, then start again: same cluster, same data") {
    REQUIRE(pg.stop().ok());
    CHECK_FALSE(pg.running());
    CHECK_THROWS(pqxx::connection(pg.connection_string()));
    auto again = started(dir);
    CHECK(count_rows(again.connection_string()) == 2);
    CHECK(again.stop().ok());
  }

  SUBCASE("a postmaster still running from a killed server is adopted") {
    auto again = started(dir);
    CHECK(again.adopted());
    CHECK(count_rows(again.connection_string()) == 2);
    CHECK(again.stop().ok());
  }

  SUBCASE("a crashed postmaster's stale lock files do not stop the next start") {
    pid_t pid = postmaster_pid(dir);
    REQUIRE(pid > 0);
    REQUIRE(kill(pid, SIGKILL) == 0);
    // A process we know is alive but is not a postmaster: PID reuse after a reboot.
    write_file(dir / "postmaster.pid", std::to_string(getpid()) + "\n" + dir.string() + "\n");
    CHECK_FALSE(pg.running());
    auto again = started(dir);
    CHECK_FALSE(again.adopted());
    CHECK(count_rows(again.connection_string()) == 2);
    CHECK(again.stop().ok());
  }

  (void)pg.stop();
  CHECK_FALSE(pg.running());
}

TEST_CASE("a directory that holds something else is refused with the reason") {
  TempDir data("parley-pg");
  auto dir = data / "postgres";
  std::filesystem::create_directories(dir);
  write_file(dir / "notes.txt", "mine");
  auto pg = EmbeddedPostgres::locate(dir);
  REQUIRE(pg.ok());
  auto s = pg.value().start();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message.find("is not empty and holds no PostgreSQL cluster") != std::string::npos);
}

TEST_CASE("an unusable directory is refused with the reason") {
  TempDir data("parley-pg");
  write_file(data / "file", "x");
  auto pg = EmbeddedPostgres::locate(data / "file" / "postgres");
  REQUIRE(pg.ok());
  auto s = pg.value().start();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message.find("cannot create") != std::string::npos);
}

TEST_CASE("a path too long for a unix socket is refused before anything is created") {
  TempDir data("parley-pg");
  auto dir = data / std::string(120, 'x');
  auto pg = EmbeddedPostgres::locate(dir);
  REQUIRE_FALSE(pg.ok());
  CHECK(pg.error().message.find("too long for a unix socket") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir));
}
