#include "gateway/hello_guard.hpp"

namespace parley::app {
namespace {
constexpr std::int64_t kWindowMs = 60'000;
}

HelloGuard::HelloGuard(int per_minute, std::size_t max_addresses) : per_minute_(per_minute), max_addresses_(max_addresses) {}

// "1.2.3.4:5678" -> "1.2.3.4"; "::1:5678" -> "::1" (the port is always last).
std::string HelloGuard::host_of(const std::string& address) {
  auto colon = address.rfind(':');
  return colon == std::string::npos ? address : address.substr(0, colon);
}

bool HelloGuard::allows(const std::string& address, std::int64_t now_ms) {
  if (per_minute_ <= 0) return true;
  std::lock_guard lock(mutex_);
  auto it = windows_.find(host_of(address));
  return it == windows_.end() || now_ms - it->second.start_ms >= kWindowMs || it->second.failures < per_minute_;
}

void HelloGuard::failed(const std::string& address, std::int64_t now_ms) {
  if (per_minute_ <= 0) return;
  std::lock_guard lock(mutex_);
  if (windows_.size() >= max_addresses_) forget_old(now_ms);
  auto& w = windows_[host_of(address)];
  if (now_ms - w.start_ms >= kWindowMs) w = {now_ms, 0};
  ++w.failures;
}

// Windows that are over hold nothing; if every one is current, the oldest half go.
void HelloGuard::forget_old(std::int64_t now_ms) {
  std::erase_if(windows_, [now_ms](const auto& entry) { return now_ms - entry.second.start_ms >= kWindowMs; });
  while (windows_.size() >= max_addresses_ / 2 && !windows_.empty()) windows_.erase(windows_.begin());
}

}  // namespace parley::app
