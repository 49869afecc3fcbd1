#include "http/cohort_api.hpp"

#include <boost/json.hpp>

#include "http/fan_in.hpp"
#include "http/http_reply.hpp"
#include "session/join_code.hpp"
#include "cohort/debrief.hpp"
#include "cohort/handout.hpp"
#include "cohort/seat_plan.hpp"
#include "common/crypto.hpp"
#include "log/logger.hpp"

namespace parley::app {
namespace json = boost::json;

struct CohortApi::Making {
  std::string title;
  ScenarioRef scenario;
  std::vector<cohort::RosterEntry> roster;
  cohort::SeatPlan plan;
  int tables = 0;
  bool names_required = false;
  std::vector<CreatedSession> made;
  net::HttpResponder respond;
};

namespace {

constexpr int kDefaultRehearsalRuns = 300;  // about 8 s in a release build, once per scenario version

std::string seat_label(const std::string& kind, std::uint32_t seat) {
  if (kind == "observer") return "Observer";
  return seat == 0 ? "Head of delegation" : "Adviser " + std::to_string(seat);
}

const char* kind_name(cohort::SeatKind k) {
  return k == cohort::SeatKind::seat ? "seat" : k == cohort::SeatKind::observer ? "observer" : "bot";
}

std::string code_of(const CreatedSession& s, const cohort::Placement& p) {
  if (p.kind == cohort::SeatKind::observer) return s.observer_code;
  for (const auto& c : s.seats) {
    if (c.role == p.role && c.seat == p.seat) return c.code;
  }
  return "";
}

// The roster from the body: "roster" as CSV text, or "count".
Result<std::vector<cohort::RosterEntry>> roster_in(const json::object& body) {
  if (const auto* r = body.if_contains("roster"); r && r->is_string()) return cohort::parse_roster(std::string(r->as_string()));
  if (const auto* c = body.if_contains("count")) {
    auto n = count_in(*c, cohort::kMaxRoster);
    if (!n) return fail(ErrorCode::invalid, "\"count\" must be a whole number from 1 to " + std::to_string(cohort::kMaxRoster));
    return cohort::anonymous_roster(*n);
  }
  return fail(ErrorCode::invalid, "the body needs \"roster\" (CSV: name, group, role per line) or \"count\" (how many people)");
}

std::string origin_of(const net::HttpRequest& req) {
  std::string base = query_param(req.target, "base");
  if (!base.empty()) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) base = "http://" + base;
    return base;
  }
  std::string host = req.header("host");
  return "http://" + (host.empty() ? std::string("localhost") : host);
}

}  // namespace

void CohortApi::handle(const std::string& path, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (path == "/api/cohorts") {
    if (req.method == "GET") return list(req, respond);
    if (req.method != "POST") return respond(problem(ErrorCode::not_allowed, "use GET or POST for /api/cohorts"));
    return create(req, respond);
  }
  std::string rest = path.substr(std::string("/api/cohorts/").size());
  auto slash = rest.find('/');
  std::string id = rest.substr(0, slash);
  std::string sub = slash == std::string::npos ? "" : rest.substr(slash + 1);
  auto with = [&](const char* method, void (CohortApi::*fn)(const storage::CohortRow&, const net::HttpRequest&, const net::HttpResponder&)) {
    if (req.method != method) return respond(problem(ErrorCode::not_allowed, std::string("use ") + method + " for " + path));
    load(id, req, respond, [this, fn, req, respond](storage::CohortRow c) { (this->*fn)(c, req, respond); });
  };
  if (id.empty()) return respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
  if (sub.empty()) {
    if (req.method != "GET") return respond(problem(ErrorCode::not_allowed, "use GET for " + path));
    std::uint64_t after = 0;
    if (!whole(query_param(req.target, "after"), after)) return respond(problem(ErrorCode::invalid, "after must be the version of an earlier answer"));
    return load(id, req, respond, [this, after, respond](storage::CohortRow c) { status_after(c, after, respond); });
  }
  if (sub == "actions") return with("POST", &CohortApi::act);
  if (sub == "handout") return with("GET", &CohortApi::handout);
  if (sub == "debrief") return with("GET", &CohortApi::debrief);
  respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
}

