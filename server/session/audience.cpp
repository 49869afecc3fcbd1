#include "session/audience.hpp"

#include "engine/desk.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "wire/codec.hpp"

namespace parley::app {
namespace pb = parley::v1;

const Audience::Desks::Made& Audience::Desks::of(int role, std::uint32_t seat) {
  auto key = std::make_pair(role, seat);
  auto it = made_.find(key);
  if (it != made_.end()) return it->second;
  Made d;
  *d.envelope.mutable_desk() = engine::role_desk(index_, state_, role, seat);
  d.bytes = engine::serialize_deterministic(d.envelope.desk());
  d.envelope.mutable_desk()->set_seq(seq_);
  return made_.emplace(key, std::move(d)).first->second;
}

wire::PackingContext& Audience::restart(std::uint64_t client_id) {
  desks_.erase(client_id);
  return packed_[client_id] = {};
}

void Audience::remove(std::uint64_t client_id) {
  members_.erase(client_id);
  packed_.erase(client_id);
  desks_.erase(client_id);
}

std::size_t Audience::close_all(const std::string& farewell) {
  auto n = members_.size();
  for (auto& [id, sub] : members_) {
    if (sub.conn) sub.conn->close(farewell);
  }
  members_.clear();
  packed_.clear();
  desks_.clear();
  return n;
}

void Audience::answer(const Subscriber& to, const pb::ServerEnvelope& envelope) {
  if (!to.conn) {
    if (to.reply) to.reply(envelope);
    return;
  }
  auto payload = std::make_shared<const std::string>(wire::encode_server(envelope, to.text));
  metrics_.bytes_out(payload->size());
  to.conn->send(std::move(payload), to.text ? net::FrameKind::text : net::FrameKind::binary);
}

void Audience::send_frame(const Subscriber& to, std::string frame) {
  if (frame.empty()) return;
  metrics_.bytes_out(frame.size());
  to.conn->send(std::make_shared<const std::string>(std::move(frame)), to.text ? net::FrameKind::text : net::FrameKind::batch);
}

void Audience::send_desk(const Subscriber& to, Desks& desks) {
  if (!to.wants_desk || to.role_index < 0) return;
  const auto& made = desks.of(to.role_index, to.seat);
  auto& last = desks_[to.client_id];
  if (last == made.bytes) return;  // nothing this seat would notice changed
  last = made.bytes;
  answer(to, made.envelope);
}

void Audience::broadcast(EventFanout& fanout, std::vector<std::pair<Subscriber, pb::Ack>>& acks, Desks& desks) {
  std::vector<pb::Ack> mine;
  for (const auto& [id, sub] : members_) {
    mine.clear();
    for (auto& [waiter, ack] : acks) {
      if (waiter.client_id == id && waiter.text == sub.text && waiter.conn) {
        waiter.reply = nullptr;
        mine.push_back(ack);
        waiter.conn.reset();  // answered
      }
    }
    send_frame(sub, fanout.frame(sub, packed_[id], mine));
    send_desk(sub, desks);
  }
}

void Audience::send_acks(std::vector<std::pair<Subscriber, pb::Ack>>& acks) {
  for (auto& [waiter, ack] : acks) {
    if (!waiter.conn && !waiter.reply) continue;  // already answered in a batch
    pb::ServerEnvelope env;
    *env.mutable_ack() = ack;
    answer(waiter, env);
  }
}

}  // namespace parley::app
