#pragma once
// The actions a seat may take now, as tools a language model can call, and
// the way back from a call to the command the engine judges. One tool per
// action the seat's desk shows open (the names are the Command fields:
// send_message, table_text, vote...), plus "wait". Every id a tool takes is
// enumerated from what the seat can see, so a model with constrained decoding
// cannot name a text or a room that does not exist; one without it still gets
// the engine's refusal. Pure: no I/O.

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::agents {

// What the seat knows beyond its desk: the rooms it is a member of.
struct SeatKnowledge {
  std::string role;              // its own role id
  std::set<std::string> rooms;   // room ids it was told of
};

struct ToolCall {
  std::string id;         // the model's id for the call ("" from the JSON-only format)
  std::string name;
  std::string arguments;  // JSON text, as the model wrote it
};

// The OpenAI "tools" array for the seat now: [{"type":"function","function":{name, description, parameters}}].
boost::json::array tools_for(const engine::ScenarioIndex& index, const parley::v1::Desk& desk, const SeatKnowledge& seat);

// The command a call stands for; nullopt for "wait". invalid, with the reason a model can act on,
// for an unknown tool, arguments that are not a JSON object, or a field of the wrong type or name.
Result<std::optional<parley::v1::Command>> command_from(const ToolCall& call);

// The tool name of a command ("vote" for a CastVote), as the record shows it.
std::string tool_name(const parley::v1::Command& command);

}  // namespace parley::agents
