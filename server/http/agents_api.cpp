#include "http/agents_api.hpp"

#include <boost/json.hpp>

#include "http/http_reply.hpp"
#include "storage/agent_calls.hpp"

namespace parley::app {
namespace json = boost::json;

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

void AgentsApi::list(const std::string& id, const net::HttpResponder& respond) {
  db_.call(
      "reading the model calls", [id](pqxx::connection& conn) { return storage::load_agent_calls(conn, id); },
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
