#pragma once
// One negotiation session: its scenario and its state. handle() validates
// an input against the rules and, if accepted, returns the events it
// produced, already applied; a rejection changes nothing. apply() folds a
// stored event in (recovery, replay, forks). Deterministic, no I/O: the
// same inputs give the same events and the same state, byte for byte.
//
// Not thread-safe: one owner (a strand in the server) calls it at a time.

#include <memory>
#include <variant>
#include <vector>

#include "engine/input.hpp"
#include "engine/rejection.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

class Session {
 public:
  using Outcome = std::variant<std::vector<parley::v1::Event>, Rejection>;

  explicit Session(std::shared_ptr<const ScenarioIndex> index);
  Session(std::shared_ptr<const ScenarioIndex> index, parley::v1::SessionState state);

  Outcome handle(const Input& input);
  void apply(const parley::v1::Event& event);

  const parley::v1::SessionState& state() const { return state_; }
  const ScenarioIndex& index() const { return *index_; }
  const std::shared_ptr<const ScenarioIndex>& index_ptr() const { return index_; }

 private:
  std::shared_ptr<const ScenarioIndex> index_;
  parley::v1::SessionState state_;
};

// Serialized with map entries in key order, so equal messages give equal
// bytes (snapshots, stored events, determinism checks).
std::string serialize_deterministic(const google::protobuf::MessageLite& message);
inline std::string serialize_state(const parley::v1::SessionState& state) { return serialize_deterministic(state); }

}  // namespace parley::engine
