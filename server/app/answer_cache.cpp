#include "app/answer_cache.hpp"

namespace parley::app {

std::string AnswerCache::key(const std::string& role, std::uint32_t seat, const std::string& request_id) {
  return request_id.empty() ? "" : role + "/" + std::to_string(seat) + "/" + request_id;
}

const parley::v1::ServerEnvelope* AnswerCache::find(const std::string& key) const {
  auto it = answers_.find(key);
  return it == answers_.end() ? nullptr : &it->second;
}

void AnswerCache::remember(const std::string& key, parley::v1::ServerEnvelope answer) {
  auto [it, added] = answers_.insert_or_assign(key, std::move(answer));
  if (!added) return;
  auto& order = order_[key.substr(0, key.find('/', key.find('/') + 1))];  // the seat: role ids and seats hold no '/'
  order.push_back(key);
  while (order.size() > per_seat_) {
    answers_.erase(order.front());
    order.pop_front();
  }
}

}  // namespace parley::app
