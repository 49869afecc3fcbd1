#pragma once
// How a client reads its connection's frames: a batch becomes its events, in
// order, with what packing left out restored (EventPacking: header fields and
// seqs from the connection's previous event, own texts from the client's
// commands), then its acks, each as a plain ServerEnvelope (`event` or `ack`);
// any other frame stays as it is. One reader per connection: the packing runs
// across frames. An EventPage is read by a reader of its own.

#include <functional>
#include <string>
#include <vector>

#include "parley/v1/protocol.pb.h"
#include "wire/packing_context.hpp"

namespace parley::wire {

class BatchReader {
 public:
  // The text of this connection's command `request_id`, or nullptr when it is not kept.
  using OwnText = std::function<const std::string*(const std::string& request_id)>;
  explicit BatchReader(OwnText own_text = {}) : own_text_(std::move(own_text)) {}

  std::vector<parley::v1::ServerEnvelope> unpack(parley::v1::ServerEnvelope envelope);
  // For a new connection: its first event is packed against nothing.
  void reset() { previous_ = {}; }
  // The same in place: every event of the batch gets its seq, header fields and
  // text back, and no packing (for readers that keep the batch as it is).
  void restore(parley::v1::EventBatch& batch);

 private:
  void restore_header(parley::v1::EventEnvelope& entry);
  void restore_text(parley::v1::EventEnvelope& entry, const parley::v1::EventBatch& batch) const;

  OwnText own_text_;
  PackingContext previous_;
};

}  // namespace parley::wire
