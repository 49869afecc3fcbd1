#pragma once
// The white cell's hold on language-model seats. The facilitator sets a seat's
// mode (act, propose, paused, human: taken over by a person) and approves or
// rejects the moves a proposing model puts forward; the model's own client
// reads its mode and its proposals' fate with its seat's code, and sends its
// proposals the same way. The model still sends an approved move itself, as
// any command: the engine judges it then.
//
//   GET  /api/sessions/<id>/agents                          facilitator: modes and proposals
//   POST /api/sessions/<id>/agents/<role>/mode              facilitator: {"mode"}
//   POST /api/sessions/<id>/agents/proposals/<n>            facilitator: {"decision": "approve"|"reject"}
//   GET  /api/sessions/<id>/agents/<role>/control           the seat's code: its mode and proposals
//   POST /api/sessions/<id>/agents/<role>/proposals         the seat's code: {"tool", "arguments"}

#include <functional>
#include <string>

#include "net/http_types.hpp"
#include "session/session_registry.hpp"
#include "storage/db_worker.hpp"

namespace parley::app {

class AgentControlApi {
 public:
  using Check = std::function<bool(const std::string& session_id, const net::HttpRequest&)>;

  AgentControlApi(SessionRegistry& registry, storage::DbWorker& db, Check is_facilitator)
      : registry_(registry), db_(db), is_facilitator_(std::move(is_facilitator)) {}

  // GET /agents.
  void overview(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  // /agents/<rest>.
  void handle(const std::string& id, const std::string& rest, const net::HttpRequest& request, const net::HttpResponder& respond);

 private:
  void set_mode(const std::string& id, const std::string& role, const net::HttpRequest& request, const net::HttpResponder& respond);
  void decide(const std::string& id, const std::string& number, const net::HttpRequest& request, const net::HttpResponder& respond);
  void control(const std::string& id, const std::string& role, const net::HttpResponder& respond);
  void propose(const std::string& id, const std::string& role, const net::HttpRequest& request, const net::HttpResponder& respond);
  // Whether the request carries the code of this role's seat in this session.
  bool is_seat(const std::string& id, const std::string& role, const net::HttpRequest& request) const;

  SessionRegistry& registry_;
  storage::DbWorker& db_;
  Check is_facilitator_;
};

}  // namespace parley::app
