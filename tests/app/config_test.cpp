#include "app/config.hpp"

#include <doctest/doctest.h>

using parley::app::Command;
using parley::app::Environment;
using parley::app::parse_config;

TEST_CASE("defaults give a local server with an embedded database") {
  auto parsed = parse_config({}, {});
  REQUIRE(parsed.ok());
  const auto& c = parsed.value().config;
  CHECK(c.command == Command::serve);
  CHECK(c.listen_host == "127.0.0.1");
  CHECK(c.listen_port == 8080);
  CHECK(c.data_dir == "var");
  CHECK(c.database_url.empty());
  CHECK(c.log_level == parley::log::Level::info);
}

TEST_CASE("every flag has an environment variable, and the flag wins") {
  Environment env{{"PARLEY_LISTEN", "0.0.0.0:9000"},
                  {"PARLEY_DATA_DIR", "/srv/parley"},
                  {"PARLEY_DATABASE_URL", "postgresql://db/parley"},
                  {"PARLEY_LOG_LEVEL", "debug"},
                  {"PARLEY_ADMIN_TOKEN", "0123456789abcdef0123"},
                  {"PARLEY_THREADS", "4"},
                  {"PARLEY_MIGRATIONS_DIR", "/opt/m"}};
  auto from_env = parse_config({}, env);
  REQUIRE(from_env.ok());
  const auto& c = from_env.value().config;
  CHECK(c.listen_host == "0.0.0.0");
  CHECK(c.listen_port == 9000);
  CHECK(c.data_dir == "/srv/parley");
  CHECK(c.database_url == "postgresql://db/parley");
  CHECK(c.log_level == parley::log::Level::debug);
  CHECK(c.admin_token == "0123456789abcdef0123");
  CHECK(c.threads == 4);
  CHECK(c.migrations_dir == "/opt/m");

  auto flag_wins = parse_config({"--listen", "127.0.0.1:7000", "--log-level=warn"}, env);
  REQUIRE(flag_wins.ok());
  CHECK(flag_wins.value().config.listen_port == 7000);
  CHECK(flag_wins.value().config.log_level == parley::log::Level::warn);
  CHECK(flag_wins.value().config.data_dir == "/srv/parley");
}

TEST_CASE("a cluster node's name, address and lease") {
  auto defaults = parse_config({}, {});
  REQUIRE(defaults.ok());
  CHECK(defaults.value().config.node_id.empty());  // generated once into the data directory
  CHECK(defaults.value().config.advertise.empty());
  CHECK(defaults.value().config.lease_seconds == 5);
  auto set = parse_config({"--node-id", "node-2", "--lease", "3"}, {{"PARLEY_ADVERTISE", "http://node2:8080"}});
  REQUIRE(set.ok());
  CHECK(set.value().config.node_id == "node-2");
  CHECK(set.value().config.advertise == "http://node2:8080");
  CHECK(set.value().config.lease_seconds == 3);
}

TEST_CASE("listen accepts IPv6 in brackets and port 0") {
  auto parsed = parse_config({"--listen", "[::1]:0"}, {});
  REQUIRE(parsed.ok());
  CHECK(parsed.value().config.listen_host == "::1");
  CHECK(parsed.value().config.listen_port == 0);
}

TEST_CASE("commands") {
  struct Row {
    std::vector<std::string> args;
    Command command;
  };
  for (const auto& row : std::vector<Row>{{{"serve"}, Command::serve},
                                          {{"migrate"}, Command::migrate},
                                          {{"db", "start"}, Command::db_start},
                                          {{"db", "stop", "--data-dir", "x"}, Command::db_stop}}) {
    INFO(row.args[0]);
    auto parsed = parse_config(row.args, {});
    REQUIRE(parsed.ok());
    CHECK(parsed.value().config.command == row.command);
  }
}

TEST_CASE("help describes every flag with its variable") {
  auto parsed = parse_config({"--help"}, {});
  REQUIRE(parsed.ok());
  CHECK(parsed.value().help);
  for (const char* text : {"--listen", "PARLEY_LISTEN", "--data-dir", "PARLEY_DATA_DIR", "--db", "PARLEY_DATABASE_URL",
                           "--log-level", "PARLEY_LOG_LEVEL", "--admin-token", "PARLEY_ADMIN_TOKEN", "migrate"}) {
    INFO(text);
    CHECK(parsed.value().help_text.find(text) != std::string::npos);
  }
}

TEST_CASE("each bad value is rejected with a message naming the flag and the problem") {
  struct Row {
    std::vector<std::string> args;
    Environment env;
    std::vector<std::string> expected;  // substrings of the message
  };
  const std::vector<Row> rows{
      {{"--frobnicate"}, {}, {"unrecognised option '--frobnicate'"}},
      {{"--listen", "localhost"}, {}, {"--listen (PARLEY_LISTEN)", "'localhost' is not HOST:PORT"}},
      {{}, {{"PARLEY_LISTEN", "127.0.0.1:http"}}, {"--listen (PARLEY_LISTEN)", "no numeric port"}},
      {{"--listen", "127.0.0.1:70000"}, {}, {"--listen (PARLEY_LISTEN)", "port 70000 is out of range"}},
      {{"--listen", ":8080"}, {}, {"--listen (PARLEY_LISTEN)", "has no host"}},
      {{"--listen", "[::1:8080"}, {}, {"--listen (PARLEY_LISTEN)", "is not [IPV6]:PORT"}},
      {{"--log-level", "loud"}, {}, {"--log-level (PARLEY_LOG_LEVEL)", "'loud' is not one of"}},
      {{}, {{"PARLEY_THREADS", "0"}}, {"--threads (PARLEY_THREADS)", "from 1 to 64"}},
      {{"--admin-token", "short"}, {}, {"--admin-token (PARLEY_ADMIN_TOKEN)", "at least 16"}},
      {{"--data-dir", ""}, {}, {"--data-dir (PARLEY_DATA_DIR)", "must not be empty"}},
      {{"--db", ""}, {}, {"--db (PARLEY_DATABASE_URL)", "must not be empty"}},
      {{"launch"}, {}, {"unknown command 'launch'"}},
      {{"--listen"}, {}, {"--listen", "missing"}},
      {{"--node-id", "node 1"}, {}, {"--node-id (PARLEY_NODE_ID)", "'node 1' must be 1-64 letters"}},
      {{}, {{"PARLEY_ADVERTISE", "node1:8080"}}, {"--advertise (PARLEY_ADVERTISE)", "'node1:8080' is not an http://HOST:PORT"}},
      {{"--lease", "0.5"}, {}, {"--lease (PARLEY_LEASE)", "from 1 to 3600"}},
  };
  for (const auto& row : rows) {
    std::string label = row.args.empty() ? row.env.begin()->first + "=" + row.env.begin()->second : row.args[0];
    INFO(label);
    auto parsed = parse_config(row.args, row.env);
    REQUIRE_FALSE(parsed.ok());
    for (const auto& text : row.expected) {
      INFO(parsed.error().message);
      CHECK(parsed.error().message.find(text) != std::string::npos);
    }
  }
}
