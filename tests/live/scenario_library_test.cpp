// The scenario library over HTTP against a real server and database: an
// author uploads a scenario, is told every problem with its path and line,
// saves versions (two authors cannot overwrite each other), publishes and
// archives, and a facilitator creates sessions from it without a restart; a
// session keeps the version it was created from whatever is edited later.

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

using namespace parley::test;
namespace json = boost::json;

namespace {

std::string shipped(const std::string& name) {
  std::ifstream in(PARLEY_SOURCE_DIR "/scenarios/" + name + ".textproto");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The river basin scenario under another id and title: an author's own case.
std::string own_case(const std::string& id, const std::string& title) {
  auto text = shipped("river-basin-accord");
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("id: \"river-basin-accord\"", "id: \"" + id + "\"");
  replace("title: \"The Tessaro River Basin Accord\"", "title: \"" + title + "\"");
  return text;
}

struct Library {
  Library() : server(db.url(), tmp / "var") {}
  std::string auth() const { return "Authorization: Bearer " + server.admin_token() + "\r\n"; }
  HttpReply post(const std::string& path, const std::string& body, const std::string& type = "text/plain") const {
    return http_request(server.port(), "POST", path, body, auth() + "Content-Type: " + type + "\r\n");
  }
  HttpReply get(const std::string& path) const { return http_request(server.port(), "GET", path, "", auth()); }
  json::object ok(const HttpReply& r, int status) const {
    INFO(r.body);
    REQUIRE(r.status == status);
    return json::parse(r.body).as_object();
  }
  // The library's listing entry for id, or nothing.
  std::optional<json::object> listed(const std::string& id, bool all) const {
    auto r = all ? get("/api/scenarios?all=1") : http_get(server.port(), "/api/scenarios");
    auto list = ok(r, 200);
    for (const auto& s : list.at("scenarios").as_array()) {
      if (s.at("id").as_string() == id) return s.as_object();
    }
    return std::nullopt;
  }
  HttpReply create_session(const std::string& body) const { return http_request(server.port(), "POST", "/api/sessions", body, auth()); }
  json::object review(const json::object& session) const {
    auto r = http_request(server.port(), "GET", "/api/sessions/" + std::string(session.at("session_id").as_string()) + "/review?format=json",
                          "", "Authorization: Bearer " + std::string(session.at("facilitator_token").as_string()) + "\r\n");
    return ok(r, 200);
  }
  TestDatabase db;
  TempDir tmp;
  ServerProcess server;
};

json::array problems_of(const json::object& refusal) { return refusal.at("problems").as_array(); }

bool has_problem(const json::array& problems, const std::string& path_part, int line) {
  for (const auto& p : problems) {
    const auto& o = p.as_object();
    bool path = std::string(o.at("path").as_string()).find(path_part) != std::string::npos;
    bool at = line == 0 ? o.at("line").is_null() : (o.at("line").is_int64() && o.at("line").as_int64() == line);
    if (path && at) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an uploaded scenario is a draft until published, then sessions are created from it without a restart") {
  Library lib;
  auto saved = lib.ok(lib.post("/api/scenarios?author=Dr%20Okafor", own_case("tessaro-copy", "Tessaro, our version")), 201);
  CHECK(saved.at("id").as_string() == "tessaro-copy");
  CHECK(saved.at("version").as_int64() == 1);
  CHECK(saved.at("state").as_string() == "draft");
  CHECK(saved.at("author").as_string() == "Dr Okafor");

  // A draft is the author's: not offered to everyone, not used when no version is named.
  CHECK_FALSE(lib.listed("tessaro-copy", false));
  REQUIRE(lib.listed("tessaro-copy", true));
  CHECK(lib.listed("tessaro-copy", true)->at("state").as_string() == "draft");
  auto unpublished = lib.create_session(R"({"scenario": "tessaro-copy"})");
  CHECK(unpublished.status == 404);
  CHECK(unpublished.body.find("no published version") != std::string::npos);

  auto published = lib.ok(lib.post("/api/scenarios/tessaro-copy/publish", ""), 200);
  CHECK(published.at("state").as_string() == "published");
  auto entry = lib.listed("tessaro-copy", false);
  REQUIRE(entry);
  CHECK(entry->at("title").as_string() == "Tessaro, our version");
  CHECK(entry->at("origin").as_string() == "library");
  CHECK(entry->at("published_version").as_int64() == 1);
  CHECK(entry->at("roles").as_array().size() >= 3);
  auto session = lib.ok(lib.create_session(R"({"scenario": "tessaro-copy", "title": "Seminar A"})"), 201);
  auto review = lib.review(session);
  CHECK(review.at("scenario").as_string() == "tessaro-copy");
  CHECK(review.at("scenario_version").as_int64() == 1);

  // The shipped files stay listed, read-only.
  REQUIRE(lib.listed("collective-security-pact", false));
  CHECK(lib.listed("collective-security-pact", false)->at("origin").as_string() == "shipped");
  auto clash = lib.post("/api/scenarios", shipped("river-basin-accord"));
  CHECK(clash.status == 409);
  CHECK(clash.body.find("shipped") != std::string::npos);

  // Still there after a restart.
  lib.server.stop();
  lib.server.start();
  REQUIRE(lib.listed("tessaro-copy", false));
  lib.ok(lib.create_session(R"({"scenario": "tessaro-copy"})"), 201);
}

TEST_CASE("versions: an edit names the version it was made from, a stale one is refused, sessions keep theirs") {
  Library lib;
  lib.ok(lib.post("/api/scenarios?publish=1", own_case("tessaro-v", "First title")), 201);
  auto first = lib.ok(lib.create_session(R"({"scenario": "tessaro-v"})"), 201);

  // Two authors both edit version 1: the first save wins, the second is told why.
  auto second = lib.ok(lib.post("/api/scenarios?base=1", own_case("tessaro-v", "Second title")), 201);
  CHECK(second.at("version").as_int64() == 2);
  CHECK(second.at("state").as_string() == "draft");
  auto stale = lib.post("/api/scenarios?base=1", own_case("tessaro-v", "Lost edit"));
  CHECK(stale.status == 409);
  CHECK(stale.body.find("version 2") != std::string::npos);
  auto blind = lib.post("/api/scenarios", own_case("tessaro-v", "Blind overwrite"));
  CHECK(blind.status == 409);
  CHECK(lib.post("/api/scenarios/tessaro-v/publish", R"({"version": 1})").status == 409);

  // Until version 2 is published, new sessions get version 1.
  auto still_first = lib.ok(lib.create_session(R"({"scenario": "tessaro-v"})"), 201);
  CHECK(lib.review(still_first).at("scenario_title").as_string() == "First title");
  lib.ok(lib.post("/api/scenarios/tessaro-v/publish", R"({"version": 2})"), 200);
  auto later = lib.ok(lib.create_session(R"({"scenario": "tessaro-v"})"), 201);
  CHECK(lib.review(later).at("scenario_title").as_string() == "Second title");
  CHECK(lib.review(later).at("scenario_version").as_int64() == 2);
  // The session made before the edit keeps its version.
  CHECK(lib.review(first).at("scenario_title").as_string() == "First title");
  CHECK(lib.review(first).at("scenario_version").as_int64() == 1);
  // A named older version can still be played.
  auto named = lib.ok(lib.create_session(R"({"scenario": "tessaro-v", "version": 1})"), 201);
  CHECK(lib.review(named).at("scenario_title").as_string() == "First title");

  // Read back as text (comments kept) and as JSON; the JSON saved again is the next version.
  auto text = lib.get("/api/scenarios/tessaro-v?version=1");
  CHECK(text.status == 200);
  CHECK(text.header("x-parley-scenario-version") == "1");
  CHECK(text.body.find("# A small scenario of a different shape") != std::string::npos);
  auto as_json = lib.ok(lib.get("/api/scenarios/tessaro-v?format=json"), 200);
  CHECK(as_json.at("version").as_int64() == 2);
  json::object scenario = as_json.at("scenario").as_object();
  scenario["title"] = "Third title";
  auto third = lib.ok(lib.post("/api/scenarios?base=2", json::serialize(scenario), "application/json"), 201);
  CHECK(third.at("version").as_int64() == 3);
  CHECK(lib.get("/api/scenarios/tessaro-v?version=9").status == 404);
}

TEST_CASE("a scenario with problems is refused with every problem, its field path and line, and nothing is stored") {
  Library lib;
  auto text = own_case("broken-case", "Broken");
  // Two mistakes: a weight that breaks the sum, a red line naming no option.
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("issues { issue: \"W\" weight: 30", "issues { issue: \"W\" weight: 35");
  replace("red_lines: [\"D2\"]", "red_lines: [\"D9\"]");
  auto weight_line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(text.find("weight: 35")), '\n')) + 1;
  auto red_line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(text.find("\"D9\"")), '\n')) + 1;

  for (const char* path : {"/api/scenarios", "/api/scenarios/validate"}) {
    INFO(path);
    auto refused = lib.ok(lib.post(path, text), 422);
    auto problems = problems_of(refused);
    CHECK(problems.size() >= 2);
    CHECK(has_problem(problems, "roles[UPR].profile", weight_line));
    CHECK(has_problem(problems, "red_lines", red_line));
    CHECK(std::string(refused.at("error").as_string()).find("problems") != std::string::npos);
  }
  CHECK_FALSE(lib.listed("broken-case", true));

  auto syntax = problems_of(lib.ok(lib.post("/api/scenarios/validate", "id: \"x\"\nroles { id: \"A\" kind: NOT_A_KIND }\n"), 422));
  CHECK(has_problem(syntax, "syntax", 2));

  // JSON: the same checks, by field path (JSON has no lines to give).
  auto shipped_json = lib.ok(lib.get("/api/scenarios/river-basin-accord?format=json"), 200);
  auto as_json = shipped_json.at("scenario").as_object();
  as_json["id"] = "json-case";
  as_json["roles"].as_array()[0].as_object()["profile"].as_object()["batna"] = 500;
  auto json_refusal = problems_of(lib.ok(lib.post("/api/scenarios", json::serialize(as_json), "application/json"), 422));
  CHECK(has_problem(json_refusal, "batna", 0));
  auto empty = problems_of(lib.ok(lib.post("/api/scenarios", "  \n"), 422));
  REQUIRE(empty.size() == 1);
  CHECK(std::string(empty[0].at("message").as_string()).find("the body is empty") != std::string::npos);
  auto one_line = problems_of(lib.ok(lib.post("/api/scenarios", "# a comment id: \"x\" title: \"X\""), 422));
  CHECK(std::string(one_line[0].at("message").as_string()).find("--data-binary") != std::string::npos);
  auto xml = lib.post("/api/scenarios", "<scenario/>", "application/xml");
  CHECK(xml.status == 415);
  CHECK(xml.body.find("text/plain") != std::string::npos);
  auto not_json = problems_of(lib.ok(lib.post("/api/scenarios", "{\"id\": ", "application/json"), 422));
  CHECK(has_problem(not_json, "syntax", 0));
  auto unknown_field = problems_of(lib.ok(lib.post("/api/scenarios", R"({"id": "x", "colour": "red"})", "application/json"), 422));
  CHECK(has_problem(unknown_field, "syntax", 0));

  // Over 2 MB: refused before it is read, with the limit named.
  auto huge = lib.post("/api/scenarios", std::string(3 << 20, '#'));
  CHECK(huge.status == 413);
  CHECK(huge.body.find("2097152") != std::string::npos);
  CHECK_FALSE(lib.listed("json-case", true));
}

