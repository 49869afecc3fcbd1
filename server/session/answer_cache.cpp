#include "session/answer_cache.hpp"

namespace parley::app {

const parley::v1::ServerEnvelope* AnswerCache::find(const RequestKey& key) const {
  auto it = answers_.find(key);
  return it == answers_.end() ? nullptr : &it->second;
}

void AnswerCache::remember(const RequestKey& key, parley::v1::ServerEnvelope answer) {
  auto [it, added] = answers_.insert_or_assign(key, std::move(answer));
  if (!added) return;
  auto& order = order_[{key.role, key.seat}];
  order.push_back(&it->first);  // the map's own key: nodes stay put when the table rehashes
  while (order.size() > per_seat_) {
    auto oldest = *order.front();  // a copy: erasing frees the key it points at
    order.pop_front();
    answers_.erase(oldest);
  }
}

}  // namespace parley::app
