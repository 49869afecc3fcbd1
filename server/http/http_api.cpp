// Over 400 lines on purpose: the route table and the session endpoints' short handlers
// (each an authorization check, a parse and a call); scenarios, classes and bots have
// their own files (ScenarioApi, CohortApi, BotsApi, AgentsApi, AgentControlApi).
#include "http/http_api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>

#include "session/draft_analysis.hpp"
#include "http/fan_in.hpp"
#include "http/http_reply.hpp"
#include "session/join_code.hpp"
#include "session/session_views.hpp"
#include "common/crypto.hpp"
#include "engine/state_access.hpp"
#include "review/review_model.hpp"

namespace parley::app {
namespace json = boost::json;
namespace {

constexpr const char* kForwardedFrom = "x-parley-forwarded-from";

}  // namespace

bool HttpApi::forwarded_to(const std::string& node_url, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!runtime_ || !req.header(kForwardedFrom).empty()) return false;
  auto passed = req;
  passed.headers[kForwardedFrom] = cluster_->node_id();
  runtime_->forward_http(node_url, std::move(passed), respond);
  return true;
}

void HttpApi::cluster_status(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) return respond(problem(ErrorCode::unauthorized, "the cluster's state needs the admin token ('Authorization: Bearer <admin token>')"));
  if (!cluster_) return respond(reply(200, json::object{{"node", ""}, {"nodes", json::array{}}, {"sessions", json::array{}}}));
  respond({200, "application/json", cluster_->to_json()});
}

bool HttpApi::is_admin(const net::HttpRequest& req) const {
  return crypto::constant_time_equal(crypto::sha256_raw(bearer(req)), crypto::sha256_raw(admin_token_));
}

void HttpApi::handle(const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string path = req.target.substr(0, req.target.find('?'));
  auto only = [&](const char* method) {
    if (req.method == method) return true;
    respond(problem(ErrorCode::not_allowed, std::string("use ") + method + " for " + path));
    return false;
  };
  if (path == "/healthz") {
    if (only("GET")) respond(reply(200, json::object{{"status", "ok"}}));
  } else if (path == "/readyz") {
    if (only("GET")) respond(readiness());
  } else if (path == "/metrics") {
    if (only("GET")) respond({200, "text/plain; version=0.0.4", metrics_.render()});
  } else if (path == "/api/scenarios" || path.rfind("/api/scenarios/", 0) == 0 || path == "/api/authors") {
    scenario_api_.handle(path, req, respond);
  } else if (path == "/api/cohorts" || path.rfind("/api/cohorts/", 0) == 0) {
    cohorts_.handle(path, req, respond);
  } else if (path == "/api/compare") {
    if (only("GET")) compare(req, respond);
  } else if (path == "/api/cluster") {
    if (only("GET")) cluster_status(req, respond);
  } else if (path == "/api/sessions") {
    if (req.method == "GET") return list_sessions(req, respond);
    if (only("POST")) create_session(req, respond);
  } else if (path.rfind("/api/sessions/", 0) == 0) {
    session_route(path, req, respond);
  } else if (auto page = req.method == "GET" ? web_.serve(path, req.header("accept-encoding")) : std::nullopt) {
    respond(std::move(*page));
  } else {
    respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
  }
}

net::HttpResponse HttpApi::readiness() const {
  auto r = health_.readiness();
  if (r.ready) return reply(200, json::object{{"status", "ready"}});
  return reply(http_status(ErrorCode::unavailable),
               json::object{{"status", "not ready"}, {"reason", r.reason}, {"error", r.reason}, {"code", code_name(ErrorCode::unavailable)}});
}

