#include "http/agents_api.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "http/bots_api.hpp"
#include "http/http_reply.hpp"
#include "session/session_views.hpp"
#include "storage/agent_calls.hpp"

namespace parley::app {
namespace json = boost::json;

namespace {
std::string text_field(const json::object& body, const char* name, const std::string& fallback) {
  const auto* v = body.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}
}  // namespace

void AgentsApi::seat(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (model_.endpoint.empty()) {
    return respond(problem(ErrorCode::unavailable, "no language model is configured on this server: start it with --llm-url "
                                                   "(PARLEY_LLM_URL) naming an OpenAI-compatible endpoint (docs/ai-delegations.md)"));
  }
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return respond(problem(ErrorCode::invalid, "the body must be a JSON object like {\"roles\": [\"KSA\"]}"));
  AgentLaunch launch = model_;
  const auto& obj = body.as_object();
  launch.model = text_field(obj, "model", model_.model);
  launch.persona = text_field(obj, "persona", "");
  launch.fallback = text_field(obj, "fallback", "wait");
  if (launch.fallback != "wait" && launch.fallback != "bot") return respond(problem(ErrorCode::invalid, "fallback is wait or bot"));
  if (launch.model.empty() || launch.model.size() > 200 || launch.persona.size() > 2000) {
    return respond(problem(ErrorCode::invalid, "model must be 1-200 characters and persona at most 2000"));
  }
  // A class's list keeps some head seats for people: a model never takes them, as a bot never does.
  planned_seats(archive_, id, [this, id, obj, launch, token = bearer(req), respond](Result<std::map<std::string, std::string>> planned) {
    if (!planned) return respond(problem(planned.error()));
    registry_.use(id, [this, obj, launch, token, planned = planned.value(), respond](Result<std::shared_ptr<SessionHost>> host) {
      if (!host) return respond(problem(host.error()));
      seat_on(*host.value(), obj, launch, token, planned, respond);
    });
  });
}

void AgentsApi::seat_on(SessionHost& host, const json::object& obj, const AgentLaunch& launch, const std::string& token,
                        const std::map<std::string, std::string>& planned, const net::HttpResponder& respond) {
  auto roles = requested_roles(obj, *host.index());
  if (!roles) return respond(problem(roles.error()));
  host.inspect([this, id = host.id(), launch, token, planned, respond, wanted = roles.value()](const HostView& view) {
    auto seats = app::bot_seats(view);
    if (seats.ended) return respond(problem(ErrorCode::conflict, "the session has ended; there is nothing left for a model to play"));
    for (const auto& role : wanted) {
      if (auto p = planned.find(role); p != planned.end()) {
        return respond(problem(ErrorCode::conflict, role + "'s head seat is kept for " + p->second + " (the class list); a model never takes a person's seat"));
      }
      if (std::find(seats.free.begin(), seats.free.end(), role) == seats.free.end()) {
        return respond(problem(ErrorCode::conflict, role + "'s head seat is taken; a model only takes a seat nobody holds"));
      }
    }
    for (const auto& role : wanted) {
      if (auto s = launcher_.launch_agent(id, role, launch, token); !s) return respond(problem(s.error()));
    }
    json::array started;
    for (const auto& r : wanted) started.push_back(json::value(r));
    respond(reply(202, json::object{{"roles", started}, {"model", launch.model}, {"fallback", launch.fallback}}));
  });
}

void AgentsApi::record(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto credential = registry_.authenticate(bearer(req));
  if (!credential || credential->session_id != id || credential->kind != storage::CredentialKind::seat) {
    return respond(problem(ErrorCode::unauthorized, "a seat's code of this session is needed to record its model calls"));
  }
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return respond(problem(ErrorCode::invalid, "the body must be one JSON object: the record of a model call"));
  db_.call(
      "storing a model call",
      [id, role = credential->role, seat = credential->seat, text = std::string(req.body)](pqxx::connection& conn) {
        return storage::insert_agent_call(conn, id, role, seat, text);
      },
      [respond](Status stored) {
        if (!stored) return respond(problem(stored.error()));
        respond(reply(201, json::object{{"stored", true}}));
      });
}

void AgentsApi::list(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto role = query_param(req.target, "role");
  auto limit_text = query_param(req.target, "limit");
  std::int64_t limit = 0;
  if (!limit_text.empty()) {
    auto [end, ec] = std::from_chars(limit_text.data(), limit_text.data() + limit_text.size(), limit);
    if (ec != std::errc() || end != limit_text.data() + limit_text.size() || limit < 1) {
      return respond(problem(ErrorCode::invalid, "limit must be a whole number above 0, not '" + limit_text + "'"));
    }
  }
  db_.call(
      "reading the model calls", [id, role, limit](pqxx::connection& conn) { return storage::load_agent_calls(conn, id, role, limit); },
      [respond](Result<std::vector<storage::AgentCall>> calls) {
        if (!calls) return respond(problem(calls.error()));
        // The records go in as stored: JSON text, not parsed again.
        std::string out = "{\"calls\":[";
        for (const auto& c : calls.value()) {
          if (out.back() != '[') out += ',';
          out += "{\"role\":" + json::serialize(json::value(c.role)) + ",\"seat\":" + std::to_string(c.seat) +
                 ",\"at\":" + json::serialize(json::value(c.at)) + ",\"record\":" + c.record + "}";
        }
        respond({200, "application/json", out + "]}"});
      });
}

}  // namespace parley::app
