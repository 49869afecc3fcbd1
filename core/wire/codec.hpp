#pragma once
// Frames to envelopes and back. Binary frames carry protobuf; text frames
// carry protobuf's canonical JSON mapping. A connection is answered in the
// form it spoke, so encode takes the same flag decode was given.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::wire {

Result<parley::v1::ClientEnvelope> decode_client(std::string_view frame, bool text);
std::string encode_server(const parley::v1::ServerEnvelope& envelope, bool text);

// The server's envelopes, built in one place.
parley::v1::ServerEnvelope ack_envelope(const std::string& request_id, std::uint64_t seq, std::uint32_t events);
parley::v1::ServerEnvelope event_envelope(std::uint64_t seq, const parley::v1::Event& event);
// A command the server refused before the rules (malformed, overloaded, storage away...).
parley::v1::ServerEnvelope protocol_rejection(const std::string& request_id, parley::v1::ProtocolError code, const std::string& message,
                                              bool retryable);
// A command the engine's rules refused; never retryable as it is.
parley::v1::ServerEnvelope rule_rejection(const std::string& request_id, parley::v1::RejectionCode code, const std::string& message);

// The command's name as the protocol spells it ("send_message"), for logs and metrics.
std::string command_name(const parley::v1::Command& command);

}  // namespace parley::wire