void HttpApi::create_session(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) {
    return respond(problem(ErrorCode::unauthorized, req.header("authorization").empty()
                                    ? "creating a session needs the admin token ('Authorization: Bearer <admin token>')"
                                    : "that is not the admin token (scripts/run prints it; it is kept in DATA_DIR/admin-token)"));
  }
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return respond(problem(ErrorCode::invalid, "the body must be a JSON object like {\"scenario\": \"...\", \"title\": \"...\"}"));
  const auto& obj = body.as_object();
  auto* scenario_field = obj.if_contains("scenario");
  if (scenario_field == nullptr || !scenario_field->is_string()) {
    return respond(problem(ErrorCode::invalid, "the body needs \"scenario\": the id of a loaded scenario"));
  }
  std::string scenario_id(scenario_field->as_string());
  std::uint64_t version = 0;
  if (auto* v = obj.if_contains("version")) {
    auto n = count_in(*v, 1'000'000'000);
    if (!n || *n == 0) return respond(problem(ErrorCode::invalid, "\"version\" must be a whole number from 1 (leave it out for the newest published)"));
    version = *n;
  }
  std::string title;
  if (auto* t = obj.if_contains("title"); t && t->is_string()) title = std::string(t->as_string());
  if (title.size() > 200) return respond(problem(ErrorCode::invalid, "the title is longer than 200 characters"));
  if (cluster_) {
    auto best = cluster_->place(static_cast<std::int64_t>(registry_.size()));
    // A node that cannot be reached since the map was read: the session is made here instead
    // (only when the request never left: one that timed out may have created it there).
    auto here = [this, scenario_id, version, title, respond](net::HttpResponse r) {
      for (const auto& [name, value] : r.headers) {
        if (name == net::kNotSentHeader) return create_here(scenario_id, static_cast<int>(version), title, respond);
      }
      respond(std::move(r));
    };
    if (best.id != cluster_->node_id() && forwarded_to(best.url, req, here)) return;
  }
  create_here(scenario_id, static_cast<int>(version), title, respond);
}

namespace {
// A new session's codes, each with its short form for reading aloud.
json::object created_json(const CreatedSession& c) {
  json::array seats;
  for (const auto& s : c.seats) {
    seats.push_back(json::object{{"role", s.role}, {"seat", s.seat}, {"join_code", s.code}, {"short_code", short_code(s.code)}});
  }
  return json::object{{"session_id", c.session_id},
                      {"facilitator_token", c.facilitator_token},
                      {"facilitator_short_code", short_code(c.facilitator_token)},
                      {"observer_code", c.observer_code},
                      {"observer_short_code", short_code(c.observer_code)},
                      {"seats", seats}};
}
}  // namespace

void HttpApi::create_here(const std::string& scenario_id, int version, const std::string& title, const net::HttpResponder& respond) {
  library_.resolve(scenario_id, version, [this, title, respond](Result<ScenarioRef> scenario) {
    if (!scenario) return respond(problem(scenario.error()));
    registry_.create(scenario.value().index, scenario.value().version, title, [respond](Result<CreatedSession> created) {
      if (!created) return respond(problem(created.error()));
      respond(reply(201, created_json(created.value())));
    });
  });
}

// /api/sessions/<id>[/facilitators|/events|/review|/fork|/codes|/analysis|/bots|/agents|/agent-calls]
// A session another node owns is served there: found in the cluster map, or
// (created a moment ago) in the database.
void HttpApi::session_route(const std::string& path, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string rest = path.substr(14);
  std::string id = rest.substr(0, rest.find('/'));
  if (!cluster_ || id.empty() || registry_.find(id) || !req.header(kForwardedFrom).empty()) return serve_session(path, req, respond);
  if (auto owner = cluster_->owner(id); owner && forwarded_to(owner->url, req, respond)) return;
  registry_.locate(id, [this, path, req, respond](std::optional<storage::NodeRow> owner) {
    if (owner && forwarded_to(owner->url, req, respond)) return;
    serve_session(path, req, respond);
  });
}

void HttpApi::serve_session(const std::string& path, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string rest = path.substr(14);
  auto slash = rest.find('/');
  std::string id = rest.substr(0, slash);
  std::string sub = slash == std::string::npos ? "" : rest.substr(slash + 1);
  auto with = [&](const char* method, auto&& handler) {
    if (req.method != method) return respond(problem(ErrorCode::not_allowed, std::string("use ") + method + " for " + path));
    handler();
  };
  if (id.empty()) return respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
  if (sub.empty() && req.method == "DELETE") return delete_session(id, req, respond);
  if (sub.empty()) return with("GET", [&] { session_status(id, req, respond); });
  if (sub == "facilitators") return with("POST", [&] { add_facilitator(id, req, respond); });
  if (sub == "events") return with("GET", [&] { events(id, req, respond); });
  if (sub == "review") return with("GET", [&] { review(id, req, respond); });
  if (sub == "fork") return with("POST", [&] { fork(id, req, respond); });
  if (sub == "archive") return with("POST", [&] { archive(id, req, respond); });
  if (sub == "view") return with("GET", [&] { view(id, req, respond); });
  if (sub == "codes") return with("POST", [&] { issue_code(id, req, respond); });
  if (sub == "analysis") return with("GET", [&] { analysis(id, req, respond); });
  if (sub == "bots" && req.method == "DELETE") {
    if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to remove bots"));
    return bots_api_.remove(id, req, respond);
  }
  if (sub == "bots") {
    return with("POST", [&] {
      if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to seat bots"));
      bots_api_.start(id, req, respond);
    });
  }
  if (sub.rfind("agents/", 0) == 0) return agent_control_.handle(id, sub.substr(7), req, respond);
  if (sub == "agents" && req.method == "GET") return agent_control_.overview(id, req, respond);
  if (sub == "agents") {
    return with("POST", [&] {
      if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to seat a model"));
      agents_api_.seat(id, req, respond);
    });
  }
  if (sub == "agent-calls" && req.method == "POST") return agents_api_.record(id, req, respond);
  if (sub == "agent-calls") {
    return with("GET", [&] {
      if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to read its model calls"));
      agents_api_.list(id, req, respond);
    });
  }
  respond(problem(ErrorCode::not_found, "no such endpoint: " + path));
}

