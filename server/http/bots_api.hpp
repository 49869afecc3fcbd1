#pragma once
// Bots on a session's seats, from the white cell's dashboard: POST seats them on named
// head seats (or every free one) through the public protocol, as `parley bots` would from a
// terminal; DELETE stops one and frees its seat. Never on a seat a person holds or a class
// list keeps for one. The caller has checked the facilitator's token.

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <string>

#include "http/bot_launcher.hpp"
#include "net/http_types.hpp"
#include "session/session_archive.hpp"
#include "session/session_registry.hpp"

namespace parley::app {

// The delegations and outside powers a request's "roles" names, or what is wrong with them.
Result<std::vector<std::string>> requested_roles(const boost::json::object& body, const engine::ScenarioIndex& index);
// The head seats a class's list keeps for people (role -> name); no bot or model takes them.
void planned_seats(SessionArchive& archive, const std::string& id,
                   std::function<void(Result<std::map<std::string, std::string>>)> then);

class BotsApi {
 public:
  BotsApi(SessionRegistry& registry, SessionArchive& archive, BotLauncher& bots) : registry_(registry), archive_(archive), bots_(bots) {}

  void start(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void remove(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);

 private:
  void seat(SessionHost& host, const boost::json::object& body, const std::string& token,
            const std::map<std::string, std::string>& planned, const net::HttpResponder& respond);

  SessionRegistry& registry_;
  SessionArchive& archive_;
  BotLauncher& bots_;
};

}  // namespace parley::app
