#pragma once
// One negotiation session: its scenario and its state. handle() validates
// an input against the rules and, if accepted, returns the events it
// produced, already applied; a rejection changes nothing. apply() folds a
// stored event in (recovery, replay, forks). Deterministic, no I/O: the
// same inputs give the same events and the same state, byte for byte.
//
// The state proto does not carry the messages while a Session holds it: they live in
// messages() (message_log.hpp), and full_state() writes them back in.
//
// Not thread-safe: one owner (a strand in the server) calls it at a time.

#include <google/protobuf/io/coded_stream.h>

#include <memory>
#include <variant>
#include <vector>

#include "engine/input.hpp"
#include "engine/message_log.hpp"
#include "engine/rejection.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

class Session {
 public:
  using Outcome = std::variant<std::vector<parley::v1::Event>, Rejection>;

  explicit Session(std::shared_ptr<const ScenarioIndex> index);
  // `state` may carry messages (a stored snapshot, a view); the session takes them.
  Session(std::shared_ptr<const ScenarioIndex> index, parley::v1::SessionState state);

  Outcome handle(const Input& input);
  // `ahead`: a session that has already applied this event (the server's speculative engine,
  // for its durable one); the message's words are shared with it instead of copied.
  void apply(const parley::v1::Event& event, const Session* ahead = nullptr);

  // The state without its messages; see messages().
  const parley::v1::SessionState& state() const { return state_; }
  const MessageLog& messages() const { return messages_; }
  // The whole state as one proto, messages included: a view, a comparison.
  parley::v1::SessionState full_state() const;
  // The same in the protobuf wire format, written without building it: the rest of the state
  // first, then the messages one by one (the repeated field out of its place, which parses
  // the same). A stored snapshot of a long session is written this way.
  void write(google::protobuf::io::CodedOutputStream& out) const;
  const ScenarioIndex& index() const { return *index_; }
  const std::shared_ptr<const ScenarioIndex>& index_ptr() const { return index_; }

 private:
  std::shared_ptr<const ScenarioIndex> index_;
  parley::v1::SessionState state_;
  MessageLog messages_;
};

// Serialized with map entries in key order, so equal messages give equal
// bytes (snapshots, stored events, determinism checks).
std::string serialize_deterministic(const google::protobuf::MessageLite& message);
inline std::string serialize_state(const parley::v1::SessionState& state) { return serialize_deterministic(state); }

}  // namespace parley::engine
