#pragma once
// Writes one connection's EventBatch frame in protobuf's binary form. Each
// event is serialized once for every connection as its "core" (the event
// without the header fields at_ms, round, phase, actor and seat); the writer
// adds the header, packed against the connection's previous event
// (EventPacking, PackingContext), so a stream of events repeats little of it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parley/v1/protocol.pb.h"
#include "wire/packing_context.hpp"

namespace parley::wire {

// The event's serialized form without its header fields.
std::string event_core(const parley::v1::Event& event);
// The same, cut from an event already serialized (as stored), without parsing
// it into a message; nullopt if the bytes are not a well-formed message.
std::optional<std::string> event_core(std::string_view serialized);

class BatchWriter {
 public:
  // `header` supplies the header fields; `core` is event_core() of the event as this connection
  // may see it, without its text when `own_text` (OWN_TEXT). Packed against `previous`, the
  // connection's last event, which it becomes.
  void add_event(PackingContext& previous, std::uint64_t seq, const parley::v1::Event& header, std::string_view core,
                 bool own_text = false);
  void add_ack(const std::string& request_id, std::uint64_t seq, std::uint32_t events);
  bool empty() const { return body_.empty(); }
  // The ServerEnvelope holding the batch; the writer is empty again after.
  std::string finish();
  // The batch as field `field` of some other message (appended to that message's bytes).
  std::string finish_field(std::uint32_t field);

 private:
  std::string body_;      // the EventBatch's fields so far
  std::string scratch_;   // one event or envelope being built
  std::string event_;     // one event's fields being built
};

}  // namespace parley::wire