TEST_CASE("validate answers the analysis; rehearse plays bot games; both need the admin token") {
  Library lib;
  auto valid = lib.ok(lib.post("/api/scenarios/validate", own_case("analysed", "Analysed")), 200);
  CHECK(valid.at("valid").as_bool());
  const auto& analysis = valid.at("analysis").as_object();
  CHECK(analysis.at("space_size").as_double() > 1);
  CHECK(analysis.at("frontier_size").as_int64() >= 1);
  CHECK(!analysis.at("nash").as_array().empty());
  CHECK(analysis.at("extremes").as_array().size() == 3);  // one per delegation
  CHECK_FALSE(lib.listed("analysed", true));  // validating stores nothing

  auto draft = lib.ok(lib.post("/api/scenarios/rehearse?runs=6&seed=3", own_case("analysed", "Analysed")), 200);
  CHECK(draft.at("runs").as_int64() == 6);
  CHECK(draft.at("played").as_int64() + draft.at("errors").as_int64() == 6);
  lib.ok(lib.post("/api/scenarios?publish=1", own_case("rehearsed", "Rehearsed")), 201);
  auto stored = lib.ok(lib.post("/api/scenarios/rehearsed/rehearse", R"({"runs": 6, "seed": 3})", "application/json"), 200);
  CHECK(stored.at("scenario").as_string() == "rehearsed");
  // The same seed plays the same games.
  CHECK(json::serialize(stored.at("signatory_sets")) == json::serialize(draft.at("signatory_sets")));
  CHECK(lib.post("/api/scenarios/rehearsed/rehearse", R"({"runs": 0})", "application/json").status == 400);
  CHECK(lib.post("/api/scenarios/rehearsed/rehearse", R"({"runs": 1e9})", "application/json").status == 400);

  for (const char* path : {"/api/scenarios", "/api/scenarios/validate", "/api/scenarios/rehearse", "/api/scenarios/rehearsed/publish"}) {
    INFO(path);
    auto r = http_request(lib.server.port(), "POST", path, own_case("sneaky", "Sneaky"));
    CHECK(r.status == 401);
    CHECK(r.body.find("admin token") != std::string::npos);
  }
  CHECK(http_get(lib.server.port(), "/api/scenarios/rehearsed").status == 401);  // private briefs inside
  CHECK(http_get(lib.server.port(), "/api/scenarios?all=1").status == 401);
}

