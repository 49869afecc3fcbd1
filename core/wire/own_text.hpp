#pragma once
// The texts a client need not be sent back (EventPacking OWN_TEXT): a
// message, room message or statement repeats its command's text word for
// word, and a client that keeps its commands' texts until their answers
// (Hello.keeps_own_texts) already has it.

#include <string>

#include "parley/v1/engine.pb.h"
#include "parley/v1/protocol.pb.h"

namespace parley::wire {

// The text the command's event will repeat; empty for commands without one.
const std::string& command_text(const parley::v1::Command& command);
// Whether the event repeats its command's text (and so may leave it out).
bool has_own_text(const parley::v1::Event& event);
// The event without that text, to serialize for the client that sent it.
parley::v1::Event without_own_text(const parley::v1::Event& event);
// Whether the event at `seq` is one the command answered by `ack` caused, so that the text
// left out is that command's (an ack without a request id names no command the client holds).
bool covers(const parley::v1::Ack& ack, std::uint64_t seq);
// Puts the text back, in whichever field the event's kind keeps it.
void restore_own_text(parley::v1::Event& event, const std::string& text);

}  // namespace parley::wire
