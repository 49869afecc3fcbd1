#pragma once
// Which seat sent which request: the identity of a command for idempotent
// retries, as the answer cache holds it and the commands table stores it.

#include <cstdint>
#include <functional>
#include <string>

namespace parley {

struct RequestKey {
  std::string role;
  std::uint32_t seat = 0;
  std::string request_id;

  bool operator==(const RequestKey&) const = default;
};

struct RequestKeyHash {
  std::size_t operator()(const RequestKey& k) const {
    std::size_t h = std::hash<std::string>{}(k.request_id);
    h ^= std::hash<std::string>{}(k.role) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h ^ (k.seat * 0x9e3779b97f4a7c15ULL);
  }
};

}  // namespace parley
