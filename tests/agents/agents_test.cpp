// Seats played by a language model (parley agents) against the scripted
// OpenAI-compatible endpoint of tests/agents/scripted_model.py: a whole game,
// what every request holds and does not, the record, the key, refusals fed
// back, and an endpoint that fails.

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <pqxx/pqxx>
#include <sstream>

#include "cli/cli_fixture.hpp"
#include "engine/scenario_fixture.hpp"
#include "live/live_helpers.hpp"
#include "support/http_client.hpp"

using namespace parley::test;
namespace json = boost::json;

namespace {

const std::string kModel = PARLEY_SOURCE_DIR "/tests/agents/scripted_model.py";
const std::string kKey = "sk-scripted-secret-7f3a9c";

// The scripted endpoint, recording every request to a file of the fixture's.
struct ScriptedModel {
  std::filesystem::path record;
  std::unique_ptr<ChildProcess> process;
  std::string url;

  ScriptedModel(const std::filesystem::path& dir, const std::string& script = "", std::vector<std::string> tls = {})
      : record(dir / "requests.jsonl") {
    std::vector<std::string> args{kModel, "--record", record.string()};
    if (!tls.empty()) args.insert(args.end(), {"--tls", tls[0], tls[1]});
    if (!script.empty()) {
      auto file = dir / "model-script.json";
      write_file(file, script);
      args.insert(args.end(), {"--script", file.string()});
    }
    process = std::make_unique<ChildProcess>("/usr/bin/python3", args);
    auto line = process->wait_for_stdout("listening on");
    REQUIRE(line.has_value());
    url = std::string(tls.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port_from_banner(*line)) + "/v1";
  }

  // Each request as the endpoint received it: {"authorization", "body"}.
  std::vector<json::object> requests() const {
    std::vector<json::object> out;
    std::ifstream in(record);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
    return out;
  }
};

std::string seat_code(const json::object& codes, const std::string& role) {
  for (const auto& s : codes.at("seats").as_array()) {
    if (s.as_object().at("role").as_string() == role && s.as_object().at("seat").as_int64() == 0) {
      return std::string(s.as_object().at("join_code").as_string());
    }
  }
  return "";
}

std::vector<std::string> agents_args(const std::string& id, const std::string& role, const std::string& url, const std::string& token,
                                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"agents", "--session", id, "--roles", role, "--endpoint", url, "--model", "scripted", "--token", token};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Every user message a request carried, joined: what the model was told.
std::string told(const json::object& request) {
  std::string out;
  for (const auto& m : request.at("body").at("messages").as_array()) out += std::string(m.at("content").as_string()) + "\n";
  return out;
}

std::string everything_stored(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::string out;
  for (const auto& r : tx.exec("SELECT record::text FROM agent_calls")) out += r[0].as<std::string>();
  for (const auto& r : tx.exec("SELECT encode(payload, 'escape') FROM events")) out += r[0].as<std::string>();
  return out;
}

}  // namespace

