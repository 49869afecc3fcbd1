#pragma once
// The answers given to each seat's recent commands, so a retry with the same
// request id (after a reconnect) gets the same answer and is never applied
// twice. Bounded per seat: a client retries only the commands it has in
// flight, so older answers are forgotten instead of growing without limit.

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/request_key.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::app {

class AnswerCache {
 public:
  static constexpr std::size_t kPerSeat = 256;
  explicit AnswerCache(std::size_t per_seat = kPerSeat) : per_seat_(per_seat) {}

  // nullptr when this request's answer is not (or no longer) held.
  const parley::v1::ServerEnvelope* find(const RequestKey& key) const;
  void remember(const RequestKey& key, parley::v1::ServerEnvelope answer);
  std::size_t size() const { return answers_.size(); }

 private:
  std::size_t per_seat_;
  // Hashed: every command looks its key up, and a session holds up to
  // per_seat answers for each of its seats.
  std::unordered_map<RequestKey, parley::v1::ServerEnvelope, RequestKeyHash> answers_;
  // Per seat, oldest first: the keys held by answers_ (not copies; a session holds thousands).
  std::map<std::pair<std::string, std::uint32_t>, std::deque<const RequestKey*>> order_;
};

}  // namespace parley::app
