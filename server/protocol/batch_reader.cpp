#include "protocol/batch_reader.hpp"

namespace parley::protocol {
namespace pb = parley::v1;

std::vector<pb::ServerEnvelope> unpack_batch(pb::ServerEnvelope envelope) {
  std::vector<pb::ServerEnvelope> out;
  if (!envelope.has_batch()) {
    out.push_back(std::move(envelope));
    return out;
  }
  auto* batch = envelope.mutable_batch();
  out.reserve(batch->events_size() + batch->acks_size());
  const pb::Event* previous = nullptr;
  std::uint64_t seq = 0;
  for (auto& entry : *batch->mutable_events()) {
    pb::ServerEnvelope one;
    auto* e = one.mutable_event();
    seq = entry.seq() != 0 ? entry.seq() : seq + 1;
    e->set_seq(seq);
    e->mutable_event()->Swap(entry.mutable_event());
    auto* event = e->mutable_event();
    auto packing = entry.packing();
    if (previous != nullptr) {
      if (packing & pb::RELATIVE_TIME) event->set_at_ms(previous->at_ms() + event->at_ms());
      if (packing & pb::SAME_ROUND) event->set_round(previous->round());
      if (packing & pb::SAME_PHASE) event->set_phase(previous->phase());
      if (packing & pb::SAME_ACTOR) {
        event->set_actor(previous->actor());
        event->set_seat(previous->seat());
      }
    }
    out.push_back(std::move(one));
    previous = &out.back().event().event();
  }
  for (auto& ack : *batch->mutable_acks()) {
    pb::ServerEnvelope one;
    one.mutable_ack()->Swap(&ack);
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace parley::protocol
