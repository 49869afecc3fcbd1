// parley replay and parley fork against a recorded session.

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "support/child_process.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;

namespace {

const std::string kParley = PARLEY_CLIENT_BINARY;

struct Recorded {
  TestDatabase db;
  TempDir tmp;
  ServerProcess server{db.url(), tmp / "var", {"--snapshot-every", "10"}};  // history pages start from snapshots
  std::map<std::string, std::string> env{{"PARLEY_SERVER", server.url()}, {"PARLEY_TOKEN", ""}};
  boost::json::object created;
  std::string id, white;

  RunResult parley(std::vector<std::string> args) { return run_to_completion(kParley, args, env); }

  void play(const std::string& code, const std::string& script) {
    static int n = 0;
    auto file = tmp / ("s" + std::to_string(++n));
    write_file(file, script);
    auto r = parley({"play", code, "--script", file.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  }

  std::string code(const std::string& role) {
    for (const auto& s : created.at("seats").as_array()) {
      const auto& o = s.as_object();
      if (o.at("role").as_string() == role && o.at("seat").as_int64() == 0) return std::string(o.at("join_code").as_string());
    }
    return "";
  }

  std::vector<boost::json::object> replay(const std::string& session, const std::string& as, const std::string& token,
                                          const std::string& page = "5000") {
    auto r = parley({"replay", session, "--as", as, "--json", "--token", token, "--page", page});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::vector<boost::json::object> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.push_back(boost::json::parse(line).as_object());
    return out;
  }

  Recorded() {
    auto r = parley({"session", "create", "--scenario", "collective-security-pact", "--json", "--token", server.admin_token()});
    REQUIRE(r.exit_code == 0);
    created = boost::json::parse(r.out).as_object();
    id = std::string(created.at("session_id").as_string());
    white = std::string(created.at("facilitator_token").as_string());
    play(white, "start\n");
    play(code("PAK"), "message KSA Our offer stands.\nmessage TUR Not for Riyadh.\n");
    play(white, "advance\n");
    play(code("KSA"), "room gulf QAT\npost gulf Gulf eyes only.\npledge TUR 25 if-signs\n");
    play(code("USA"), "pledge QAT 30 if-declines\n");
    play(white, "advance\n");
    play(code("PAK"), "table M=M3 C=C2 F=F4 T=T2 S=S3 P=P2 N=N2 : Islamabad draft\n");
    play(code("TUR"), "say We support the draft.\n");
  }
};

}  // namespace

TEST_CASE("replay as a delegation contains nothing private to any other role, event by event") {
  Recorded s;
  auto all = s.replay(s.id, "WHITE", s.white);
  auto ksa = s.replay(s.id, "KSA", s.white);
  CHECK(all.size() > ksa.size());
  std::set<std::string> ksa_rooms{"#gulf"};
  for (const auto& item : ksa) {
    const auto& e = item.at("event").as_object();
    std::string actor = item.at("actor").as_string().c_str();
    INFO(boost::json::serialize(item));
    if (e.contains("messageSent")) CHECK((actor == "KSA" || e.at("messageSent").as_object().at("to").as_string() == "KSA"));
    if (e.contains("pledgeMade")) CHECK((actor == "KSA" || e.at("pledgeMade").as_object().at("to").as_string() == "KSA"));
    if (e.contains("profileChanged")) CHECK(e.at("profileChanged").as_object().at("role").as_string() == "KSA");
    if (e.contains("roomMessage")) CHECK(ksa_rooms.count(std::string(e.at("roomMessage").as_object().at("roomId").as_string())));
    if (e.contains("injectReleased") && e.at("injectReleased").as_object().contains("audience")) {
      bool in = false;
      for (const auto& a : e.at("injectReleased").as_object().at("audience").as_array()) in = in || a.as_string() == "KSA";
      CHECK(in);
    }
  }
  // What KSA did see includes its own private business.
  bool saw_own_message = false;
  for (const auto& item : ksa) saw_own_message = saw_own_message || item.at("event").as_object().contains("messageSent");
  CHECK(saw_own_message);

  SUBCASE("a player can replay only its own view") {
    auto own = s.parley({"replay", s.id, "--json", "--token", s.code("TUR")});
    CHECK(own.exit_code == 0);
    auto other = s.parley({"replay", s.id, "--as", "KSA", "--token", s.code("TUR")});
    CHECK(other.exit_code == 1);
    CHECK(other.err.find("only a facilitator reads another role's view") != std::string::npos);
  }
  SUBCASE("the human form has round and phase headers and timestamps") {
    auto human = s.parley({"replay", s.id, "--token", s.white});
    CHECK(human.out.find("== Round 1 · consultations ==") != std::string::npos);
    CHECK(human.out.find("PAK to KSA (private, m1): Our offer stands.") != std::string::npos);
  }
}

TEST_CASE("history read in pages (each replayed from the latest snapshot before it) is exactly the history read at once") {
  Recorded s;
  for (const char* role : {"WHITE", "KSA", "PAK"}) {
    auto whole = s.replay(s.id, role, s.white);
    INFO(role);
    REQUIRE(whole.size() > 6);
    for (const char* page : {"1", "3", "7"}) {
      INFO("page " << page);
      CHECK(s.replay(s.id, role, s.white, page) == whole);
    }
  }
  SUBCASE("a page size out of range is refused with the range") {
    auto r = s.parley({"replay", s.id, "--json", "--token", s.white, "--page", "0"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("--page must be 1 to 20000") != std::string::npos);
  }
}

TEST_CASE("a fork at a middle seq plays on to a different end while the original stays as it was") {
  Recorded s;
  auto before = s.replay(s.id, "WHITE", s.white);
  REQUIRE(before.size() > 10);
  auto at = before[before.size() / 2].at("seq").to_number<std::int64_t>();
  auto forked = s.parley({"fork", s.id, "--at", std::to_string(at), "--json", "--token", s.white});
  REQUIRE_MESSAGE(forked.exit_code == 0, forked.err);
  auto fork = boost::json::parse(forked.out).as_object();
  std::string fork_id(fork.at("session_id").as_string());
  std::string fork_white(fork.at("facilitator_token").as_string());
  CHECK(fork_id != s.id);
  // The fork remembers where it came from, in its status and in the session list.
  auto status = s.parley({"session", "status", fork_id, "--token", fork_white});
  CHECK(status.out.find("forked from " + s.id + " at seq " + std::to_string(at)) != std::string::npos);
  auto listed = s.parley({"session", "list", "--token", s.server.admin_token()});
  REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
  CHECK(listed.out.find(fork_id) < listed.out.find(s.id + " "));  // newest first
  CHECK(listed.out.find("(fork of " + s.id + " at " + std::to_string(at) + ")") != std::string::npos);
  auto exported = s.parley({"export", fork_id, "--format", "md", "--token", fork_white});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
  CHECK(exported.out.find("A branch of session `" + s.id + "`, forked after event " + std::to_string(at)) != std::string::npos);

  // The fork was paused at the fork point; its white cell resumes and ends it differently.
  s.play(fork_white, "resume\nend the what-if branch\n");
  auto branch = s.replay(fork_id, "WHITE", fork_white);
  for (std::int64_t i = 0; i < at; ++i) {
    CHECK(branch[i].at("type") == before[i].at("type"));
    CHECK(branch[i].at("event") == before[i].at("event"));
  }
  CHECK(branch[at].at("type").as_string() == "session_paused");
  CHECK(branch.back().at("type").as_string() == "session_ended");

  // The original's review compares it with its branch; parley compare says where they part.
  auto original = s.parley({"export", s.id, "--format", "json", "--token", s.white});
  REQUIRE_MESSAGE(original.exit_code == 0, original.err);
  auto original_review = boost::json::parse(original.out);
  const auto& branches = original_review.at("branches").as_array();
  REQUIRE(branches.size() == 1);
  CHECK(branches[0].at("b").at("session_id").as_string() == fork_id);
  CHECK(branches[0].at("divergence").at("after_seq").to_number<std::int64_t>() == at);
  auto compared = s.parley({"compare", s.id, fork_id, "--token", s.server.admin_token()});
  REQUIRE_MESSAGE(compared.exit_code == 0, compared.err);
  CHECK(compared.out.find("They diverge after event " + std::to_string(at) + " (the second is a branch of the first)") != std::string::npos);
  CHECK(compared.out.find("Next in the second: paused by the white cell") != std::string::npos);
  auto by_seat = s.parley({"compare", s.id, fork_id, "--token", s.code("PAK")});
  CHECK(by_seat.exit_code == 1);
  CHECK(by_seat.err.find("comparing needs a facilitator token") != std::string::npos);

  // The original is exactly what it was, and still live.
  auto after = s.replay(s.id, "WHITE", s.white);
  CHECK(after == before);
  s.play(s.white, "advance\n");
  CHECK(s.replay(s.id, "WHITE", s.white).size() > before.size());

  // Filters and pages; bad ones are named.
  auto ended = boost::json::parse(s.parley({"session", "list", "--state", "ended", "--json", "--token", s.server.admin_token()}).out);
  REQUIRE(ended.at("sessions").as_array().size() == 1);
  CHECK(ended.at("sessions").as_array()[0].at("session_id").as_string() == fork_id);
  auto page = boost::json::parse(s.parley({"session", "list", "--limit", "1", "--offset", "1", "--json", "--token", s.server.admin_token()}).out);
  CHECK(page.at("total").to_number<int>() == 2);
  CHECK(page.at("sessions").as_array()[0].at("session_id").as_string() == s.id);
  auto wrong = s.parley({"session", "list", "--state", "asleep", "--token", s.server.admin_token()});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("state must be lobby, running, paused or ended") != std::string::npos);
  CHECK(s.parley({"session", "list", "--token", "not-the-admin-token"}).exit_code == 1);

  auto bad = s.parley({"fork", s.id, "--at", "99999", "--token", s.white});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("has only") != std::string::npos);
}