TEST_CASE("an archived scenario is no longer offered; sessions already created from it go on") {
  Library lib;
  lib.ok(lib.post("/api/scenarios?publish=1", own_case("to-archive", "Archived later")), 201);
  auto session = lib.ok(lib.create_session(R"({"scenario": "to-archive"})"), 201);
  auto archived = lib.ok(lib.post("/api/scenarios/to-archive/archive", ""), 200);
  CHECK(archived.at("state").as_string() == "archived");
  CHECK_FALSE(lib.listed("to-archive", false));
  CHECK(lib.listed("to-archive", true)->at("state").as_string() == "archived");
  auto refused = lib.create_session(R"({"scenario": "to-archive"})");
  CHECK(refused.status == 409);
  CHECK(refused.body.find("is archived") != std::string::npos);
  auto unknown = lib.create_session(R"({"scenario": "never-written"})");
  CHECK(unknown.status == 404);
  CHECK(unknown.body.find("no scenario 'never-written'") != std::string::npos);
  auto named = lib.create_session(R"({"scenario": "to-archive", "version": 1})");
  CHECK(named.status == 409);
  CHECK(named.body.find("archived") != std::string::npos);
  // The session made before goes on with its copy.
  CHECK(lib.review(session).at("scenario_title").as_string() == "Archived later");
  CHECK(lib.post("/api/scenarios/no-such/archive", "").status == 404);
  CHECK(lib.post("/api/scenarios/collective-security-pact/archive", "").status == 409);
  // Published again, it is offered again.
  lib.ok(lib.post("/api/scenarios/to-archive/publish", ""), 200);
  lib.ok(lib.create_session(R"({"scenario": "to-archive"})"), 201);
}