void CohortApi::list(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin_(req)) return respond(problem(ErrorCode::unauthorized, "listing cohorts needs the admin token ('Authorization: Bearer <admin token>')"));
  reader_.perform(
      "listing classes",
      [respond](pqxx::connection& conn) {
    auto rows = storage::list_cohorts(conn, 200);
    if (!rows) return respond(problem(rows.error()));
    json::array out;
    for (const auto& c : rows.value()) {
      out.push_back(json::object{{"cohort_id", c.id}, {"title", c.title}, {"scenario", c.scenario_id}, {"scenario_version", c.scenario_version},
                                 {"tables", c.tables}, {"people", c.people}, {"created_at", c.created_at}});
    }
    respond(reply(200, json::object{{"cohorts", out}}));
      },
      [respond](const Error& e) { respond(problem(e)); });
}

void CohortApi::load(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond, Loaded then) {
  std::string hash;
  if (!is_admin_(req)) {
    std::string token = bearer(req);
    if (token.empty()) return respond(problem(ErrorCode::unauthorized, "the cohort's token is needed ('Authorization: Bearer <cohort token>')"));
    if (token.substr(0, token.find('.')) != id) return respond(problem(ErrorCode::unauthorized, "that is not this cohort's token"));
    hash = crypto::sha256_raw(token);
  }
  reader_.perform(
      "reading the class",
      [id, hash, respond, then](pqxx::connection& conn) {
    auto cohort = storage::load_cohort(conn, id, hash);
    if (!cohort) {
      if (cohort.error().code == ErrorCode::invalid) return respond(problem(ErrorCode::unauthorized, cohort.error().message));
      return respond(problem(cohort.error()));
    }
    then(std::move(cohort.value()));
      },
      [respond](const Error& e) { respond(problem(e)); });
}

void CohortApi::create(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin_(req)) return respond(problem(ErrorCode::unauthorized, "creating a cohort needs the admin token ('Authorization: Bearer <admin token>')"));
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) {
    return respond(problem(ErrorCode::invalid, "the body must be a JSON object like {\"scenario\": \"...\", \"title\": \"...\", \"tables\": 5, \"roster\": \"name,group,role\\n...\"}"));
  }
  const auto& obj = body.as_object();
  const auto* scenario = obj.if_contains("scenario");
  if (scenario == nullptr || !scenario->is_string()) return respond(problem(ErrorCode::invalid, "the body needs \"scenario\": the id of a loaded scenario"));
  std::uint64_t version = 0;
  if (const auto* v = obj.if_contains("version")) {
    auto n = count_in(*v, 1'000'000'000);
    if (!n || *n == 0) return respond(problem(ErrorCode::invalid, "\"version\" must be a whole number from 1 (leave it out for the newest published)"));
    version = *n;
  }
  const auto* tables = obj.if_contains("tables");
  auto n_tables = tables ? count_in(*tables, 1'000'000) : std::nullopt;
  if (!n_tables || *n_tables < 1 || *n_tables > static_cast<std::uint64_t>(cohort::kMaxTables)) {
    return respond(problem(ErrorCode::invalid, "\"tables\" must be a whole number from 1 to " + std::to_string(cohort::kMaxTables)));
  }
  auto making = std::make_shared<Making>();
  if (const auto* t = obj.if_contains("title"); t && t->is_string()) making->title = std::string(t->as_string());
  if (making->title.size() > 150) return respond(problem(ErrorCode::invalid, "the title is longer than 150 characters"));
  if (const auto* r = obj.if_contains("names_required"); r && r->is_bool()) making->names_required = r->as_bool();
  auto roster = roster_in(obj);
  if (!roster) return respond(problem(ErrorCode::invalid, "roster: " + roster.error().message));
  making->roster = std::move(roster.value());
  making->tables = static_cast<int>(*n_tables);
  making->respond = respond;
  library_.resolve(std::string(scenario->as_string()), static_cast<int>(version), [this, making](Result<ScenarioRef> found) {
    if (!found) return making->respond(problem(found.error()));
    making->scenario = found.value();
    const auto& s = making->scenario.index->scenario();
    if (making->title.empty()) making->title = s.title();
    auto plan = cohort::plan_seats(cohort::playable_roles(s), making->roster, making->tables);
    if (!plan) return making->respond(problem(plan.error()));
    bool has_observers = std::any_of(s.roles().begin(), s.roles().end(), [](const auto& r) { return r.kind() == parley::v1::OBSERVER; });
    bool wants_observers = std::any_of(plan.value().people.begin(), plan.value().people.end(),
                                       [](const auto& p) { return p.kind == cohort::SeatKind::observer; });
    if (wants_observers && !has_observers) {
      return making->respond(problem(ErrorCode::invalid, "more people than seats, and this scenario has no observer role: add tables"));
    }
    making->plan = std::move(plan.value());
    make_table(making);
  });
}

