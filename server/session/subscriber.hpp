#pragma once
// A connection as a session sees it: who it is and how to reach it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/ws_connection.hpp"

namespace parley::v1 {
class ServerEnvelope;
}

namespace parley::app {

struct Subscriber {
  std::uint64_t client_id = 0;
  std::string role;
  int role_index = -1;
  std::uint32_t seat = 0;
  std::shared_ptr<net::WsConnection> conn;
  bool text = false;  // answers in JSON text frames, else binary protobuf
  std::string client; // what the client said it is in its hello ("browser", "bot:boulware", …)
  bool keeps_own_texts = false;  // its own texts are left out of its batches (OWN_TEXT)
  bool wants_desk = false;       // is sent its seat's Desk whenever it changes
  std::string display_name;      // the person's name, for the white cell only
  // No connection: the server itself asked (a cohort's bulk action), and hears its answer here.
  std::function<void(const parley::v1::ServerEnvelope&)> reply;
};

}  // namespace parley::app