TEST_CASE("parley scenario push, list, publish and pull drive the library from a terminal") {
  Library lib;
  std::map<std::string, std::string> env{{"PARLEY_SERVER", lib.server.url()}, {"PARLEY_TOKEN", lib.server.admin_token()}};
  auto parley = [&](std::vector<std::string> args) { return run_to_completion(PARLEY_CLIENT_BINARY, args, env); };
  auto file = lib.tmp / "case.textproto";
  write_file(file, own_case("terminal-case", "From a terminal"));

  auto pushed = parley({"scenario", "push", file.string(), "--author", "A. Author"});
  INFO(pushed.out << pushed.err);
  CHECK(pushed.exit_code == 0);
  CHECK(pushed.out.find("terminal-case version 1 (draft)") != std::string::npos);
  auto again = parley({"scenario", "push", file.string()});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("--base") == std::string::npos);  // the server's sentence, not the option's name
  CHECK(again.err.find("base 1") != std::string::npos);
  CHECK(parley({"scenario", "push", file.string(), "--base", "1", "--publish"}).out.find("version 2 (published)") != std::string::npos);

  auto listed = parley({"scenario", "list"});
  INFO(listed.out << listed.err);
  CHECK(listed.out.find("terminal-case  v2  published  From a terminal") != std::string::npos);
  auto published = parley({"scenario", "archive", "terminal-case"});
  CHECK(published.out.find("archived") != std::string::npos);
  CHECK(parley({"scenario", "list"}).out.find("terminal-case") == std::string::npos);
  CHECK(parley({"scenario", "pull", "terminal-case", "--version", "1"}).out.find("From a terminal") != std::string::npos);

  // A broken file: every problem with its line, as `scenario check` prints them.
  auto broken = lib.tmp / "broken.textproto";
  auto text = own_case("broken-terminal", "Broken");
  text.replace(text.find("red_lines: [\"D2\"]"), 17, "red_lines: [\"D9\"]");
  write_file(broken, text);
  auto refused = parley({"scenario", "push", broken.string()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find(broken.string() + ":") != std::string::npos);
  CHECK(refused.err.find("red_lines") != std::string::npos);
}