void CohortApi::make_table(std::shared_ptr<Making> making) {
  if (static_cast<int>(making->made.size()) == making->tables) return store(making);
  std::string title = making->title + " — Table " + std::to_string(making->made.size() + 1);
  registry_.create(making->scenario.index, making->scenario.version, title, [this, making](Result<CreatedSession> created) {
    if (!created) {
      // Nothing half-made stays: the tables made so far are deleted (they are in the lobby).
      for (const auto& m : making->made) archive_.remove(m.session_id, [](Status) {});
      return making->respond(problem(created.error().code,
                                     "table " + std::to_string(making->made.size() + 1) + " could not be made: " + created.error().message));
    }
    making->made.push_back(std::move(created.value()));
    make_table(making);
  });
}

void CohortApi::store(std::shared_ptr<Making> making) {
  storage::CohortRow row;
  row.id = crypto::random_hex(6);
  row.title = making->title;
  row.scenario_id = making->scenario.index->scenario().id();
  row.scenario_version = making->scenario.version;
  row.names_required = making->names_required;
  for (std::size_t t = 0; t < making->made.size(); ++t) {
    row.tables.push_back({static_cast<int>(t + 1), making->made[t].session_id, making->made[t].facilitator_token});
  }
  int position = 0;
  for (const auto& p : making->plan.people) {
    const auto& person = making->roster[p.person];
    const auto& made = making->made[p.table - 1];
    row.seats.push_back({++position, made.session_id, person.name, person.group, kind_name(p.kind), p.role, p.seat, code_of(made, p)});
  }
  for (const auto& b : making->plan.bots) {
    row.seats.push_back({++position, making->made[b.table - 1].session_id, std::nullopt, "", "bot", b.role, 0, ""});
  }
  std::string token = row.id + "." + crypto::random_hex(16);
  auto store = [row, token](pqxx::connection& conn) { return storage::insert_cohort(conn, row, crypto::sha256_raw(token)); };
  db_.call("storing the class", store, [this, making, row, token](Status stored) {
    if (!stored) return making->respond(problem(stored.error()));
    for (const auto& t : row.tables) {
      if (auto host = registry_.find(t.session_id)) host->set_names_required(row.names_required);
    }
    log::info("cohort", "cohort " + row.id + " made: " + std::to_string(row.tables.size()) + " tables, " +
                            std::to_string(making->roster.size()) + " people");
    json::array tables, people, bots, notes;
    for (const auto& t : row.tables) {
      tables.push_back(json::object{{"table", t.table_no}, {"session_id", t.session_id}, {"title", row.title + " — Table " + std::to_string(t.table_no)},
                                    {"facilitator_token", t.facilitator_token}, {"facilitator_short_code", short_code(t.facilitator_token)}});
    }
    for (std::size_t i = 0; i < making->plan.people.size(); ++i) {
      const auto& s = row.seats[i];
      people.push_back(json::object{{"name", s.name ? *s.name : ""}, {"group", s.group}, {"table", making->plan.people[i].table},
                                    {"kind", s.kind}, {"role", s.role}, {"seat", s.seat}, {"join_code", s.join_code},
                                    {"short_code", short_code(s.join_code)}});
    }
    for (const auto& b : making->plan.bots) bots.push_back(json::object{{"table", b.table}, {"role", b.role}});
    for (const auto& n : making->plan.notes) notes.push_back(json::value(n));
    making->respond(reply(201, json::object{{"cohort_id", row.id}, {"token", token}, {"dashboard", "/cohort#" + token},
                                            {"title", row.title}, {"scenario", row.scenario_id}, {"scenario_version", row.scenario_version},
                                            {"tables", tables}, {"participants", people}, {"bots", bots}, {"notes", notes}}));
  });
}

