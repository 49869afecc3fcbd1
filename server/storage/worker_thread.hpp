#pragma once
// One thread fed by a bounded queue. Items reach the handler in the order
// they were submitted, up to max_batch at a time. With an idle interval the
// handler also runs with an empty batch whenever nothing arrived for that
// long, which is how periodic work (probes, supervision) uses it. stop()
// lets the handler finish what was queued, then joins. An exception that
// escapes the handler is reported and the thread goes on: it must never end
// the process or silently stop serving the queue.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley {

template <class Item>
class WorkerThread {
 public:
  using Handler = std::function<void(std::vector<Item>& batch)>;
  using Reporter = std::function<void(const std::string& what)>;

  struct Options {
    std::size_t capacity = 10000;  // queued items; submit() refuses beyond it
    std::size_t max_batch = 1;
    std::chrono::milliseconds idle{0};  // 0: the handler runs only for items
  };

  // The thread starts on start(), so a caller can queue work first (a
  // worker stopped before it started drops what was queued).
  WorkerThread(Options options, Handler handler, Reporter report)
      : options_(options), handler_(std::move(handler)), report_(std::move(report)) {}
  ~WorkerThread() { stop(); }
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  void start() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { loop(); });
  }

  // False when the queue is full or stopping; the item is then dropped.
  bool submit(Item item) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || queue_.size() >= options_.capacity) return false;
      queue_.push_back(std::move(item));
    }
    wake_.notify_one();
    return true;
  }

  std::size_t depth() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // Waits up to `ms`; false as soon as stop() is called (for backoff inside the handler).
  bool pause(std::chrono::milliseconds ms) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, ms, [this] { return stopping_; });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (!thread_.joinable()) return;
    // Stopped from its own handler (the owner going away there): it cannot join itself.
    if (thread_.get_id() == std::this_thread::get_id()) return thread_.detach();
    thread_.join();
  }

 private:
  void loop() {
    for (;;) {
      std::vector<Item> batch;
      {
        std::unique_lock lock(mutex_);
        auto ready = [this] { return stopping_ || !queue_.empty(); };
        if (options_.idle.count() > 0) {
          wake_.wait_for(lock, options_.idle, ready);  // on time-out the batch stays empty: periodic work
        } else {
          wake_.wait(lock, ready);
        }
        if (stopping_ && queue_.empty()) return;
        while (!queue_.empty() && batch.size() < options_.max_batch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      run(batch);
    }
  }

  void run(std::vector<Item>& batch) {
    try {
      handler_(batch);
    } catch (const std::exception& e) {
      report_(e.what());
    } catch (...) {
      report_("an exception of unknown type");
    }
  }

  Options options_;
  Handler handler_;
  Reporter report_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace parley
