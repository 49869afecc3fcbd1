#pragma once
// Waits for N answers arriving on any threads and calls `done` once with all
// of them, in the order they were asked for. Thread-safe; shared by the
// callbacks that fill it.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace parley::app {

template <class T>
class FanIn : public std::enable_shared_from_this<FanIn<T>> {
 public:
  FanIn(std::size_t n, std::function<void(std::vector<T>)> done) : results_(n), left_(n), done_(std::move(done)) {}

  // Answer i; the last one calls done (on its thread). With n == 0, call finish_if_empty().
  void set(std::size_t i, T value) {
    bool last = false;
    {
      std::lock_guard lock(mutex_);
      results_[i] = std::move(value);
      last = --left_ == 0;
    }
    if (!last) return;
    std::vector<T> all;
    for (auto& r : results_) all.push_back(std::move(*r));
    done_(std::move(all));
  }
  void finish_if_empty() {
    if (results_.empty()) done_({});
  }

 private:
  std::mutex mutex_;
  std::vector<std::optional<T>> results_;
  std::size_t left_;
  std::function<void(std::vector<T>)> done_;
};

}  // namespace parley::app