void CohortApi::handout(const storage::CohortRow& c, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string format = query_param(req.target, "format");
  std::string paper = query_param(req.target, "paper");
  if (format.empty()) format = "html";
  if (format != "html" && format != "csv") return respond(problem(ErrorCode::invalid, "format must be html or csv, not '" + format + "'"));
  if (!paper.empty() && paper != "a4" && paper != "letter") return respond(problem(ErrorCode::invalid, "paper must be a4 or letter, not '" + paper + "'"));
  std::string base = origin_of(req);
  library_.resolve(c.scenario_id, c.scenario_version, [c, base, format, paper, respond](Result<ScenarioRef> found) {
    std::map<std::string, std::string> names;
    std::string scenario_title = c.scenario_id;
    if (found) {
      scenario_title = found.value().index->scenario().title();
      for (const auto& r : found.value().index->scenario().roles()) names[r.id()] = r.name();
    }
    std::map<std::string, int> table_of;
    for (const auto& t : c.tables) table_of[t.session_id] = t.table_no;
    cohort::Handout h{c.title, scenario_title, {}};
    for (const auto& s : c.seats) {
      if (s.kind == "bot" || !table_of.count(s.session_id)) continue;
      h.slips.push_back({s.name.value_or(""), table_of[s.session_id], s.kind == "observer" ? "" : names.count(s.role) ? names[s.role] : s.role,
                         seat_label(s.kind, s.seat), base + "/join#" + short_code(s.join_code), short_code(s.join_code)});
    }
    if (format == "csv") return respond({200, "text/csv; charset=utf-8", cohort::handout_csv(h)});
    respond({200, "text/html; charset=utf-8", cohort::handout_html(h, paper)});
  });
}

void CohortApi::rehearsal(const storage::CohortRow& c, const ScenarioRef& scenario, int runs, std::function<void(json::value)> done) {
  if (runs == 0) return done(nullptr);
  std::string key = c.scenario_id + "@" + std::to_string(c.scenario_version) + "#" + std::to_string(runs);
  {
    std::lock_guard lock(mutex_);
    if (auto it = rehearsals_.find(key); it != rehearsals_.end()) return done(it->second);
  }
  jobs_.rehearse({scenario.index, runs, 1, [this, key, done](Result<json::object> report) {
                    if (!report) return done(nullptr);
                    std::lock_guard lock(mutex_);
                    if (rehearsals_.size() > 64) rehearsals_.clear();
                    rehearsals_[key] = report.value();
                    done(report.value());
                  }});
}

void CohortApi::debrief(const storage::CohortRow& c, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string format = query_param(req.target, "format");
  if (format.empty()) format = "html";
  if (format != "html" && format != "json" && format != "csv") return respond(problem(ErrorCode::invalid, "format must be html, json or csv, not '" + format + "'"));
  std::uint64_t runs = kDefaultRehearsalRuns;
  if (!whole(query_param(req.target, "runs"), runs) || runs > static_cast<std::uint64_t>(ScenarioJobs::kMaxRuns)) {
    return respond(problem(ErrorCode::invalid, "runs (bot games to compare with) must be a whole number from 0 to " + std::to_string(ScenarioJobs::kMaxRuns)));
  }
  auto gather = std::make_shared<FanIn<Result<cohort::DebriefTable>>>(c.tables.size(), [this, c, format, runs, respond](auto reviews) {
    std::vector<cohort::DebriefTable> ok;
    for (auto& r : reviews) {
      if (!r) return respond(problem(r.error()));
      ok.push_back(std::move(r.value()));
    }
    library_.resolve(c.scenario_id, c.scenario_version, [this, c, format, runs, respond, ok = std::move(ok)](Result<ScenarioRef> found) {
      if (!found) return respond(problem(found.error()));
      rehearsal(c, found.value(), static_cast<int>(runs), [c, format, respond, ok, scenario = found.value()](json::value bots) {
        auto d = cohort::build_debrief(c.title, scenario.index->scenario(), ok, bots);
        if (format == "json") return respond({200, "application/json", json::serialize(d) + "\n"});
        if (format == "csv") return respond({200, "text/csv; charset=utf-8", cohort::debrief_csv(d)});
        respond({200, "text/html; charset=utf-8", cohort::debrief_html(d)});
      });
    });
  });
  for (std::size_t i = 0; i < c.tables.size(); ++i) {
    const auto& t = c.tables[i];
    archive_.review({t.session_id, "", "json", false}, [gather, i, t, title = c.title](Result<ReviewDocument> doc) {
      if (!doc) return gather->set(i, doc.error());
      json::error_code ec;
      auto parsed = json::parse(doc.value().body, ec);
      if (ec || !parsed.is_object()) return gather->set(i, fail(ErrorCode::failed, "table " + std::to_string(t.table_no) + "'s review could not be read"));
      gather->set(i, cohort::DebriefTable{t.table_no, std::string(parsed.as_object().at("title").as_string()), t.session_id, std::move(parsed.as_object())});
    });
  }
  gather->finish_if_empty();
}

}  // namespace parley::app