namespace {
constexpr std::uint64_t kMaxEventPage = 20000;
constexpr std::uint64_t kMaxBinaryEventPage = 100000;  // packed protobuf: a fifth of JSON's bytes per event

}  // namespace

// Whose view a read of a recorded session gets: a facilitator (or the admin)
// any role's (`as`; empty: the white cell's), a participant only its own. On
// a refusal, responds and returns nothing.
std::optional<std::string> HttpApi::reader_role(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string as = query_param(req.target, "as");
  if (is_facilitator(id, req)) return as;
  auto credential = registry_.authenticate(bearer(req));
  if (!credential || credential->session_id != id) {
    respond(problem(ErrorCode::unauthorized, "a token or join code of this session is needed ('Authorization: Bearer <token>')"));
    return std::nullopt;
  }
  if (!as.empty() && as != credential->role) {
    respond(problem(ErrorCode::forbidden, "only a facilitator reads another role's view; you are " + credential->role));
    return std::nullopt;
  }
  return credential->role;
}

void HttpApi::events(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  EventQuery q{id, "", 0, 0};
  std::uint64_t round = 0;
  if (!whole(query_param(req.target, "after"), q.after) || !whole(query_param(req.target, "round"), round) ||
      !whole(query_param(req.target, "limit"), q.limit)) {
    return respond(problem(ErrorCode::invalid, "after, round and limit must be whole numbers"));
  }
  std::string format = query_param(req.target, "format");
  if (!format.empty() && format != "json" && format != "binary") {
    return respond(problem(ErrorCode::invalid, "format must be json or binary, not '" + format + "'"));
  }
  q.binary = format == "binary";
  std::uint64_t max_page = q.binary ? kMaxBinaryEventPage : kMaxEventPage;
  if (q.limit < 1 || q.limit > max_page || round > 1'000'000 || q.after > (std::uint64_t{1} << 53)) {
    return respond(problem(ErrorCode::invalid, "limit must be 1 to " + std::to_string(max_page) + " (events per page), round at most 1000000, after at most 2^53"));
  }
  q.round = static_cast<int>(round);
  auto role = reader_role(id, req, respond);
  if (!role) return;
  q.role = *role;
  archive_.events(q, [respond, binary = q.binary](Result<std::string> body) {
    if (!body) return respond(problem(body.error()));
    if (binary) return respond({200, "application/x-protobuf", std::move(body.value())});
    respond({200, "application/json", body.value() + "\n"});
  });
}

// GET /api/sessions/<id>/view?as=ROLE&at=SEQ: the role's view and desk after event SEQ, for
// the browser's replay (a facilitator any role's, a participant its own).
void HttpApi::view(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::uint64_t at = std::numeric_limits<std::uint64_t>::max();
  if (!whole(query_param(req.target, "at"), at)) return respond(problem(ErrorCode::invalid, "at must be a whole number (an event's seq)"));
  auto role = reader_role(id, req, respond);
  if (!role) return;
  archive_.view(id, *role, at, [respond](Result<std::string> body) {
    if (!body) return respond(problem(body.error()));
    respond({200, "application/json", body.value() + "\n"});
  });
}

