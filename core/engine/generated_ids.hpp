#pragma once
// The ids the engine generates, in namespaces no scenario id may use (the
// validator refuses look-alikes): drafts DR1, DR2, …; pledges PL1, …;
// private and room messages m1, …; rulings AJ1, …; caucus rooms #name, after
// their name.
// Keeping them apart from scenario ids means "DR2" can never be read as
// option T2 of an issue, or "PL1" as precedence option P1.

#include <optional>
#include <string>

namespace parley::engine {

inline constexpr const char* kDraftPrefix = "DR";
inline constexpr const char* kPledgePrefix = "PL";
inline constexpr const char* kMessagePrefix = "m";
inline constexpr const char* kRulingPrefix = "AJ";  // the white cell's adjudications
inline constexpr const char* kRoomCounter = "R";  // counts rooms, for names that give no id

// "draft", "pledge", "message", "ruling" or "room" when the id has that generated shape.
std::optional<std::string> generated_id_kind(const std::string& id);

// A room's id from its name: '#' and the name in lower case, with every run
// of other characters as one '-' ("Gulf states" -> "#gulf-states"); empty
// when the name has no ASCII letter or digit.
std::string room_id_for(const std::string& name);

}  // namespace parley::engine
