#pragma once
// A server on a test database and the parley client pointed at it, for the
// suites that run the client as a user would (scripts, bots, demos).

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace parley::test {

inline const std::string kParley = PARLEY_CLIENT_BINARY;

struct CliFixture {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server{db.url(), tmp / "var"};
  std::map<std::string, std::string> env{{"PARLEY_SERVER", server.url()}, {"PARLEY_TOKEN", ""}};

  RunResult parley(std::vector<std::string> args) { return run_to_completion(kParley, args, env); }

  // A file holding `text` (a play script), new for every call.
  std::filesystem::path script(const std::string& text) {
    auto file = tmp / ("script-" + std::to_string(++scripts_) + ".txt");
    write_file(file, text);
    return file;
  }

  RunResult play(const std::string& code, const std::string& text, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"play", code, "--script", script(text).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return parley(args);
  }

  // A new session, as `session create --json` describes it.
  boost::json::object create_session(const std::string& scenario = "river-basin-accord") {
    auto created = parley({"session", "create", "--scenario", scenario, "--json", "--token", server.admin_token()});
    REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    return boost::json::parse(created.out).as_object();
  }

 private:
  int scripts_ = 0;
};

}  // namespace parley::test
