#pragma once
// The record of language-model seats (parley agents): POST stores one model
// call, sent by the agent with its seat's code, under that seat's role (a code
// speaks only for its own seat); GET gives a facilitator every call of the
// session, oldest first. Participants never read it.

#include <string>

#include "net/http_types.hpp"
#include "session/session_registry.hpp"
#include "storage/db_worker.hpp"

namespace parley::app {

class AgentsApi {
 public:
  AgentsApi(SessionRegistry& registry, storage::DbWorker& db) : registry_(registry), db_(db) {}

  void record(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  // The caller has checked the facilitator's token.
  void list(const std::string& id, const net::HttpResponder& respond);

 private:
  SessionRegistry& registry_;
  storage::DbWorker& db_;
};

}  // namespace parley::app
