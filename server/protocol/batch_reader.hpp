#pragma once
// How a client reads a frame: a batch becomes its events, in order, with
// their packed fields restored (EventPacking), then its acks, each as a plain
// ServerEnvelope (`event` or `ack`); any other frame stays as it is.

#include <vector>

#include "parley/v1/protocol.pb.h"

namespace parley::protocol {

std::vector<parley::v1::ServerEnvelope> unpack_batch(parley::v1::ServerEnvelope envelope);
// The same in place: every event of the batch gets its seq and header fields
// back, and no packing (for readers that keep the batch as it is).
void restore_packing(parley::v1::EventBatch& batch);

}  // namespace parley::protocol
