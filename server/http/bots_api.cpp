#include "http/bots_api.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "http/http_reply.hpp"
#include "session/session_views.hpp"

namespace parley::app {
namespace json = boost::json;

// The roles named in a bots request, or a sentence saying what is wrong with them.
Result<std::vector<std::string>> requested_roles(const json::object& body, const engine::ScenarioIndex& index) {
  auto* list = body.if_contains("roles");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) {
    return fail(ErrorCode::invalid, "the body must be {\"roles\": [ROLE, ...]} or {\"empty\": true} (and optionally \"strategy\")");
  }
  std::vector<std::string> roles;
  for (const auto& v : list->as_array()) {
    if (!v.is_string()) return fail(ErrorCode::invalid, "\"roles\" must list role ids as strings");
    std::string role(v.as_string());
    auto r = index.role_index(role);
    if (!r || (index.role(*r).kind() != parley::v1::DELEGATION && index.role(*r).kind() != parley::v1::OUTSIDE_POWER)) {
      return fail(ErrorCode::invalid, "'" + role + "' is not a delegation or outside power of this scenario");
    }
    roles.push_back(role);
  }
  return roles;
}

void planned_seats(SessionArchive& archive, const std::string& id,
                   std::function<void(Result<std::map<std::string, std::string>>)> then) {
  archive.roster(id, [then = std::move(then)](Result<std::vector<review::RosterName>> roster) {
    if (!roster) return then(roster.error());
    std::map<std::string, std::string> planned;
    for (const auto& p : roster.value()) {
      if (p.seat == 0) planned[p.role] = p.name;
    }
    then(std::move(planned));
  });
}

// Bots take the named roles' head seats (or every unclaimed one) through the
// public protocol, as `parley bots` would from a terminal.
void BotsApi::start(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return respond(problem(ErrorCode::invalid, "the body must be a JSON object like {\"roles\": [\"KSA\"]}"));
  // A class's list plans some head seats for people: bots never take them, here as in the class dashboard.
  planned_seats(archive_, id, [this, id, body = std::move(body), token = bearer(req), respond](Result<std::map<std::string, std::string>> planned) {
    if (!planned) return respond(problem(planned.error()));
    registry_.use(id, [this, body, token, planned = planned.value(), respond](Result<std::shared_ptr<SessionHost>> host) {
      if (!host) return respond(problem(host.error()));
      seat(*host.value(), body.as_object(), token, planned, respond);
    });
  });
}

void BotsApi::seat(SessionHost& host, const json::object& obj, const std::string& token, const std::map<std::string, std::string>& planned,
                   const net::HttpResponder& respond) {
  const std::string id = host.id();
  std::string strategy = "mixed";  // each bot draws its strategy and temperament from the seed, as rehearsals do
  if (auto* s = obj.if_contains("strategy"); s && s->is_string()) strategy = std::string(s->as_string());
  if (strategy != "mixed" && strategy != "boulware" && strategy != "conceder" && strategy != "tit-for-tat") {
    return respond(problem(ErrorCode::invalid, "strategy '" + strategy + "' is not one of mixed, boulware, conceder, tit-for-tat"));
  }
  auto launch = [this, id, strategy, token, respond](const std::vector<std::string>& roles) {
    if (roles.empty()) return respond(problem(ErrorCode::conflict, "every seat that a bot could take is already claimed"));
    // One process per role, so the white cell can remove one bot without the others.
    for (const auto& role : roles) {
      if (auto s = bots_.launch(id, {role}, strategy, token); !s) return respond(problem(s.error()));
    }
    json::array started;
    for (const auto& r : roles) started.push_back(json::value(r));
    respond(reply(202, json::object{{"roles", started}, {"strategy", strategy}}));
  };
  bool empty_seats = false;
  if (auto* empty = obj.if_contains("empty"); empty && empty->is_bool() && empty->as_bool()) empty_seats = true;
  auto roles = empty_seats ? Result<std::vector<std::string>>(std::vector<std::string>{}) : requested_roles(obj, *host.index());
  if (!roles) return respond(problem(roles.error()));
  host.inspect([launch, respond, empty_seats, planned, wanted = roles.value()](const HostView& view) {
    auto seats = app::bot_seats(view);
    if (seats.ended) return respond(problem(ErrorCode::conflict, "the session has ended; there is nothing left for a bot to play"));
    std::erase_if(seats.free, [&planned](const std::string& role) { return planned.count(role) > 0; });
    if (empty_seats) return launch(seats.free);
    for (const auto& role : wanted) {
      if (auto p = planned.find(role); p != planned.end()) {
        return respond(problem(ErrorCode::conflict, role + "'s head seat is kept for " + p->second + " (the class list); bots never take a person's seat"));
      }
    }
    // A person's seat waits for that person, in a fork too: a bot beside them would vote in their name.
    for (const auto& role : wanted) {
      if (std::find(seats.humans.begin(), seats.humans.end(), role) != seats.humans.end()) {
        return respond(problem(ErrorCode::conflict, role + "'s head seat was taken by a person (in this session or the one it was forked from); "
                                           "bots never take a person's seat"));
      }
    }
    launch(wanted);
  });
}

// DELETE /api/sessions/<id>/bots?role=R: the bot on R's head seat stops and the seat is free
// again (its votes and words so far stand in the record).
void BotsApi::remove(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond) {
  std::string role = query_param(req.target, "role");
  if (role.empty()) return respond(problem(ErrorCode::invalid, "name the bot's role: DELETE /api/sessions/<id>/bots?role=ROLE"));
  registry_.use(id, [this, id, role, respond](Result<std::shared_ptr<SessionHost>> host) {
    if (!host) return respond(problem(host.error()));
    bots_.stop(id, role);
    host.value()->remove_bot(role, [role, respond](Status s) {
      if (!s) return respond(problem(s.error()));
      respond(reply(202, json::object{{"role", role}, {"released", true}}));
    });
  });
}

}  // namespace parley::app