TEST_CASE("a model plays a seat through a whole game, told only what its role may see, every call recorded, its key nowhere") {
  CliFixture f;
  ScriptedModel model(f.tmp.path());
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  std::map<std::string, std::string> env = f.env;
  env["PARLEY_LLM_KEY"] = kKey;
  ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white), env);
  REQUIRE(agent.wait_for_stdout("agents seated for 1 role(s)").has_value());
  ChildProcess bots(kParley, {"bots", "--session", id, "--roles", "TUR,IRN,AZE,QAT", "--seed", "3", "--token", white}, f.env);
  REQUIRE(bots.wait_for_stdout("bots seated").has_value());
  // PAK, played by a script, says one thing to KSA and one to TUR alone; the white cell keeps a note.
  ChildProcess pak(kParley, {"play", seat_code(codes, "PAK"), "--keep-going", "--script",
                             f.script("wait phase brief\nmessage KSA For Riyadh: marker-visible-4411\nmessage TUR For Ankara only: marker-hidden-9902\n"
                                      "wait phase signature\nsign\nwait end\n").string()},
                   f.env);
  auto run = f.play(white, "note white cell marker-note-5150\ntimescale 500\nstart\nwait end\n");
  CHECK_MESSAGE(run.exit_code == 0, run.out << run.err);
  CHECK_MESSAGE(agent.wait() == 0, agent.err());
  bots.wait();
  pak.wait();

  auto requests = model.requests();
  REQUIRE(requests.size() >= 3);
  // What KSA may not see: the other roles' private briefs, PAK's word to TUR, the white cell's note.
  auto scenario = load_scenario(kDefaultScenario);
  std::vector<std::string> hidden{"marker-hidden-9902", "marker-note-5150"};
  for (const auto& role : scenario.roles()) {
    if (role.id() != "KSA" && !role.private_brief().empty()) hidden.push_back(role.private_brief().substr(0, 80));
  }
  const auto* ksa = &scenario.roles(0);
  for (const auto& role : scenario.roles()) ksa = role.id() == "KSA" ? &role : ksa;
  bool heard_pak = false, own_brief = false, tools_offered = false;
  for (const auto& r : requests) {
    std::string text = json::serialize(r.at("body"));
    for (const auto& h : hidden) CHECK_MESSAGE(text.find(h) == std::string::npos, "a request told KSA: " << h);
    heard_pak = heard_pak || told(r).find("marker-visible-4411") != std::string::npos;
    own_brief = own_brief || told(r).find(ksa->private_brief().substr(0, 80)) != std::string::npos;
    tools_offered = tools_offered || r.at("body").as_object().contains("tools");
    CHECK(r.at("authorization").as_string() == "Bearer " + kKey);  // the key reaches the endpoint, and only there
  }
  CHECK(heard_pak);  // the check above can fail: what KSA may read does reach the model
  CHECK(own_brief);
  CHECK(tools_offered);

  // KSA acted in the game: its moves are in the record as any seat's.
  auto replay = f.parley({"replay", id, "--json", "--token", white});
  REQUIRE(replay.exit_code == 0);
  bool acted = false, ended = false;
  std::istringstream in(replay.out);
  for (std::string line; std::getline(in, line);) {
    auto item = json::parse(line).as_object();
    acted = acted || (item.at("actor") == "KSA" && item.at("type") != "seat_claimed");
    ended = ended || item.at("type") == "session_ended";
  }
  CHECK(acted);
  CHECK(ended);

  // The record: one entry per request, for the white cell only.
  auto calls = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "", "Authorization: Bearer " + white + "\r\n");
  REQUIRE(calls.status == 200);
  auto listed = json::parse(calls.body).at("calls").as_array();
  CHECK(listed.size() == requests.size());
  CHECK(listed[0].at("role") == "KSA");
  CHECK(listed[0].at("record").as_object().contains("request"));
  CHECK(http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "",
                     "Authorization: Bearer " + seat_code(codes, "TUR") + "\r\n").status == 401);
  // The dashboard reads one seat's latest calls: the last two, oldest first.
  auto latest = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls?role=KSA&limit=2", "", "Authorization: Bearer " + white + "\r\n");
  REQUIRE(latest.status == 200);
  auto two = json::parse(latest.body).at("calls").as_array();
  REQUIRE(two.size() == 2);
  CHECK(two[0] == listed[listed.size() - 2]);
  CHECK(two[1] == listed.back());
  auto other_role = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls?role=TUR", "", "Authorization: Bearer " + white + "\r\n");
  CHECK(json::parse(other_role.body).at("calls").as_array().empty());
  CHECK(http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls?limit=none", "", "Authorization: Bearer " + white + "\r\n").status == 400);

  // The key is in no stored row, no log line and no export.
  CHECK(everything_stored(f.db.url()).find(kKey) == std::string::npos);
  CHECK(f.server.log().find(kKey) == std::string::npos);
  CHECK(agent.err().find(kKey) == std::string::npos);
  for (const char* format : {"json", "html", "md"}) {
    auto exported = f.parley({"export", id, "--format", format, "--token", white});
    REQUIRE(exported.exit_code == 0);
    CHECK(exported.out.find(kKey) == std::string::npos);
  }
  // The review's AI section counts what the record holds; said-versus-did marks the model's seat.
  auto review = json::parse(f.parley({"export", id, "--format", "json", "--token", white}).out).as_object();
  REQUIRE(review.at("ai_seats").as_array().size() == 1);
  CHECK(review.at("ai_seats").as_array()[0].at("role") == "KSA");
  CHECK(review.at("ai_seats").as_array()[0].at("calls").as_int64() == static_cast<std::int64_t>(requests.size()));
  for (const auto& row : review.at("said_versus_did").as_array()) {
    CHECK(row.at("ai").as_bool() == (row.at("role") == "KSA"));
  }
}

