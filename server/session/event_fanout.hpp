#pragma once
// Turns committed events into each connection's batch frame: the events its
// role may see (redacted where the role may not read them whole), then the
// acks of its own commands. Each event is serialized once per form it is
// sent in, however many connections receive it; only the packed header
// (wire/batch_writer.hpp) is written per connection.

#include <optional>
#include <string>
#include <vector>

#include "session/committed_event.hpp"
#include "session/subscriber.hpp"
#include "engine/scenario_index.hpp"
#include "parley/v1/protocol.pb.h"
#include "wire/batch_writer.hpp"

namespace parley::app {

class EventFanout {
 public:
  // `state`: the session state visibility is judged in; both must outlive the fanout.
  EventFanout(const engine::ScenarioIndex& index, const parley::v1::SessionState& state);

  // Events are added in seq order and must outlive the fanout.
  void add(const CommittedEvent& event);
  // The frame for one connection; empty when it has nothing to receive. Packed against
  // `packed`, the connection's previous event, which it advances.
  std::string frame(const Subscriber& to, wire::PackingContext& packed, const std::vector<parley::v1::Ack>& acks);

 private:
  struct Entry {
    const CommittedEvent* committed;
    bool private_detail;
    std::string core;                       // binary form, whole (lazy)
    std::optional<parley::v1::Event> redacted;  // the form roles without the private detail see
    std::string redacted_core;
    std::string own_core;                   // the whole form without its text, for its sender (OWN_TEXT)
  };
  // The event as this role sees it; nullptr when it may not see it.
  const parley::v1::Event* seen_by(Entry& entry, int role);
  // The binary core of the form `seen` (whole or redacted).
  const std::string& core_of(Entry& entry, const parley::v1::Event* seen);
  // Whether `to` is sent this event without its text: it sent the text, and its ack is in `acks`.
  static bool sends_own_text(const Subscriber& to, const Entry& entry, const parley::v1::Event* seen,
                             const std::vector<parley::v1::Ack>& acks);
  std::string text_frame(const Subscriber& to, const std::vector<parley::v1::Ack>& acks);

  const engine::ScenarioIndex& index_;
  const parley::v1::SessionState& state_;
  std::vector<Entry> entries_;
  wire::BatchWriter writer_;
};

}  // namespace parley::app
