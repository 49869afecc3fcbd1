#include "protocol/batch_reader.hpp"

namespace parley::protocol {
namespace pb = parley::v1;

void restore_packing(pb::EventBatch& batch) {
  const pb::Event* previous = nullptr;
  std::uint64_t seq = 0;
  for (auto& entry : *batch.mutable_events()) {
    seq = entry.seq() != 0 ? entry.seq() : seq + 1;
    entry.set_seq(seq);
    auto* event = entry.mutable_event();
    auto packing = entry.packing();
    entry.clear_packing();
    if (previous != nullptr) {
      if (packing & pb::RELATIVE_TIME) event->set_at_ms(previous->at_ms() + event->at_ms());
      if (packing & pb::SAME_ROUND) event->set_round(previous->round());
      if (packing & pb::SAME_PHASE) event->set_phase(previous->phase());
      if (packing & pb::SAME_ACTOR) {
        event->set_actor(previous->actor());
        event->set_seat(previous->seat());
      }
    }
    previous = event;
  }
}

std::vector<pb::ServerEnvelope> unpack_batch(pb::ServerEnvelope envelope) {
  std::vector<pb::ServerEnvelope> out;
  if (!envelope.has_batch()) {
    out.push_back(std::move(envelope));
    return out;
  }
  auto* batch = envelope.mutable_batch();
  restore_packing(*batch);
  out.reserve(batch->events_size() + batch->acks_size());
  for (auto& entry : *batch->mutable_events()) {
    out.emplace_back().mutable_event()->Swap(&entry);
  }
  for (auto& ack : *batch->mutable_acks()) {
    out.emplace_back().mutable_ack()->Swap(&ack);
  }
  return out;
}

}  // namespace parley::protocol
