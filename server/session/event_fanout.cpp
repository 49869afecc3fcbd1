#include "session/event_fanout.hpp"

#include <algorithm>

#include "engine/visibility.hpp"
#include "wire/codec.hpp"
#include "wire/own_text.hpp"

namespace parley::app {
namespace pb = parley::v1;

EventFanout::EventFanout(const engine::ScenarioIndex& index, const pb::SessionState& state) : index_(index), state_(state) {}

void EventFanout::add(const CommittedEvent& event) {
  entries_.push_back({&event, engine::has_private_detail(event.event), {}, std::nullopt, {}, {}});
}

const pb::Event* EventFanout::seen_by(Entry& entry, int role) {
  const auto& e = entry.committed->event;
  if (!engine::visible_to(index_, state_, e, role)) return nullptr;
  if (!entry.private_detail) return &e;
  pb::Event seen = engine::view_event(index_, e, role);
  if (engine::has_private_detail(seen)) return &e;
  // Every role without the detail reads the same redacted form: made once.
  if (!entry.redacted) entry.redacted = std::move(seen);
  return &*entry.redacted;
}

const std::string& EventFanout::core_of(Entry& entry, const pb::Event* seen) {
  auto& core = seen == &entry.committed->event ? entry.core : entry.redacted_core;
  if (core.empty()) core = wire::event_core(*seen);
  return core;
}

bool EventFanout::sends_own_text(const Subscriber& to, const Entry& entry, const pb::Event* seen, const std::vector<pb::Ack>& acks) {
  if (!to.keeps_own_texts || seen != &entry.committed->event || !wire::has_own_text(*seen)) return false;
  auto seq = entry.committed->seq;
  return std::any_of(acks.begin(), acks.end(), [seq](const pb::Ack& a) { return wire::covers(a, seq); });
}

std::string EventFanout::frame(const Subscriber& to, wire::PackingContext& packed, const std::vector<pb::Ack>& acks) {
  if (to.text) return text_frame(to, acks);
  for (auto& entry : entries_) {
    const auto* seen = seen_by(entry, to.role_index);
    if (seen == nullptr) continue;
    if (sends_own_text(to, entry, seen, acks)) {
      if (entry.own_core.empty()) entry.own_core = wire::event_core(wire::without_own_text(*seen));
      writer_.add_event(packed, entry.committed->seq, *seen, entry.own_core, true);
    } else {
      writer_.add_event(packed, entry.committed->seq, *seen, core_of(entry, seen));
    }
  }
  for (const auto& ack : acks) writer_.add_ack(ack.request_id(), ack.seq(), ack.events());
  if (writer_.empty()) return {};
  return writer_.finish();
}

// JSON is for people and scripts: every event whole, nothing packed.
std::string EventFanout::text_frame(const Subscriber& to, const std::vector<pb::Ack>& acks) {
  pb::ServerEnvelope env;
  auto* batch = env.mutable_batch();
  for (auto& entry : entries_) {
    const auto* seen = seen_by(entry, to.role_index);
    if (seen == nullptr) continue;
    auto* e = batch->add_events();
    e->set_seq(entry.committed->seq);
    *e->mutable_event() = *seen;
  }
  for (const auto& ack : acks) *batch->add_acks() = ack;
  if (batch->events_size() == 0 && batch->acks_size() == 0) return {};
  return wire::encode_server(env, true);
}

}  // namespace parley::app
