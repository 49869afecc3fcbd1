#include "wire/batch_reader.hpp"

#include "wire/own_text.hpp"

namespace parley::wire {
namespace pb = parley::v1;

void BatchReader::restore(pb::EventBatch& batch) {
  for (auto& entry : *batch.mutable_events()) {
    auto packing = entry.packing();
    restore_header(entry);
    if (packing & pb::OWN_TEXT) restore_text(entry, batch);
    entry.clear_packing();
  }
}

void BatchReader::restore_header(pb::EventEnvelope& entry) {
  auto packing = entry.packing();
  auto* event = entry.mutable_event();
  if (!previous_.started) packing = pb::PACKING_NONE;  // nothing to take from: the server never packs the first
  if (packing & pb::RELATIVE_SEQ) {
    entry.set_seq(previous_.seq + entry.seq());
  } else if (entry.seq() == 0) {
    entry.set_seq(previous_.seq + 1);
  }
  if (packing & pb::RELATIVE_TIME) event->set_at_ms(previous_.at_ms + event->at_ms());
  if (packing & pb::SAME_ROUND) event->set_round(previous_.round);
  if (packing & pb::SAME_PHASE) event->set_phase(previous_.phase);
  if (packing & pb::SAME_ACTOR) {
    event->set_actor(previous_.actor);
    event->set_seat(previous_.seat);
  }
  previous_.follow(entry.seq(), *event);
}

// The command whose ack covers this seq sent the text; the ack is in the same batch.
void BatchReader::restore_text(pb::EventEnvelope& entry, const pb::EventBatch& batch) const {
  if (!own_text_) return;
  for (const auto& ack : batch.acks()) {
    if (!covers(ack, entry.seq())) continue;
    if (const auto* text = own_text_(ack.request_id())) restore_own_text(*entry.mutable_event(), *text);
    return;
  }
}

std::vector<pb::ServerEnvelope> BatchReader::unpack(pb::ServerEnvelope envelope) {
  std::vector<pb::ServerEnvelope> out;
  if (!envelope.has_batch()) {
    out.push_back(std::move(envelope));
    return out;
  }
  auto* batch = envelope.mutable_batch();
  restore(*batch);
  out.reserve(batch->events_size() + batch->acks_size());
  for (auto& entry : *batch->mutable_events()) {
    out.emplace_back().mutable_event()->Swap(&entry);
  }
  for (auto& ack : *batch->mutable_acks()) {
    out.emplace_back().mutable_ack()->Swap(&ack);
  }
  return out;
}

}  // namespace parley::wire
