#include "http/agent_control_api.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "http/http_reply.hpp"
#include "storage/agent_control.hpp"

namespace parley::app {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxArguments = 16 * 1024;

json::object proposal_json(const storage::Proposal& p) {
  return {{"id", p.id}, {"role", p.role}, {"tool", p.tool}, {"arguments", p.arguments}, {"status", storage::proposal_status_name(p.status)}};
}

Result<json::object> body_object(const net::HttpRequest& req, const char* example) {
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return fail(ErrorCode::invalid, std::string("the body must be a JSON object like ") + example);
  return body.as_object();
}

std::string field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

}  // namespace

bool AgentControlApi::is_seat(const std::string& id, const std::string& role, const net::HttpRequest& req) const {
  auto c = registry_.authenticate(bearer(req));
  return c && c->session_id == id && c->kind == storage::CredentialKind::seat && c->role == role;
}

void AgentControlApi::overview(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator_(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed"));
  db_.call(
      "reading the model seats",
      [id](pqxx::connection& conn) -> Result<json::object> {
        auto modes = storage::agent_modes(conn, id);
        if (!modes) return modes.error();
        auto props = storage::proposals(conn, id);
        if (!props) return props.error();
        json::array seats, list;
        for (const auto& [role, mode] : modes.value()) seats.push_back(json::object{{"role", role}, {"mode", storage::agent_mode_name(mode)}});
        for (const auto& p : props.value()) list.push_back(proposal_json(p));
        return json::object{{"seats", seats}, {"proposals", list}};
      },
      [respond](Result<json::object> out) { respond(out ? reply(200, out.value()) : problem(out.error())); });
}

void AgentControlApi::handle(const std::string& id, const std::string& rest, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto slash = rest.find('/');
  std::string first = rest.substr(0, slash);
  std::string second = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (first == "proposals" && req.method == "POST") return decide(id, second, req, respond);
  if (second == "mode" && req.method == "POST") return set_mode(id, first, req, respond);
  if (second == "control" && req.method == "GET") {
    if (!is_seat(id, first, req) && !is_facilitator_(id, req)) {
      return respond(problem(ErrorCode::unauthorized, "the code of " + first + "'s seat (or a facilitator token) is needed"));
    }
    return control(id, first, respond);
  }
  if (second == "proposals" && req.method == "POST") {
    if (!is_seat(id, first, req)) return respond(problem(ErrorCode::unauthorized, "only the code of " + first + "'s seat proposes its moves"));
    return propose(id, first, req, respond);
  }
  respond(problem(ErrorCode::not_found, "no such endpoint: /api/sessions/" + id + "/agents/" + rest));
}

void AgentControlApi::set_mode(const std::string& id, const std::string& role, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator_(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to set a seat's mode"));
  auto body = body_object(req, "{\"mode\": \"propose\"}");
  if (!body) return respond(problem(body.error()));
  auto mode = storage::agent_mode_from(field(body.value(), "mode"));
  if (!mode) return respond(problem(ErrorCode::invalid, "mode is act, propose, paused or human"));
  db_.call(
      "setting the seat's mode", [id, role, m = *mode](pqxx::connection& conn) { return storage::set_agent_mode(conn, id, role, m); },
      [respond, role, m = *mode](Status s) {
        respond(s ? reply(200, json::object{{"role", role}, {"mode", storage::agent_mode_name(m)}}) : problem(s.error()));
      });
}

void AgentControlApi::decide(const std::string& id, const std::string& number, const net::HttpRequest& req, const net::HttpResponder& respond) {
  if (!is_facilitator_(id, req)) return respond(problem(ErrorCode::unauthorized, "a facilitator token of the session is needed to decide a proposal"));
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size()) return respond(problem(ErrorCode::not_found, "no proposal '" + number + "'"));
  auto body = body_object(req, "{\"decision\": \"approve\"}");
  if (!body) return respond(problem(body.error()));
  auto word = field(body.value(), "decision");
  if (word != "approve" && word != "reject") return respond(problem(ErrorCode::invalid, "decision is approve or reject"));
  auto decision = word == "approve" ? storage::ProposalStatus::approved : storage::ProposalStatus::rejected;
  db_.call(
      "deciding the proposal", [id, n, decision](pqxx::connection& conn) { return storage::decide_proposal(conn, id, n, decision); },
      [respond, n, decision](Status s) {
        respond(s ? reply(200, json::object{{"id", n}, {"status", storage::proposal_status_name(decision)}}) : problem(s.error()));
      });
}

void AgentControlApi::control(const std::string& id, const std::string& role, const net::HttpResponder& respond) {
  db_.call(
      "reading the seat's control",
      [id, role](pqxx::connection& conn) -> Result<json::object> {
        auto mode = storage::agent_mode(conn, id, role);
        if (!mode) return mode.error();
        auto props = storage::proposals(conn, id, role);
        if (!props) return props.error();
        json::array list;
        for (const auto& p : props.value()) list.push_back(proposal_json(p));
        return json::object{{"mode", storage::agent_mode_name(mode.value())}, {"proposals", list}};
      },
      [respond](Result<json::object> out) { respond(out ? reply(200, out.value()) : problem(out.error())); });
}

void AgentControlApi::propose(const std::string& id, const std::string& role, const net::HttpRequest& req, const net::HttpResponder& respond) {
  auto body = body_object(req, "{\"tool\": \"vote\", \"arguments\": \"{...}\"}");
  if (!body) return respond(problem(body.error()));
  auto tool = field(body.value(), "tool");
  auto arguments = field(body.value(), "arguments");
  if (tool.empty() || tool.size() > 64 || arguments.size() > kMaxArguments) {
    return respond(problem(ErrorCode::invalid, "a proposal names a tool (at most 64 characters) and its arguments as JSON text (at most 16 KB)"));
  }
  db_.call(
      "storing the proposal", [id, role, tool, arguments](pqxx::connection& conn) { return storage::add_proposal(conn, id, role, tool, arguments); },
      [respond](Result<std::int64_t> added) { respond(added ? reply(201, json::object{{"id", added.value()}}) : problem(added.error())); });
}

}  // namespace parley::app