TEST_CASE("bad tool calls and refusals go back to the model with the reason, and the session goes on") {
  CliFixture f;
  ScriptedModel model(f.tmp.path(), R"([
    {"call": "fly_to_geneva", "arguments": {}},
    {"call": "statement", "arguments": "{not json"},
    {"call": "vote", "arguments": {"text_id": "T404", "choice": "YES"}},
    {"prose": "We would rather reflect on this at length."},
    {"call": "send_message", "arguments": {"to": "PAK", "text": "marker-message-3141"}}
  ])");
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white, {"--retries", "4"}), f.env);
  REQUIRE(agent.wait_for_stdout("agents seated").has_value());
  REQUIRE(f.play(white, "start\n").exit_code == 0);
  REQUIRE(eventually([&] { return model.requests().size() >= 5; }));
  auto requests = model.requests();
  auto last_said = [&](std::size_t i) { return told(requests[i]); };
  CHECK(last_said(1).find("there is no tool 'fly_to_geneva'") != std::string::npos);
  CHECK(last_said(2).find("the arguments of statement are not a JSON object") != std::string::npos);
  CHECK(last_said(3).find("vote was refused") != std::string::npos);
  CHECK(last_said(4).find("called no tool") != std::string::npos);
  // The fifth call's message went through as any delegation's would.
  REQUIRE(eventually([&] {
    auto replay = f.parley({"replay", id, "--json", "--token", white});
    return replay.out.find("marker-message-3141") != std::string::npos;
  }));
  REQUIRE(f.play(white, "end done\n").exit_code == 0);
  CHECK(agent.wait() == 0);
  // This server has no model configured (unless the machine's PARLEY_LLM_URL gives it one): the
  // dashboard's call says how to configure one.
  if (std::getenv("PARLEY_LLM_URL") == nullptr) {
    auto refused = http_request(f.server.port(), "POST", "/api/sessions/" + id + "/agents", R"({"roles": ["TUR"]})",
                                "Authorization: Bearer " + white + "\r\n");
    CHECK(refused.status == 503);
    CHECK(refused.body.find("--llm-url") != std::string::npos);
  }
}

TEST_CASE("the white cell seats a model from the dashboard's call: the server's endpoint and key, a stance, a seat nobody holds") {
  TestDatabase db;
  TempDir tmp;
  ScriptedModel model(tmp.path());
  write_file(tmp / "llm-key", kKey + "\n");
  ServerProcess server(db.url(), tmp / "var", {"--llm-url", model.url, "--llm-key-file", (tmp / "llm-key").string()});
  std::map<std::string, std::string> env{{"PARLEY_SERVER", server.url()}, {"PARLEY_TOKEN", ""}};
  auto codes = create_session_at(server.port(), server.admin_token(), kDefaultScenario);
  std::string auth = "Authorization: Bearer " + codes.facilitator_token + "\r\n";
  auto path = "/api/sessions/" + codes.session_id + "/agents";
  CHECK(http_request(server.port(), "POST", path, R"({"roles": ["KSA"]})").status == 401);
  CHECK(http_request(server.port(), "POST", path, R"({"roles": ["WHITE"]})", auth).status == 400);
  CHECK(http_request(server.port(), "POST", path, R"({"roles": ["KSA"], "fallback": "panic"})", auth).status == 400);
  auto seated = http_request(server.port(), "POST", path, R"({"roles": ["KSA"], "persona": "marker-stance: cautious, flexible."})", auth);
  REQUIRE_MESSAGE(seated.status == 202, seated.body);
  // The model joins like any client, and shows on the seats board as a model.
  REQUIRE(eventually([&] {
    return http_request(server.port(), "GET", "/api/sessions/" + codes.session_id, "", auth).body.find("agent:default") != std::string::npos;
  }));
  CHECK(http_request(server.port(), "POST", path, R"({"roles": ["KSA"]})", auth).status == 409);
  write_file(tmp / "start.txt", "start\n");
  REQUIRE(run_to_completion(kParley, {"play", codes.facilitator_token, "--script", (tmp / "start.txt").string()}, env).exit_code == 0);
  REQUIRE(eventually([&] { return !model.requests().empty(); }));
  auto first = model.requests().front();
  CHECK(first.at("authorization").as_string() == "Bearer " + kKey);
  CHECK(told(first).find("Stance set by the facilitators: marker-stance: cautious, flexible.") != std::string::npos);
  CHECK(server.log().find(kKey) == std::string::npos);
}

