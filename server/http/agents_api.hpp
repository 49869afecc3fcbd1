#pragma once
// Language-model seats from the white cell's dashboard, and their record.
// POST /agents seats a model (the server's configured endpoint, through
// `parley agents`) on named head seats nobody holds; POST /agent-calls stores
// one model call, sent by the agent with its seat's code, under that seat's
// role (a code speaks only for its own seat); GET /agent-calls gives a
// facilitator every call of the session, oldest first. Participants never read it.

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "http/bot_launcher.hpp"
#include "net/http_types.hpp"
#include "session/session_archive.hpp"
#include "session/session_registry.hpp"
#include "storage/db_worker.hpp"

namespace parley::app {

class AgentsApi {
 public:
  // `model`: the server's endpoint, key and default model (an empty endpoint: none configured).
  AgentsApi(SessionRegistry& registry, SessionArchive& archive, storage::DbWorker& db, BotLauncher& launcher, AgentLaunch model)
      : registry_(registry), archive_(archive), db_(db), launcher_(launcher), model_(std::move(model)) {}

  // The caller has checked the facilitator's token. Body: {"roles": [...], "model"?, "persona"?, "fallback"?}.
  void seat(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);

  void record(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  // The caller has checked the facilitator's token.
  // ?role=KSA: one seat's; ?limit=N: the latest N.
  void list(const std::string& id, const net::HttpRequest& req, const net::HttpResponder& respond);

 private:
  void seat_on(SessionHost& host, const boost::json::object& body, const AgentLaunch& launch, const std::string& token,
               const std::map<std::string, std::string>& planned, const net::HttpResponder& respond);

  SessionRegistry& registry_;
  SessionArchive& archive_;
  storage::DbWorker& db_;
  BotLauncher& launcher_;
  AgentLaunch model_;
};

}  // namespace parley::app
