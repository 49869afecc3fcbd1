#pragma once
// Limits failed hellos per client address, so short codes cannot be guessed
// by trying them: after `per_minute` unknown codes from one address within a
// minute, further hellos from it are refused until that minute is over.
// Behind a proxy every client shares the proxy's address: limit there instead
// and turn this off (per_minute 0). Bounded memory; thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace parley::app {

class HelloGuard {
 public:
  explicit HelloGuard(int per_minute, std::size_t max_addresses = 65536);

  // Whether a hello from this address ("1.2.3.4:5678" or a bare address) may be tried now.
  bool allows(const std::string& address, std::int64_t now_ms);
  // A hello from this address named an unknown code.
  void failed(const std::string& address, std::int64_t now_ms);

 private:
  struct Window {
    std::int64_t start_ms = 0;
    int failures = 0;
  };
  static std::string host_of(const std::string& address);
  void forget_old(std::int64_t now_ms);

  const int per_minute_;
  const std::size_t max_addresses_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

}  // namespace parley::app
