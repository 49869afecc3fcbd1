#pragma once
// Who may see what. The white cell sees everything; observers see only the
// public record; a delegation or outside power never sees another role's
// private brief, profile, budget, pledges it is not party to, or messages
// and rooms it is not in. Every event and state a role receives passes
// through these functions.

#include "engine/message_log.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"
#include "parley/v1/scenario.pb.h"

namespace parley::engine {

// `state` is any state at or after the event (room membership never changes).
bool visible_to(const ScenarioIndex& index, const parley::v1::SessionState& state, const parley::v1::Event& event,
                int role);

// Whether the event is public: visible to every role, observers included.
bool is_public(const parley::v1::Event& event);

// The event as a role may read it, when it may see it at all: a signature
// says whether it crossed the signer's red line only to the signer and the
// white cell (the red line is private).
parley::v1::Event view_event(const ScenarioIndex& index, const parley::v1::Event& event, int role);
// Whether view_event would change the event for some role.
bool has_private_detail(const parley::v1::Event& event);

// The state as a role may read it, with the messages it may read: `state` without its
// messages and `messages` as a Session holds them, or (the second form) a state proto that
// carries its messages.
parley::v1::SessionState view_state(const ScenarioIndex& index, const parley::v1::SessionState& state,
                                    const MessageLog& messages, int role);
parley::v1::SessionState view_state(const ScenarioIndex& index, parley::v1::SessionState state, int role);

// The scenario as a role may read it: no held or future injects, and no
// other role's private brief or profile.
parley::v1::Scenario view_scenario(const ScenarioIndex& index, int role);

}  // namespace parley::engine
