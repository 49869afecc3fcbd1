#pragma once
// A session's private and room messages, kept compactly. A live session holds tens of
// thousands of them, in two engines (the server's speculative and durable ones), so the
// state proto does not carry them while a Session runs: each message is one immutable
// record, shared by every log that holds it (a copied log, and a log that adopts what
// another already holds), and a log entry is a pointer and a flag. They become
// PrivateMessage protos only when a state is written out (a stored snapshot, a role's view).
//
// A value type: copies share records, never mutate them. Not thread-safe, like the Session
// that owns it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

class MessageLog {
 public:
  // What a role may need of a message to decide whether it sees it, without its words.
  struct Header {
    int from = -1;  // role index
    int to = -1;    // role index; -1 for a room message
    const std::string& room_id;
    bool leaked = false;
  };

  // A message as an event or a stored state names it; read only during add().
  struct Fields {
    const std::string& id;
    const std::string& from;     // role id
    const std::string& to;       // role id; empty for a room message
    const std::string& room_id;  // empty for a private message
    const std::string& text;
    bool leaked = false;
  };

  // Appends a message. When `ahead` already holds the same message at this position (the
  // speculative engine, for the durable one applying what it produced), its record is shared.
  void add(const ScenarioIndex& index, const Fields& m, const MessageLog* ahead = nullptr);
  // Marks a message leaked; false if there is none with that id.
  bool mark_leaked(const std::string& id);

  std::size_t size() const { return entries_.size(); }
  // The position of the message with this id, or size() when there is none.
  std::size_t find(const std::string& id) const;
  Header header(std::size_t i) const;
  parley::v1::PrivateMessage message(const ScenarioIndex& index, std::size_t i) const;

  // Appends the messages `keep` accepts to `out`, in order.
  void write_to(const ScenarioIndex& index, google::protobuf::RepeatedPtrField<parley::v1::PrivateMessage>& out,
                const std::function<bool(const Header&)>& keep) const;
  // Moves the messages a state proto carries into the log (a stored snapshot, a client's
  // view), leaving the proto without them.
  void take_from(const ScenarioIndex& index, parley::v1::SessionState& state);

 private:
  struct Record {
    std::string id;
    std::string text;
    std::string room_id;
    std::int16_t from;
    std::int16_t to;
  };
  struct Entry {
    std::shared_ptr<const Record> record;
    bool leaked = false;
  };
  std::vector<Entry> entries_;
};

}  // namespace parley::engine