TEST_CASE("an endpoint that hangs, answers nonsense or fails: the rule-based policy plays the seat, the reason logged once") {
  CliFixture f;
  std::string script = R"([{"hang": 3}, {"garbage": "<html>overloaded</html>"}, {"status": 401, "echo_key": true})";
  for (int i = 0; i < 300; ++i) script += R"(, {"status": 500})";
  ScriptedModel model(f.tmp.path(), script + "]");
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  std::map<std::string, std::string> env = f.env;
  env["PARLEY_LLM_KEY"] = kKey;
  ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white, {"--fallback", "bot", "--timeout", "1"}), env);
  REQUIRE(agent.wait_for_stdout("agents seated").has_value());
  REQUIRE(f.play(white, "timescale 500\nstart\nwait end\n").exit_code == 0);
  CHECK(agent.wait() == 0);
  // Each failure is recorded with its reason; the log says each reason once.
  auto calls = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "", "Authorization: Bearer " + white + "\r\n");
  REQUIRE(calls.status == 200);
  auto listed = json::parse(calls.body).at("calls").as_array();
  REQUIRE(listed.size() >= 5);
  INFO("first record: " << json::serialize(listed[0]).substr(0, 300) << " ... " << json::serialize(listed[0].at("record").as_object().if_contains("error") ? listed[0].at("record").at("error") : json::value()));
  CHECK(json::serialize(listed[0]).find("did not answer") != std::string::npos);
  CHECK(json::serialize(listed[1]).find("not JSON") != std::string::npos);
  CHECK(json::serialize(listed[2]).find("HTTP 401") != std::string::npos);
  CHECK(json::serialize(listed[2]).find("Bearer [key]") != std::string::npos);  // the endpoint echoed the key
  CHECK(json::serialize(listed[3]).find("HTTP 500") != std::string::npos);
  CHECK(listed[3].at("record").at("fallback") == "bot");
  auto err = agent.err();
  CHECK(err.find("Bearer [key]") != std::string::npos);
  CHECK(err.find(kKey) == std::string::npos);
  CHECK(err.find("HTTP 500") != std::string::npos);
  CHECK(err.find("HTTP 500") == err.rfind("HTTP 500"));
  // No model call succeeded, yet KSA played: the rule-based policy took its turns.
  auto replay = f.parley({"replay", id, "--json", "--token", white});
  bool acted = false;
  std::istringstream in(replay.out);
  for (std::string line; std::getline(in, line);) {
    auto item = json::parse(line).as_object();
    acted = acted || (item.at("actor") == "KSA" && item.at("type") != "seat_claimed");
  }
  CHECK(acted);
}

