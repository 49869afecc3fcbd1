#pragma once
// How a client reads a frame: a batch becomes its events, in order, with
// their packed fields restored (EventPacking), then its acks, each as a plain
// ServerEnvelope (`event` or `ack`); any other frame stays as it is.

#include <vector>

#include "parley/v1/protocol.pb.h"

namespace parley::protocol {

std::vector<parley::v1::ServerEnvelope> unpack_batch(parley::v1::ServerEnvelope envelope);

}  // namespace parley::protocol
