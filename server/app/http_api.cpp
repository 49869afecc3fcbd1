#include "app/http_api.hpp"

#include <boost/json.hpp>

#include "common/crypto.hpp"

namespace parley::app {
namespace json = boost::json;
namespace {

net::HttpResponse reply(int status, const json::value& body) { return {status, "application/json", json::serialize(body) + "\n"}; }

net::HttpResponse problem(int status, const std::string& message) { return reply(status, json::object{{"error", message}}); }

std::string bearer(const net::HttpRequest& req) {
  auto h = req.header("authorization");
  const std::string prefix = "Bearer ";
  return h.rfind(prefix, 0) == 0 ? h.substr(prefix.size()) : "";
}

}  // namespace

bool HttpApi::is_admin(const net::HttpRequest& req) const {
  return crypto::constant_time_equal(crypto::sha256_raw(bearer(req)), crypto::sha256_raw(admin_token_));
}

void HttpApi::handle(const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string path = req.target.substr(0, req.target.find('?'));
  auto only = [&](const char* method) {
    if (req.method == method) return true;
    respond(problem(405, std::string("use ") + method + " for " + path));
    return false;
  };
  if (path == "/healthz") {
    if (only("GET")) respond(reply(200, json::object{{"status", "ok"}}));
  } else if (path == "/readyz") {
    if (only("GET")) respond(readiness());
  } else if (path == "/metrics") {
    if (only("GET")) respond({200, "text/plain; version=0.0.4", metrics_.render()});
  } else if (path == "/api/scenarios") {
    if (only("GET")) respond(scenarios());
  } else if (path == "/api/sessions") {
    if (only("POST")) create_session(req, respond);
  } else if (path.rfind("/api/sessions/", 0) == 0 && path.size() > 14 && path.find('/', 14) == std::string::npos) {
    if (only("GET")) session_status(path.substr(14), req, respond);
  } else if (path.rfind("/api/sessions/", 0) == 0 && path.size() > 27 && path.substr(path.size() - 13) == "/facilitators" &&
             path.find('/', 14) == path.size() - 13) {
    if (only("POST")) add_facilitator(path.substr(14, path.size() - 27), req, respond);
  } else {
    respond(problem(404, "no such endpoint: " + path));
  }
}

net::HttpResponse HttpApi::readiness() const {
  auto r = health_.readiness();
  if (r.ready) return reply(200, json::object{{"status", "ready"}});
  return reply(503, json::object{{"status", "not ready"}, {"reason", r.reason}});
}

net::HttpResponse HttpApi::scenarios() const {
  json::array list;
  for (const auto& id : catalog_.ids()) {
    const auto& s = catalog_.find(id)->scenario();
    json::array roles;
    for (const auto& r : s.roles()) {
      roles.push_back(json::object{{"id", r.id()}, {"name", r.name()}, {"kind", parley::v1::RoleKind_Name(r.kind())}});
    }
    list.push_back(json::object{{"id", s.id()}, {"title", s.title()}, {"summary", s.summary()}, {"roles", roles}});
  }
  return reply(200, json::object{{"scenarios", list}});
}

void HttpApi::create_session(const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_admin(req)) return respond(problem(401, "POST /api/sessions needs 'Authorization: Bearer <admin token>'"));
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return respond(problem(400, "the body must be a JSON object like {\"scenario\": \"...\", \"title\": \"...\"}"));
  const auto& obj = body.as_object();
  auto* scenario_field = obj.if_contains("scenario");
  if (scenario_field == nullptr || !scenario_field->is_string()) {
    return respond(problem(400, "the body needs \"scenario\": the id of a loaded scenario"));
  }
  std::string scenario_id(scenario_field->as_string());
  auto scenario = catalog_.find(scenario_id);
  if (!scenario) {
    std::string known;
    for (const auto& id : catalog_.ids()) known += (known.empty() ? "" : ", ") + id;
    return respond(problem(404, "no scenario '" + scenario_id + "'; loaded: " + known));
  }
  std::string title;
  if (auto* t = obj.if_contains("title"); t && t->is_string()) title = std::string(t->as_string());
  if (title.size() > 200) return respond(problem(400, "the title is longer than 200 characters"));
  registry_.create(scenario, title, [respond](Result<CreatedSession> created) {
    if (!created) return respond(problem(503, created.error().message));
    const auto& c = created.value();
    json::array seats;
    for (const auto& s : c.seats) seats.push_back(json::object{{"role", s.role}, {"seat", s.seat}, {"join_code", s.code}});
    respond(reply(201, json::object{{"session_id", c.session_id},
                                    {"facilitator_token", c.facilitator_token},
                                    {"observer_code", c.observer_code},
                                    {"seats", seats}}));
  });
}

bool HttpApi::is_facilitator(const std::string& id, const net::HttpRequest& req) const {
  auto credential = registry_.authenticate(bearer(req));
  return (credential && credential->kind == "facilitator" && credential->session_id == id) || is_admin(req);
}

void HttpApi::add_facilitator(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator(id, req)) {
    return respond(problem(401, "a facilitator token of the session is needed ('Authorization: Bearer <token>')"));
  }
  registry_.add_facilitator(id, [respond](Result<SeatCode> added) {
    if (!added) return respond(problem(added.error().message.rfind("no live", 0) == 0 ? 404 : 503, added.error().message));
    respond(reply(201, json::object{{"facilitator_token", added.value().code}, {"role", added.value().role}, {"seat", added.value().seat}}));
  });
}

void HttpApi::session_status(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto host = registry_.find(id);
  if (!is_facilitator(id, req)) {
    return respond(problem(401, "the session's facilitator token is needed ('Authorization: Bearer <token>')"));
  }
  if (!host) return respond(problem(404, "no live session '" + id + "'"));
  host->describe([respond](std::string body) { respond({200, "application/json", body + "\n"}); });
}

}  // namespace parley::app