TEST_CASE("an author token the admin issues writes the library under the author's name, and does nothing else") {
  Library lib;
  auto issued = lib.ok(http_request(lib.server.port(), "POST", "/api/authors", R"({"name": "Prof. Amara Diallo"})", lib.auth()), 201);
  std::string token(issued.at("author_token").as_string());
  std::string as_author = "Authorization: Bearer " + token + "\r\n";
  CHECK(http_request(lib.server.port(), "POST", "/api/authors", R"({"name": "Sneaky"})", as_author).status == 401);
  CHECK(http_request(lib.server.port(), "POST", "/api/authors", R"({"name": ""})", lib.auth()).status == 400);

  auto saved = http_request(lib.server.port(), "POST", "/api/scenarios?author=Someone%20Else", own_case("authored", "Authored"), as_author);
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  CHECK(json::parse(saved.body).at("author").as_string() == "Prof. Amara Diallo");  // the token names the author
  CHECK(http_request(lib.server.port(), "POST", "/api/scenarios/authored/publish", "", as_author).status == 200);
  CHECK(http_request(lib.server.port(), "GET", "/api/scenarios?all=1", "", as_author).status == 200);
  // Sessions are the admin's: an author token does not create them.
  CHECK(http_request(lib.server.port(), "POST", "/api/sessions", R"({"scenario": "authored"})", as_author).status == 401);
  auto unknown = http_request(lib.server.port(), "POST", "/api/scenarios/validate", own_case("x1", "X"), "Authorization: Bearer not-a-token\r\n");
  CHECK(unknown.status == 401);
  CHECK(unknown.body.find("neither the admin token nor an author token") != std::string::npos);

  // The token is stored (as a hash): it still works after a restart.
  lib.server.stop();
  lib.server.start();
  CHECK(http_request(lib.server.port(), "POST", "/api/scenarios/authored/archive", "", as_author).status == 200);
}
