#pragma once
// Writes one connection's EventBatch frame in protobuf's binary form. Each
// event is serialized once for every connection as its "core" (the event
// without the header fields at_ms, round, phase, actor and seat); the writer
// adds the header, packed against the event before it in this frame
// (EventPacking), so a batch of one commit's events repeats none of it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parley/v1/protocol.pb.h"

namespace parley::protocol {

// The event's serialized form without its header fields.
std::string event_core(const parley::v1::Event& event);
// The same, cut from an event already serialized (as stored), without parsing
// it into a message; nullopt if the bytes are not a well-formed message.
std::optional<std::string> event_core(std::string_view serialized);

class BatchWriter {
 public:
  // `header` supplies the header fields; `core` is event_core() of the event as this connection may see it.
  void add_event(std::uint64_t seq, const parley::v1::Event& header, std::string_view core);
  void add_ack(const std::string& request_id, std::uint64_t seq, std::uint32_t events);
  bool empty() const { return body_.empty(); }
  // The ServerEnvelope holding the batch; the writer is empty again after.
  std::string finish();
  // The batch as field `field` of some other message (appended to that message's bytes).
  std::string finish_field(std::uint32_t field);

 private:
  std::string body_;      // the EventBatch's fields so far
  std::string scratch_;   // one event or envelope being built
  bool first_ = true;
  std::uint64_t seq_ = 0;
  std::int64_t at_ms_ = 0;
  std::int32_t round_ = 0;
  std::string phase_, actor_;
  std::uint32_t seat_ = 0;
};

}  // namespace parley::protocol