TEST_CASE("the white cell holds a model seat: propose mode waits for approval, a rejection is told to the model, a person takes over and hands back") {
  CliFixture f;
  ScriptedModel model(f.tmp.path());
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  std::string auth = "Authorization: Bearer " + white + "\r\n";
  auto base = "/api/sessions/" + id + "/agents";
  auto set_mode = [&](const std::string& mode) {
    auto r = http_request(f.server.port(), "POST", base + "/KSA/mode", R"({"mode": ")" + mode + R"("})", auth);
    REQUIRE_MESSAGE(r.status == 200, r.body);
  };
  CHECK(http_request(f.server.port(), "POST", base + "/KSA/mode", R"({"mode": "asleep"})", auth).status == 400);
  CHECK(http_request(f.server.port(), "POST", base + "/KSA/mode", R"({"mode": "act"})").status == 401);
  set_mode("propose");
  ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white), f.env);
  REQUIRE(agent.wait_for_stdout("the white cell set the seat to propose").has_value());
  REQUIRE(f.play(white, "start\n").exit_code == 0);
  // Its move waits for the white cell: proposed, not sent.
  auto pending = [&]() -> json::object {
    auto list = json::parse(http_request(f.server.port(), "GET", base, "", auth).body).at("proposals").as_array();
    for (const auto& p : list) {
      if (p.at("status") == "pending") return p.as_object();
    }
    return {};
  };
  REQUIRE(eventually([&] { return !pending().empty(); }));
  auto first = pending();
  CHECK(first.at("role") == "KSA");
  CHECK(first.at("tool") == "send_message");
  auto said = [&](const std::string& words) {
    auto replay = f.parley({"replay", id, "--json", "--token", white});
    return replay.out.find(words) != std::string::npos;
  };
  CHECK_FALSE(said("Scripted words on text"));
  auto decide = [&](std::int64_t n, const char* decision) {
    return http_request(f.server.port(), "POST", base + "/proposals/" + std::to_string(n), std::string(R"({"decision": ")") + decision + R"("})", auth);
  };
  REQUIRE(decide(first.at("id").as_int64(), "approve").status == 200);
  CHECK(decide(first.at("id").as_int64(), "reject").status == 409);  // decided once
  REQUIRE(eventually([&] { return said("Scripted words on text"); }));

  // A rejected proposal is told to the model at its next decision.
  auto pak = seat_code(codes, "PAK");
  REQUIRE(f.play(pak, "message KSA A word from Islamabad.\n").exit_code == 0);
  REQUIRE(eventually([&] { return !pending().empty(); }));
  REQUIRE(decide(pending().at("id").as_int64(), "reject").status == 200);
  auto before = model.requests().size();
  REQUIRE(f.play(pak, "message KSA Another word.\n").exit_code == 0);
  REQUIRE(eventually([&] {
    auto r = model.requests();
    return r.size() > before && told(r.back()).find("the white cell rejected your proposed send_message") != std::string::npos;
  }));

  // Taken over: what it still proposed is set aside, the model does nothing while a person plays the seat;
  // handed back, it plays again and is told its proposal was set aside.
  REQUIRE(eventually([&] { return !pending().empty(); }));
  auto left_waiting = pending().at("id").as_int64();
  set_mode("human");
  CHECK(pending().empty());
  auto status_of = [&](std::int64_t n) {
    auto listed = json::parse(http_request(f.server.port(), "GET", base, "", auth).body);
    for (const auto& p : listed.at("proposals").as_array()) {
      if (p.at("id").as_int64() == n) return std::string(p.at("status").as_string());
    }
    return std::string();
  };
  CHECK(status_of(left_waiting) == "withdrawn");
  CHECK(decide(left_waiting, "approve").status == 409);
  auto ksa_code = seat_code(codes, "KSA");
  auto late = http_request(f.server.port(), "POST", base + "/KSA/proposals", R"({"tool": "wait", "arguments": "{}"})",
                           "Authorization: Bearer " + ksa_code + "\r\n");
  CHECK(late.status == 409);  // a proposal arriving after the change of mode is refused, not left waiting
  REQUIRE(agent.wait_for_stdout("the white cell set the seat to human").has_value());
  auto while_human = model.requests().size();
  REQUIRE(f.play(pak, "message KSA Who is there now?\n").exit_code == 0);
  REQUIRE(f.play(ksa_code, "message PAK marker-person-2718\n").exit_code == 0);
  REQUIRE(eventually([&] { return said("marker-person-2718"); }));
  CHECK(model.requests().size() == while_human);
  set_mode("act");
  REQUIRE(agent.wait_for_stdout("the white cell set the seat to act").has_value());
  REQUIRE(f.play(pak, "message KSA Welcome back.\n").exit_code == 0);
  REQUIRE(eventually([&] { return model.requests().size() > while_human; }));
  CHECK(told(model.requests().at(while_human)).find("was set aside; decide again") != std::string::npos);
  REQUIRE(f.play(white, "end done\n").exit_code == 0);
  CHECK(agent.wait() == 0);
}

