// `parley scenario check` and `parley scenario analyze`, run as a user would.

#include <doctest/doctest.h>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace parley::test;

namespace {
const std::string kParley = PARLEY_CLIENT_BINARY;
const std::string kScenarios = PARLEY_SOURCE_DIR "/scenarios/";
}  // namespace

TEST_CASE("check: valid files pass with exit 0") {
  auto r = run_to_completion(kParley, {"scenario", "check", kScenarios + "collective-security-pact.textproto",
                                       kScenarios + "river-basin-accord.textproto"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("collective-security-pact.textproto: ok") != std::string::npos);
}

TEST_CASE("check: every problem of every file, as FILE:LINE: PATH: PROBLEM, exit 1") {
  TempDir tmp;
  write_file(tmp / "bad.textproto", "id: \"x\"\ntitle: \"X\"\nroles { id: \"A\" name: \"A\" kind: DELEGATION }\n"
                                    "roles { id: \"A\" name: \"B\" kind: WHITE_CELL }\n");
  auto r = run_to_completion(kParley, {"scenario", "check", (tmp / "bad.textproto").string(), (tmp / "missing.textproto").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find((tmp / "bad.textproto").string() + ":4: roles[A]: duplicate role id 'A'") != std::string::npos);
  CHECK(r.out.find((tmp / "bad.textproto").string() + ":3: roles[A].profile: missing") != std::string::npos);
  CHECK(r.out.find("missing.textproto: cannot read file") != std::string::npos);
}

// On the design note's scenario, whose expected analysis the note gives.
TEST_CASE("analyze: the Nash text per signatory count, for people and for machines") {
  const std::string oracle = PARLEY_SOURCE_DIR "/tests/fixtures/design-oracle.textproto";
  auto human = run_to_completion(kParley, {"scenario", "analyze", oracle});
  CHECK(human.exit_code == 0);
  CHECK(human.out.find("5 signatories: M3 C2 F4 T2 S3 P2 N2") != std::string::npos);
  CHECK(human.out.find("Texts that would enter into force: 2227") != std::string::npos);
  auto json = run_to_completion(kParley, {"scenario", "analyze", "--json", oracle});
  CHECK(json.exit_code == 0);
  CHECK(json.out.find("\"acceptable\":2227") != std::string::npos);
  CHECK(json.out.find("\"text\":{\"M\":\"M3\",\"C\":\"C2\",\"F\":\"F4\",\"T\":\"T2\",\"S\":\"S3\",\"P\":\"P2\",\"N\":\"N2\"}") !=
        std::string::npos);
}

TEST_CASE("usage errors exit 2 with the usage") {
  for (const auto& args : std::vector<std::vector<std::string>>{{"frobnicate"}, {"scenario", "explode"}, {"scenario", "check"},
                                                                 {"scenario", "analyze", "--bogus", "x"}, {}}) {
    auto r = run_to_completion(kParley, args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("Usage: parley") != std::string::npos);
  }
  CHECK(run_to_completion(kParley, {"--help"}).exit_code == 0);
}
