#pragma once
// Serial executors and timers for application code that must not include
// Asio. A Strand runs posted functions one at a time, in order; a Timer
// calls back on its strand at a wall-clock time. Both are cheap to create.

#include <cstdint>
#include <functional>
#include <memory>

namespace parley::net {

class Strand {
 public:
  virtual ~Strand() = default;
  virtual void post(std::function<void()> fn) = 0;
};

class Timer {
 public:
  virtual ~Timer() = default;
  // Replaces any pending expiry. fn runs on the timer's strand unless cancelled.
  virtual void expire_at(std::int64_t epoch_ms, std::function<void()> fn) = 0;
  virtual void cancel() = 0;
};

class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual std::shared_ptr<Strand> make_strand() = 0;
  virtual std::unique_ptr<Timer> make_timer(const std::shared_ptr<Strand>& strand) = 0;
};

}  // namespace parley::net