TEST_CASE("a hosted endpoint over https: the model is reached when its certificate is trusted, refused with the reason when not") {
  CliFixture f;
  auto cert = (f.tmp / "model.pem").string(), key = (f.tmp / "model.key").string();
  auto made = run_to_completion("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  ScriptedModel model(f.tmp.path(), "", {cert, key});
  REQUIRE(model.url.rfind("https://", 0) == 0);
  auto run = [&](std::map<std::string, std::string> env) {
    auto codes = f.create_session("collective-security-pact");
    std::string id(codes.at("session_id").as_string());
    std::string white(codes.at("facilitator_token").as_string());
    for (const auto& [k, v] : f.env) env.emplace(k, v);
    ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white), env);
    REQUIRE(agent.wait_for_stdout("agents seated").has_value());
    REQUIRE(f.play(white, "start\n").exit_code == 0);
    std::string record;
    REQUIRE(eventually([&] {
      auto calls = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "", "Authorization: Bearer " + white + "\r\n");
      record = calls.body;
      return calls.status == 200 && json::parse(calls.body).at("calls").as_array().size() > 0;
    }));
    REQUIRE(f.play(white, "end done\n").exit_code == 0);
    agent.wait();
    return record;
  };
  // Trusted (SSL_CERT_FILE is OpenSSL's own way to add a certificate): the call goes through.
  auto trusted = run({{"SSL_CERT_FILE", cert}});
  CHECK(trusted.find("\"error\"") == std::string::npos);
  CHECK(model.requests().size() >= 1);
  // Not trusted: no request reaches the endpoint, and the record says why.
  auto before = model.requests().size();
  auto refused = run({});
  CHECK(refused.find("certificate verify failed") != std::string::npos);
  CHECK(model.requests().size() == before);
}

TEST_CASE("a rehearsal with a model seat: games played in memory, the model told only its role's view, a bad --agents refused") {
  TempDir tmp;
  ScriptedModel model(tmp.path());
  const std::string scenario = PARLEY_SOURCE_DIR "/scenarios/collective-security-pact.textproto";
  auto kept = (tmp / "calls.jsonl").string();
  std::map<std::string, std::string> env{{"PARLEY_LLM_KEY", kKey}};
  auto run = run_to_completion(kParley, {"rehearse", scenario, "--runs", "2", "--jobs", "2", "--json", "--agents", "KSA=" + model.url,
                                         "--agent-record", kept}, env);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  auto report = json::parse(run.out).as_object();
  CHECK(json::serialize(report).find("\"runs\":2") != std::string::npos);
  CHECK(run.err.find("calls to the models") != std::string::npos);
  auto requests = model.requests();
  REQUIRE(requests.size() >= 2);
  auto full = load_scenario(kDefaultScenario);
  for (const auto& r : requests) {
    auto text = told(r);
    for (const auto& role : full.roles()) {
      if (role.private_brief().empty()) continue;
      CHECK((text.find(role.private_brief().substr(0, 60)) != std::string::npos) == (role.id() == "KSA"));
    }
  }
  // Every call the endpoint answered is kept, one line each, with its game's seed and the request as sent; no key.
  std::ifstream lines(kept);
  std::vector<json::object> record;
  for (std::string line; std::getline(lines, line);) record.push_back(json::parse(line).as_object());
  CHECK(record.size() == requests.size());
  std::set<std::string> games, asked;
  for (const auto& r : requests) asked.insert(json::serialize(r.at("body").at("messages")));
  for (const auto& r : record) {
    CHECK(r.at("role") == "KSA");
    CHECK(r.contains("answer"));
    CHECK(asked.count(json::serialize(r.at("request").at("messages"))) == 1);  // the request as the endpoint got it
    games.insert(json::serialize(r.at("game_seed")));
  }
  CHECK(games.size() == 2);
  CHECK(read_file(kept).find(kKey) == std::string::npos);
  auto bad = run_to_completion(kParley, {"rehearse", scenario, "--runs", "1", "--agents", "WHITE=" + model.url});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--agents takes ROLE=URL") != std::string::npos);
}

