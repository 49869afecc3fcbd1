#pragma once
// Small lookups into a SessionState shared by the rules, the fold and the
// views. None of them allocate state; all are deterministic.

#include <optional>
#include <string>

#include "engine/action.hpp"
#include "engine/generated_ids.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/engine.pb.h"

namespace parley::engine {

// A fresh session in the lobby, with each role's starting profile and budget.
parley::v1::SessionState initial_state(const ScenarioIndex& index);

parley::v1::RoleState& role_state(parley::v1::SessionState& s, int role);
const parley::v1::RoleState& role_state(const parley::v1::SessionState& s, int role);

// The role's profile as it stands now (after inject effects).
Profile current_profile(const ScenarioIndex& index, const parley::v1::SessionState& s, int role);

// Every role's profile as of this state, for the Analyzer.
std::vector<std::optional<Profile>> current_profiles(const ScenarioIndex& index, const parley::v1::SessionState& s);

parley::v1::TreatyText* find_text(parley::v1::SessionState& s, const std::string& id);
const parley::v1::TreatyText* find_text(const parley::v1::SessionState& s, const std::string& id);
// A room by its id ("#gulf") or its name ("gulf", "Gulf").
const parley::v1::Room* find_room(const parley::v1::SessionState& s, const std::string& ref);

// A text's options as indices per issue (-1 where open). Ids must be valid.
Text to_text(const ScenarioIndex& index, const google::protobuf::Map<std::string, std::string>& options);

// The current phase's definition; nullptr outside the negotiation stages.
const parley::v1::Phase* current_phase(const ScenarioIndex& index, const parley::v1::SessionState& s);
bool phase_allows(const parley::v1::Phase& phase, Action action);

// Delegations that signed the treaty, in scenario order.
std::vector<int> signatories(const ScenarioIndex& index, const parley::v1::SessionState& s);

// Applies one inject effect to a role's state.
void apply_effect(const ScenarioIndex& index, parley::v1::RoleState& role, const parley::v1::Effect& effect);

// The next generated id with a prefix (generated_ids.hpp: DR drafts, m messages...).
std::string next_id(const parley::v1::SessionState& s, const char* prefix);
// Counts an id as used; the fold calls it for each event that creates one.
void bump_id(parley::v1::SessionState& s, const char* prefix);

// A session's status as the database stores it and the API shows it: "lobby", "running",
// "paused" or "ended" ("unknown" for anything else). One spelling for every layer.
std::string status_name(parley::v1::SessionStatus status);
// The reverse; nullopt for a word that is none of the four.
std::optional<parley::v1::SessionStatus> status_from_name(const std::string& name);
// The event kind's name as stored and listed: "treaty_signed", "vote_closed"...
std::string event_kind(const parley::v1::Event& event);

}  // namespace parley::engine
