// The real parley-server binary, started as a user would start it.

#include <csignal>
#include <doctest/doctest.h>

#include <filesystem>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;

namespace {

const std::string kServer = PARLEY_SERVER_BINARY;

// The last thing on stderr is one line naming the cause (log lines may precede it).
void check_one_line_error(const RunResult& r, const std::string& expected) {
  INFO("stderr: " << r.err);
  CHECK(r.exit_code != 0);
  auto at = r.err.find("parley-server: error: ");
  REQUIRE(at != std::string::npos);
  std::string line = r.err.substr(at);
  CHECK(line.find(expected) != std::string::npos);
  CHECK(line.find('\n') == line.size() - 1);
}

}  // namespace

TEST_CASE("bad configuration stops the server with one line naming the cause") {
  TempDir tmp;
  SUBCASE("unknown flag") {
    auto r = run_to_completion(kServer, {"--colour=red"});
    CHECK(r.exit_code == 2);
    check_one_line_error(r, "unrecognised option '--colour=red'");
  }
  SUBCASE("malformed PARLEY_LISTEN") {
    auto r = run_to_completion(kServer, {}, {{"PARLEY_LISTEN", "nonsense"}});
    CHECK(r.exit_code == 2);
    check_one_line_error(r, "--listen (PARLEY_LISTEN): 'nonsense' is not HOST:PORT");
  }
  SUBCASE("unwritable data dir leaves nothing behind") {
    write_file(tmp / "file", "x");
    auto r = run_to_completion(kServer, {"--listen", "127.0.0.1:0", "--data-dir", (tmp / "file" / "var").string()});
    check_one_line_error(r, "--data-dir (PARLEY_DATA_DIR): cannot create");
  }
  SUBCASE("database that does not connect leaves nothing behind") {
    auto data = tmp / "var";
    auto r = run_to_completion(kServer, {"--listen", "127.0.0.1:0", "--data-dir", data.string(), "--db",
                                         "postgresql://parley@127.0.0.1:1/parley?connect_timeout=5"});
    check_one_line_error(r, "cannot connect to the database (--db / PARLEY_DATABASE_URL)");
    CHECK_FALSE(std::filesystem::exists(data));
  }
  SUBCASE("port in use leaves nothing behind") {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd, 1) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string port = std::to_string(ntohs(addr.sin_port));
    auto data = tmp / "var";
    auto r = run_to_completion(kServer, {"--listen", "127.0.0.1:" + port, "--data-dir", data.string()});
    close(fd);
    check_one_line_error(r, "cannot listen on 127.0.0.1:" + port + ": Address already in use");
    CHECK_FALSE(std::filesystem::exists(data));
  }
}

TEST_CASE("a broken scenario file stops start-up with every problem, before anything is created") {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "scenarios");
  write_file(tmp / "scenarios" / "bad.textproto", "id: \"bad\"\ntitle: \"Bad\"\nroles { id: \"A\" kind: DELEGATION }\n");
  auto data = tmp / "var";
  auto r = run_to_completion(kServer, {"--listen", "127.0.0.1:0", "--data-dir", data.string(), "--scenarios",
                                       (tmp / "scenarios").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("invalid scenario files:") != std::string::npos);
  CHECK(r.err.find("bad.textproto:3: roles[A].profile: missing") != std::string::npos);
  CHECK(r.err.find("needs exactly one WHITE_CELL role") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(data));
}

TEST_CASE("help lists the commands and every flag") {
  auto r = run_to_completion(kServer, {"--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Usage: parley-server") != std::string::npos);
  CHECK(r.out.find("PARLEY_DATABASE_URL") != std::string::npos);
}

TEST_CASE("with a database, the server answers health checks and stops cleanly on SIGTERM") {
  TestDatabase db;
  TempDir tmp;
  ChildProcess server(kServer, {"--listen", "127.0.0.1:0", "--data-dir", (tmp / "var").string(), "--db", db.url(),
                                "--admin-token", "test-admin-token-0123456789"});
  auto line = server.wait_for_stdout("listening on http://127.0.0.1:");
  REQUIRE_MESSAGE(line.has_value(), server.err());
  auto port = port_from_banner(*line);

  auto health = http_get(port, "/healthz");
  CHECK(health.status == 200);
  auto ready = http_get(port, "/readyz");
  CHECK(ready.status == 200);
  CHECK(ready.body.find("ready") != std::string::npos);
  CHECK(http_get(port, "/api/no-such-thing").status == 404);
  CHECK(server.out().find("test-admin-token-0123456789") != std::string::npos);

  server.send_signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK(server.err().find("received SIGTERM") != std::string::npos);
}

TEST_CASE("migrate applies the shipped migrations and exits") {
  TestDatabase db;
  auto first = run_to_completion(kServer, {"migrate", "--db", db.url()});
  INFO(first.err);
  CHECK(first.exit_code == 0);
  std::size_t shipped = 0;
  for (const auto& f : std::filesystem::directory_iterator(std::string(PARLEY_SOURCE_DIR) + "/migrations")) shipped += f.path().extension() == ".sql";
  CHECK(first.out.find("applied " + std::to_string(shipped) + " migration") != std::string::npos);
  auto second = run_to_completion(kServer, {"migrate", "--db", db.url()});
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("applied 0 migration") != std::string::npos);
}

TEST_CASE("the embedded database: created on first start, reused with the same admin token") {
  TempDir tmp;
  auto data = tmp / "var";
  std::string token;
  for (int run = 0; run < 2; ++run) {
    CAPTURE(run);
    ChildProcess server(kServer, {"--listen", "127.0.0.1:0", "--data-dir", data.string()},
                        {{"PARLEY_DATABASE_URL", ""}, {"PARLEY_ADMIN_TOKEN", ""}});
    auto line = server.wait_for_stdout("listening on");
    REQUIRE_MESSAGE(line.has_value(), server.err());
    auto token_line = server.wait_for_stdout("Admin token");
    REQUIRE(token_line.has_value());
    if (run == 0) token = *token_line;
    CHECK(*token_line == token);
    CHECK(http_get(port_from_banner(*line), "/readyz").status == 200);
    server.send_signal(SIGINT);
    CHECK(server.wait() == 0);
    CHECK(server.err().find("stopped the embedded cluster") != std::string::npos);
  }
  CHECK(std::filesystem::exists(data / "postgres" / "PG_VERSION"));
}