TEST_CASE("a model without tool calling answers in the JSON-only format; a failing endpoint with the default fallback leaves the seat waiting") {
  CliFixture f;
  ScriptedModel model(f.tmp.path(), R"([{"status": 500}, {"status": 500}])");
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  ChildProcess agent(kParley, agents_args(id, "KSA", model.url, white, {"--no-tools", "--concurrency", "1"}), f.env);
  REQUIRE(agent.wait_for_stdout("agents seated").has_value());
  REQUIRE(f.play(white, "start\n").exit_code == 0);
  auto ksa_moves = [&] {
    int n = 0;
    std::istringstream in(f.parley({"replay", id, "--json", "--token", white}).out);
    for (std::string line; std::getline(in, line);) {
      auto item = json::parse(line).as_object();
      n += item.at("actor") == "KSA" && item.at("type") != "seat_claimed" ? 1 : 0;
    }
    return n;
  };
  // Two failures: recorded, the seat waits (no move of its own meanwhile).
  auto pak = seat_code(codes, "PAK");
  REQUIRE(eventually([&] { return model.requests().size() >= 1; }));
  REQUIRE(f.play(pak, "message KSA Are you there?\n").exit_code == 0);
  REQUIRE(eventually([&] { return model.requests().size() >= 2; }));
  CHECK(ksa_moves() == 0);
  // Then the model answers, in text: the calls in its JSON become moves.
  REQUIRE(f.play(pak, "message KSA And now?\n").exit_code == 0);
  REQUIRE(eventually([&] { return ksa_moves() > 0; }));
  for (const auto& r : model.requests()) {
    CHECK_FALSE(r.at("body").as_object().contains("tools"));
    CHECK(told(r).find("Answer with one JSON object and nothing else") != std::string::npos);
  }
  auto calls = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "", "Authorization: Bearer " + white + "\r\n");
  auto listed = json::parse(calls.body).at("calls").as_array();
  REQUIRE(listed.size() >= 3);
  CHECK(listed[0].at("record").at("fallback") == "wait");
  CHECK(listed[0].at("record").at("settings").at("tool_calling") == false);
  REQUIRE(f.play(white, "end done\n").exit_code == 0);
  CHECK(agent.wait() == 0);
}

// Against a real model, only where one is configured: PARLEY_LLM_URL (and PARLEY_LLM_MODEL,
// PARLEY_LLM_KEY as the endpoint needs). Skipped on machines without one, as in CI.
TEST_CASE("smoke: a real model endpoint plays a seat's first turn" * doctest::skip(std::getenv("PARLEY_LLM_URL") == nullptr)) {
  CliFixture f;
  auto codes = f.create_session("collective-security-pact");
  std::string id(codes.at("session_id").as_string());
  std::string white(codes.at("facilitator_token").as_string());
  const char* model_name = std::getenv("PARLEY_LLM_MODEL");
  ChildProcess agent(kParley,
                     {"agents", "--session", id, "--roles", "KSA", "--endpoint", std::getenv("PARLEY_LLM_URL"), "--model",
                      model_name ? model_name : "default", "--timeout", "120", "--token", white},
                     f.env);
  REQUIRE(agent.wait_for_stdout("agents seated").has_value());
  REQUIRE(f.play(white, "start\n").exit_code == 0);
  json::array listed;
  REQUIRE(eventually(
      [&] {
        auto calls = http_request(f.server.port(), "GET", "/api/sessions/" + id + "/agent-calls", "", "Authorization: Bearer " + white + "\r\n");
        listed = json::parse(calls.body).at("calls").as_array();
        return !listed.empty();
      },
      1800));
  INFO(json::serialize(listed[0]).substr(0, 2000));
  CHECK_FALSE(listed[0].at("record").as_object().contains("error"));
  REQUIRE(f.play(white, "end done\n").exit_code == 0);
  agent.wait();
}