void HttpApi::review(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string format = query_param(req.target, "format");
  if (format.empty()) format = "html";
  if (format != "html" && format != "md" && format != "json" && format != "csv" && format != "meta") {
    return respond(problem(ErrorCode::invalid, "format must be html, md, json, csv or meta, not '" + format + "'"));
  }
  auto role = reader_role(id, req, respond);
  if (!role) return;
  std::string messages = query_param(req.target, "with_messages");
  archive_.review({id, *role, format, messages == "1" || messages == "true"}, [respond](Result<ReviewDocument> doc) {
    if (!doc) {
      return respond(problem(doc.error()));
    }
    respond({200, doc.value().content_type, std::move(doc.value().body)});
  });
}

void HttpApi::fork(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to fork it"));
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object() || !body.as_object().contains("at") || !body.as_object().at("at").is_number()) {
    return respond(problem(ErrorCode::invalid, "the body must be {\"at\": SEQ} (and optionally \"title\")"));
  }
  auto parsed = count_in(body.as_object().at("at"), static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
  if (!parsed) return respond(problem(ErrorCode::invalid, "\"at\" must be a whole number of 0 or more"));
  auto at = static_cast<std::int64_t>(*parsed);
  std::string title;
  if (auto* t = body.as_object().if_contains("title"); t && t->is_string()) title = std::string(t->as_string());
  archive_.fork(id, static_cast<std::uint64_t>(at), title, [respond, id, at](Result<CreatedSession> created) {
    if (!created) return respond(problem(created.error()));
    auto out = created_json(created.value());
    out["forked_from"] = id;
    out["forked_at"] = at;
    respond(reply(201, out));
  });
}

void HttpApi::issue_code(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to issue codes"));
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object() || !body.as_object().contains("role") || !body.as_object().at("role").is_string()) {
    return respond(problem(ErrorCode::invalid, "the body must be {\"role\": ROLE} (and optionally \"seat\", default 0)"));
  }
  std::uint64_t seat = 0;
  if (auto* s = body.as_object().if_contains("seat")) {
    auto parsed = count_in(*s, std::numeric_limits<std::uint32_t>::max());
    if (!parsed) return respond(problem(ErrorCode::invalid, "seat must be a whole number from 0 (the head) to the role's last adviser seat"));
    seat = *parsed;
  }
  registry_.issue_seat_code(id, std::string(body.as_object().at("role").as_string()), static_cast<std::uint32_t>(seat),
                            [respond](Result<SeatCode> issued) {
                              if (!issued) return respond(problem(issued.error()));
                              respond(reply(201, json::object{{"role", issued.value().role},
                                                              {"seat", issued.value().seat},
                                                              {"join_code", issued.value().code},
                                                              {"short_code", short_code(issued.value().code)}}));
                            });
}

void HttpApi::analysis(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed for its analysis"));
  registry_.use(id, [respond](Result<std::shared_ptr<SessionHost>> host) {
    if (!host) return respond(problem(host.error()));
    host.value()->inspect([respond](const HostView& view) {
      respond({200, "application/json", draft_analysis_json(view.index, view.stored) + "\n"});
    });
  });
}

// DELETE /api/sessions/<id>: the admin deletes a session that is not running, with every
// stored trace of it (events, codes, participants' names); its forks stay.
void HttpApi::delete_session(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) return respond(problem(ErrorCode::unauthorized, "deleting a session needs the admin token ('Authorization: Bearer <admin token>')"));
  archive_.remove(id, [id, respond](Status s) {
    if (!s) return respond(problem(s.error()));
    respond(reply(200, json::object{{"session_id", id}, {"deleted", true}}));
  });
}

// POST /api/sessions/<id>/archive {"archived": true|false}: the admin files a session away
// (out of the console's default list; its record stays) or brings it back.
void HttpApi::archive(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) return respond(problem(ErrorCode::unauthorized, "archiving a session needs the admin token ('Authorization: Bearer <admin token>')"));
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  const json::value* flag = !ec && body.is_object() ? body.as_object().if_contains("archived") : nullptr;
  if (flag == nullptr || !flag->is_bool()) return respond(problem(ErrorCode::invalid, "the body must be {\"archived\": true} or {\"archived\": false}"));
  archive_.archive(id, flag->as_bool(), [id, archived = flag->as_bool(), respond](Status s) {
    if (!s) return respond(problem(s.error()));
    respond(reply(200, json::object{{"session_id", id}, {"archived", archived}}));
  });
}

