#include "http/scenario_api.hpp"

#include <boost/json.hpp>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "http/http_reply.hpp"
#include "engine/scenario_parser.hpp"
#include "engine/text_check.hpp"
#include "review/scenario_summary.hpp"

namespace parley::app {
namespace json = boost::json;

namespace {

constexpr std::uint64_t kMaxVersion = 1'000'000'000;

bool is_json(const net::HttpRequest& req) { return req.header("content-type").rfind("application/json", 0) == 0; }

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

engine::ParsedScenario parse_body(const net::HttpRequest& req) {
  if (blank(req.body)) {
    engine::ParsedScenario empty;
    empty.problems.push_back({0, "syntax", "the body is empty: send a scenario in protobuf text format (text/plain) or JSON (application/json)"});
    return empty;
  }
  auto parsed = is_json(req) ? engine::parse_scenario_json(req.body) : engine::parse_scenario(req.body);
  // curl -d drops line breaks, so a leading comment swallows the whole file.
  if (!parsed.ok() && !is_json(req) && req.body.find('\n') == std::string::npos && req.body.rfind('#', 0) == 0) {
    parsed.problems.insert(parsed.problems.begin(), {1, "syntax", "the text is one line that starts with a comment, so all of it reads as "
                                                               "the comment: send the file with its line breaks (curl --data-binary @FILE)"});
  }
  return parsed;
}

// Text format (text/plain, or no type) or protobuf JSON; anything else is refused before it is read.
bool readable_type(const net::HttpRequest& req) {
  auto type = req.header("content-type");
  return type.empty() || type.rfind("text/plain", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/x-www-form-urlencoded", 0) == 0;  // curl -d's default
}

// Text for a JSON answer: a problem may quote what the author sent, which need not be UTF-8.
std::string printable(const std::string& text) {
  if (engine::valid_utf8(text)) return text;
  std::string out;
  for (unsigned char c : text) out += c < 0x80 ? static_cast<char>(c) : '?';
  return out;
}

json::array problems_json(const engine::ScenarioProblems& problems) {
  json::array out;
  for (const auto& p : problems) {
    json::object o{{"path", printable(p.path)}, {"message", printable(p.message)}};
    o["line"] = p.line > 0 ? json::value(p.line) : json::value(nullptr);
    out.push_back(std::move(o));
  }
  return out;
}

json::object refusal_json(const engine::ScenarioProblems& problems) {
  std::string first = printable(problems.front().format("scenario"));
  std::string count = std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems");
  return {{"error", "the scenario has " + count + "; the first: " + first},
          {"code", code_name(ErrorCode::unusable)},
          {"problems", problems_json(problems)}};
}

net::HttpResponse unusable(const engine::ScenarioProblems& problems) { return reply(http_status(ErrorCode::unusable), refusal_json(problems)); }

// The scenario in protobuf JSON (field names in lowerCamelCase), as the studio edits it.
// null when it cannot be printed (the validator refuses text that is not UTF-8 before this).
json::value scenario_json(const parley::v1::Scenario& scenario) {
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(scenario, &text, google::protobuf::util::JsonPrintOptions{}).ok()) return nullptr;
  json::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

bool read_whole(const engine::ParsedScenario& parsed) {
  for (const auto& p : parsed.problems) {
    if (p.path == "syntax") return false;
  }
  return true;
}

json::object version_json(const storage::ScenarioVersion& v) {
  return {{"id", v.id}, {"version", v.version}, {"state", v.state}, {"author", v.author}, {"created_at", v.created_at}};
}

json::object entry_json(const LibraryEntry& e) {
  const auto& s = e.index->scenario();
  json::array roles;
  for (const auto& r : s.roles()) {
    roles.push_back(json::object{{"id", r.id()}, {"name", r.name()}, {"kind", parley::v1::RoleKind_Name(r.kind())}});
  }
  auto out = version_json(e.row);
  out["title"] = s.title();
  out["summary"] = s.summary();
  out["roles"] = roles;
  out["origin"] = e.shipped ? "shipped" : "library";
  out["published_version"] = e.shipped ? 0 : e.row.published;
  return out;
}

// ?version=V: a whole number, 0 when absent. False when it is something else.
bool version_param(const net::HttpRequest& req, int& out) {
  std::uint64_t v = 0;
  if (!whole(query_param(req.target, "version"), v) || v > kMaxVersion) return false;
  out = static_cast<int>(v);
  return true;
}

// runs and seed from a JSON body or the query; a sentence when they are wrong.
std::optional<std::string> rehearsal_params(const json::object& body, const net::HttpRequest& req, int& runs, std::uint64_t& seed) {
  std::uint64_t r = 100;
  auto bad = std::optional<std::string>("runs must be a whole number from 1 to " + std::to_string(ScenarioJobs::kMaxRuns) +
                                        " and seed a whole number");
  if (auto* v = body.if_contains("runs")) {
    auto n = count_in(*v, ScenarioJobs::kMaxRuns);
    if (!n) return bad;
    r = *n;
  } else if (!whole(query_param(req.target, "runs"), r)) {
    return bad;
  }
  if (auto* v = body.if_contains("seed")) {
    auto n = count_in(*v, std::uint64_t{1} << 53);
    if (!n) return bad;
    seed = *n;
  } else if (!whole(query_param(req.target, "seed"), seed)) {
    return bad;
  }
  if (r < 1 || r > static_cast<std::uint64_t>(ScenarioJobs::kMaxRuns)) return bad;
  runs = static_cast<int>(r);
  return std::nullopt;
}

// The body of a publish, archive or rehearse call: a JSON object, or nothing at all.
std::optional<json::object> body_object(const net::HttpRequest& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object{};
  json::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.as_object();
}

}  // namespace

// The admin, or an author the admin issued a token to (looked up once, then remembered).
void ScenarioApi::authorise(const net::HttpRequest& req, const net::HttpResponder& respond, const std::string& what,
                            std::function<void(const std::string& author)> then) {
  if (is_admin_(req)) {
    auto named = query_param(req.target, "author");
    return then(named.empty() ? "admin" : named);
  }
  auto token = bearer(req);
  if (token.empty()) {
    return respond(problem(ErrorCode::unauthorized, what + " needs the admin token or an author token ('Authorization: Bearer <token>')"));
  }
  library_.author_of(token, [respond, what, then = std::move(then)](Result<std::optional<std::string>> author) {
    if (!author) return respond(problem(author.error()));
    if (!author.value()) return respond(problem(ErrorCode::unauthorized, "that token is neither the admin token nor an author token; " + what + " needs one"));
    then(*author.value());
  });
}

void ScenarioApi::handle(const std::string& path, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto only = [&](const char* method) {
    if (req.method == method) return true;
    respond(problem(ErrorCode::not_allowed, std::string("use ") + method + " for " + path));
    return false;
  };
  // The request outlives this call when an author's token is looked up first.
  auto r = std::make_shared<const net::HttpRequest>(req);
  auto as_author = [&](const std::string& what, std::function<void(const std::string&)> then) { authorise(*r, respond, what, std::move(then)); };
  // Parsing, validating and analysing take milliseconds to seconds: on the analysis thread.
  auto typed = [&] {
    if (readable_type(req)) return true;
    respond(problem(ErrorCode::unsupported, "send the scenario as text/plain (protobuf text format) or application/json, not " + req.header("content-type")));
    return false;
  };
  // A job that throws has not answered yet (each answers last): it is answered with the reason.
  auto off_thread = [this, respond](std::function<void()> job) {
    auto guarded = [job = std::move(job), respond] {
      try {
        job();
      } catch (const std::exception& e) {
        respond(problem(ErrorCode::failed, std::string("checking the scenario failed: ") + e.what()));
      }
    };
    if (!jobs_.check(std::move(guarded))) respond(problem(ErrorCode::unavailable, "the server is checking many scenarios at once; try again in a moment"));
  };
  if (path == "/api/authors") {
    if (!only("POST")) return;
    if (!is_admin_(req)) return respond(problem(ErrorCode::unauthorized, "issuing an author token needs the admin token ('Authorization: Bearer <admin token>')"));
    return add_author(req, respond);
  }
  if (path == "/api/scenarios") {
    if (req.method == "GET" && query_param(req.target, "all") != "1") return list(false, respond);
    if (req.method == "GET") return as_author("listing drafts and archived scenarios", [this, respond](const std::string&) { list(true, respond); });
    if (only("POST") && typed()) {
      as_author("saving a scenario", [this, r, respond, off_thread](const std::string& author) {
        off_thread([this, r, respond, author] { upload(*r, author, respond); });
      });
    }
    return;
  }
  std::string rest = path.substr(std::string("/api/scenarios/").size());
  auto slash = rest.find('/');
  std::string id = rest.substr(0, slash);
  std::string sub = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (id == "validate" && sub.empty()) {
    if (only("POST") && typed()) {
      as_author("validating a scenario", [this, r, respond, off_thread](const std::string&) { off_thread([this, r, respond] { validate(*r, respond); }); });
    }
  } else if (id == "rehearse" && sub.empty()) {
    if (only("POST") && typed()) {
      as_author("rehearsing a scenario", [this, r, respond, off_thread](const std::string&) {
        off_thread([this, r, respond] { rehearse_draft(*r, respond); });
      });
    }
  } else if (id.empty()) {
    respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
  } else if (sub.empty()) {
    if (only("GET")) as_author("reading a scenario in full", [this, id, r, respond](const std::string&) { get(id, *r, respond); });
  } else if (sub == "publish" || sub == "archive") {
    bool publish = sub == "publish";
    if (only("POST")) {
      as_author(publish ? "publishing a scenario" : "archiving a scenario",
                [this, id, publish, r, respond](const std::string&) { change_state(id, publish, *r, respond); });
    }
  } else if (sub == "rehearse") {
    if (only("POST")) as_author("rehearsing a scenario", [this, id, r, respond](const std::string&) { rehearse(id, *r, respond); });
  } else {
    respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
  }
}

// POST /api/authors {"name"}: a token that may write the library, and nothing else.
void ScenarioApi::add_author(const net::HttpRequest& req, const net::HttpResponder& respond) {
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  const json::value* name = !ec && body.is_object() ? body.as_object().if_contains("name") : nullptr;
  if (!name || !name->is_string() || name->as_string().empty() || name->as_string().size() > 100) {
    return respond(problem(ErrorCode::invalid, "the body must be {\"name\": \"the author's name\"} (1 to 100 characters)"));
  }
  std::string who(name->as_string());
  library_.add_author(who, [respond, who](Result<std::string> token) {
    if (!token) return respond(problem(token.error()));
    respond(reply(201, json::object{{"name", who}, {"author_token", token.value()}}));
  });
}

// Public: what a session can be created from. With ?all=1 (and a token),
// drafts and archived scenarios too.
void ScenarioApi::list(bool all, const net::HttpResponder& respond) {
  library_.list(all, [respond, all](Result<std::vector<LibraryEntry>> entries) {
    if (!entries) return respond(problem(entries.error()));
    json::array list;
    for (const auto& e : entries.value()) {
      auto entry = entry_json(e);
      if (!all) entry.erase("author");  // a person's name: for the library's own users, not every visitor
      list.push_back(std::move(entry));
    }
    respond(reply(200, json::object{{"scenarios", list}}));
  });
}

void ScenarioApi::upload(const net::HttpRequest& req, const std::string& author, const net::HttpResponder& respond) {
  auto parsed = parse_body(req);
  if (!parsed.ok()) return respond(unusable(parsed.problems));
  std::uint64_t base = 0;
  if (!whole(query_param(req.target, "base"), base) || base > kMaxVersion) {
    return respond(problem(ErrorCode::invalid, "base must be the whole number of the version you edited"));
  }
  storage::NewScenarioVersion v;
  v.id = parsed.scenario.id();
  v.scenario = parsed.scenario.SerializeAsString();
  // Text format keeps the author's comments; JSON is stored as text format, so every version reads back one way.
  if (is_json(req)) {
    google::protobuf::TextFormat::PrintToString(parsed.scenario, &v.source);
  } else {
    v.source = req.body;
  }
  v.author = author;
  if (v.author.size() > 100) return respond(problem(ErrorCode::invalid, "author must be at most 100 characters"));
  v.publish = query_param(req.target, "publish") == "1";
  v.base = static_cast<int>(base);
  library_.save(std::move(v), [respond](Result<storage::ScenarioVersion> saved) {
    if (!saved) return respond(problem(saved.error()));
    respond(reply(201, version_json(saved.value())));
  });
}

// The same checks as an upload, and the analysis of a valid scenario; stores nothing. The
// scenario comes back in JSON whenever it could be read, so the studio opens a text file as a form.
void ScenarioApi::validate(const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto parsed = parse_body(req);
  if (!parsed.ok()) {
    auto body = refusal_json(parsed.problems);
    if (read_whole(parsed)) body["scenario"] = scenario_json(parsed.scenario);
    return respond(reply(http_status(ErrorCode::unusable), body));
  }
  engine::ScenarioIndex index(parsed.scenario);
  respond(reply(200, json::object{{"valid", true},
                                  {"problems", json::array{}},
                                  {"analysis", review::scenario_summary(index)},
                                  {"scenario", scenario_json(parsed.scenario)}}));
}

void ScenarioApi::rehearse_draft(const net::HttpRequest& req, const net::HttpResponder& respond) {
  int runs = 100;
  std::uint64_t seed = 1;
  if (auto bad = rehearsal_params({}, req, runs, seed)) return respond(problem(ErrorCode::invalid, *bad));
  auto parsed = parse_body(req);
  if (!parsed.ok()) return respond(unusable(parsed.problems));
  rehearse_index(std::make_shared<const engine::ScenarioIndex>(std::move(parsed.scenario)), runs, seed, respond);
}

void ScenarioApi::rehearse(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto body = body_object(req);
  if (!body) return respond(problem(ErrorCode::invalid, "the body must be a JSON object like {\"runs\": 200, \"seed\": 1}"));
  int runs = 100;
  std::uint64_t seed = 1;
  if (auto bad = rehearsal_params(*body, req, runs, seed)) return respond(problem(ErrorCode::invalid, *bad));
  std::uint64_t version = 0;
  if (auto* v = body->if_contains("version")) {
    auto n = count_in(*v, kMaxVersion);
    if (!n) return respond(problem(ErrorCode::invalid, "version must be a whole number"));
    version = *n;
  }
  library_.get(id, static_cast<int>(version), [this, runs, seed, respond](Result<LibraryEntry> entry) {
    if (!entry) return respond(problem(entry.error()));
    rehearse_index(entry.value().index, runs, seed, respond);
  });
}

void ScenarioApi::rehearse_index(std::shared_ptr<const engine::ScenarioIndex> index, int runs, std::uint64_t seed,
                                 const net::HttpResponder& respond) {
  jobs_.rehearse({std::move(index), runs, seed, [respond](Result<json::object> report) {
                        if (!report) return respond(problem(report.error()));
                        respond(reply(200, report.value()));
                      }});
}

// The scenario in full (private briefs and profiles included), so only for the admin.
void ScenarioApi::get(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  int version = 0;
  if (!version_param(req, version)) return respond(problem(ErrorCode::invalid, "version must be a whole number"));
  std::string format = query_param(req.target, "format");
  if (format.empty()) format = "textproto";
  if (format != "textproto" && format != "json") return respond(problem(ErrorCode::invalid, "format must be textproto or json, not '" + format + "'"));
  library_.get(id, version, [respond, format](Result<LibraryEntry> entry) {
    if (!entry) return respond(problem(entry.error()));
    const auto& e = entry.value();
    if (format == "textproto") {
      net::HttpResponse r{200, "text/plain; charset=utf-8", e.row.source};
      r.headers.emplace_back("X-Parley-Scenario-Version", std::to_string(e.row.version));
      r.headers.emplace_back("X-Parley-Scenario-State", e.row.state);
      return respond(std::move(r));
    }
    auto out = entry_json(e);
    out["scenario"] = scenario_json(e.index->scenario());
    respond(reply(200, out));
  });
}

void ScenarioApi::change_state(const std::string& id, bool publish, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto body = body_object(req);
  if (!body) return respond(problem(ErrorCode::invalid, "the body must be empty or a JSON object like {\"version\": 3}"));
  std::uint64_t version = 0;
  if (auto* v = body->if_contains("version")) {
    auto n = count_in(*v, kMaxVersion);
    if (!n || *n == 0) return respond(problem(ErrorCode::invalid, "version must be a whole number from 1"));
    version = *n;
  }
  auto done = [respond](Result<storage::ScenarioVersion> changed) {
    if (!changed) return respond(problem(changed.error()));
    respond(reply(200, version_json(changed.value())));
  };
  if (publish) return library_.publish(id, static_cast<int>(version), done);
  library_.archive(id, static_cast<int>(version), done);
}

}  // namespace parley::app
