#pragma once
// The connections subscribed to one live session, and what each was last
// sent: the event its next batch packs against, and its seat's last desk
// (a desk goes out again only when something its seat would notice changed).
// The host's strand owns it; nothing here is thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/scenario_index.hpp"
#include "parley/v1/protocol.pb.h"
#include "session/event_fanout.hpp"
#include "session/metrics.hpp"
#include "session/subscriber.hpp"
#include "wire/packing_context.hpp"

namespace parley::app {

class Audience {
 public:
  // Each seat's desk as of one state, made once however many connections share the seat.
  class Desks {
   public:
    Desks(const engine::ScenarioIndex& index, const parley::v1::SessionState& state, std::uint64_t seq)
        : index_(index), state_(state), seq_(seq) {}
    struct Made {
      parley::v1::ServerEnvelope envelope;
      std::string bytes;  // the desk serialized without its seq, to compare
    };
    const Made& of(int role, std::uint32_t seat);

   private:
    const engine::ScenarioIndex& index_;
    const parley::v1::SessionState& state_;
    std::uint64_t seq_;
    std::map<std::pair<int, std::uint32_t>, Made> made_;
  };

  explicit Audience(Metrics& metrics) : metrics_(metrics) {}

  // A connection starting afresh (a join): nothing to pack against, no desk sent yet.
  wire::PackingContext& restart(std::uint64_t client_id);
  void add(const Subscriber& sub) { members_[sub.client_id] = sub; }
  void remove(std::uint64_t client_id);
  // Closes every connection with `farewell` and forgets them all; returns how many there were.
  std::size_t close_all(const std::string& farewell);
  const std::map<std::uint64_t, Subscriber>& members() const { return members_; }

  // One envelope to one connection (or to a server-side asker's reply).
  void answer(const Subscriber& to, const parley::v1::ServerEnvelope& envelope);
  // An already packed batch frame; nothing for an empty one.
  void send_frame(const Subscriber& to, std::string frame);
  // The seat's desk, if it asks for desks and it changed since the last one it was sent.
  void send_desk(const Subscriber& to, Desks& desks);
  // One frame per member: the fanout's events it may see and its own acks (marked answered),
  // then its desk.
  void broadcast(EventFanout& fanout, std::vector<std::pair<Subscriber, parley::v1::Ack>>& acks, Desks& desks);
  // The acks broadcast did not carry: of connections that are not members, or asked in the
  // other form, or of a delivery without events.
  void send_acks(std::vector<std::pair<Subscriber, parley::v1::Ack>>& acks);

 private:
  Metrics& metrics_;
  std::map<std::uint64_t, Subscriber> members_;  // by client id
  // Apart from the Subscriber, which is copied with every command.
  std::unordered_map<std::uint64_t, wire::PackingContext> packed_;
  std::unordered_map<std::uint64_t, std::string> desks_;
};

}  // namespace parley::app
