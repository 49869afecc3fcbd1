#pragma once
// Checks shared by the rules. Each returns a rejection naming what is wrong,
// or nothing when the check passes.

#include <initializer_list>
#include <string>

#include "engine/action.hpp"
#include "engine/context.hpp"

namespace parley::engine::rules {

Verdict require_running(const Context& ctx);
// The session is running, in negotiation, and the current phase allows it.
Verdict require_action(const Context& ctx, Action action, const char* doing);
Verdict require_kind(const Context& ctx, std::initializer_list<parley::v1::RoleKind> kinds, const char* doing);
Verdict require_white_cell(const Context& ctx, const char* doing);
// Only the head of delegation (seat 0) votes and signs.
Verdict require_head(const Context& ctx, const char* doing);
// A known role that is not an observer, for messages and rooms.
Verdict require_addressable(const Context& ctx, const std::string& role, const char* what);
Verdict require_text_content(const std::string& text, const char* what);

// Who may take a phase action, and when: the checks each rule runs before it
// looks at the command's content. The desk (engine/desk.cpp) asks the same
// question, so what it shows as open is what the rule accepts.
Verdict gate(const Context& ctx, Action action);
// Signing or declining: the delegation's head, in a phase that allows
// signatures, eligible under the adopted text, and not decided yet.
Verdict signature_gate(const Context& ctx, const char* doing);

}  // namespace parley::engine::rules