// GET /api/compare?sessions=A,B[,C...]: recorded sessions side by side (review::compare_many; for
// two, also where they part), for the admin or a facilitator of every one of them.
void HttpApi::compare(const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::vector<std::string> ids;
  std::string list = query_param(req.target, "sessions");
  for (std::size_t start = 0; start <= list.size();) {
    auto comma = std::min(list.find(',', start), list.size());
    if (comma > start) ids.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  if (ids.size() < 2 || ids.size() > 20) return respond(problem(ErrorCode::invalid, "name 2 to 20 sessions: /api/compare?sessions=ID,ID"));
  for (const auto& id : ids) {
    if (!is_facilitator(id, req)) return respond(problem(ErrorCode::unauthorized, "comparing needs the admin token or a facilitator token of every session (" + id + ")"));
  }
  auto gather = std::make_shared<FanIn<Result<json::object>>>(ids.size(), [respond](std::vector<Result<json::object>> reviews) {
    std::vector<json::object> ok;
    for (auto& r : reviews) {
      if (!r) return respond(problem(r.error()));
      ok.push_back(std::move(r.value()));
    }
    auto out = review::compare_many(ok);
    if (ok.size() == 2) out["pair"] = review::compare_reviews(ok[0], ok[1]);
    respond(reply(200, out));
  });
  for (std::size_t i = 0; i < ids.size(); ++i) {
    archive_.review({ids[i], "", "json", false}, [gather, i](Result<ReviewDocument> doc) {
      if (!doc) return gather->set(i, doc.error());
      json::error_code ec;
      auto v = json::parse(doc.value().body, ec);
      if (ec || !v.is_object()) return gather->set(i, fail(ErrorCode::failed, "a review could not be read"));
      gather->set(i, std::move(v.as_object()));
    });
  }
}

// The admin's list of every session, for a lost session id: newest first,
// ?state=lobby|running|paused|ended&scenario=ID&limit=1..200&offset=N.
void HttpApi::list_sessions(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) return respond(problem(ErrorCode::unauthorized, "listing sessions needs the admin token ('Authorization: Bearer <admin token>')"));
  storage::SessionFilter filter;
  std::string state = query_param(req.target, "state");
  filter.scenario = query_param(req.target, "scenario");
  filter.search = query_param(req.target, "q");
  std::string archived = query_param(req.target, "archived");
  if (archived != "" && archived != "0" && archived != "1") return respond(problem(ErrorCode::invalid, "archived must be 0 or 1"));
  filter.archived = archived == "1";
  if (!state.empty()) {
    filter.status = engine::status_from_name(state);
    if (!filter.status) return respond(problem(ErrorCode::invalid, "state must be lobby, running, paused or ended"));
  }
  std::uint64_t limit = 50;
  if (!whole(query_param(req.target, "limit"), limit) || !whole(query_param(req.target, "offset"), filter.offset) ||
      limit < 1 || limit > 200) {
    return respond(problem(ErrorCode::invalid, "limit must be a whole number from 1 to 200, and offset a whole number"));
  }
  filter.limit = static_cast<std::uint32_t>(limit);
  archive_.list(filter, [respond](Result<std::string> body) {
    if (!body) return respond(problem(body.error()));
    respond({200, "application/json", body.value() + "\n"});
  });
}

bool HttpApi::is_facilitator(const std::string& id, const net::HttpRequest& req) const {
  auto credential = registry_.authenticate(bearer(req));
  return (credential && credential->kind == storage::CredentialKind::facilitator && credential->session_id == id) || is_admin(req);
}

void HttpApi::add_facilitator(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) {
    return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed ('Authorization: Bearer <token>')"));
  }
  registry_.add_facilitator(id, [respond](Result<SeatCode> added) {
    if (!added) return respond(problem(added.error()));
    respond(reply(201, json::object{{"facilitator_token", added.value().code}, {"short_code", short_code(added.value().code)},
                                    {"role", added.value().role}, {"seat", added.value().seat}}));
  });
}

void HttpApi::session_status(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) {
    return respond(problem(ErrorCode::unauthorized, "the session's facilitator token is needed ('Authorization: Bearer <token>')"));
  }
  registry_.use(id, [respond](Result<std::shared_ptr<SessionHost>> host) {
    if (!host) return respond(problem(host.error()));
    host.value()->inspect([respond](const HostView& view) {
        auto body = session_status_json(view); respond({200, "application/json", body + "\n"}); });
  });
}

}  // namespace parley::app
