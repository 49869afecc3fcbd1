#pragma once
// A runtime a test steps by hand: what strands are posted waits in one queue
// until run(); timers fire when the test moves the clock past them. So code
// written for threads runs here in one thread, in an order the test chooses.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "net/runtime.hpp"

namespace parley::test {

class ManualRuntime : public net::Runtime {
 public:
  // Runs everything posted, and what that posts, until nothing is left. Returns how many ran.
  int run() {
    int n = 0;
    while (!posted_.empty()) {
      auto fn = std::move(posted_.front());
      posted_.pop_front();
      fn();
      ++n;
    }
    return n;
  }
  // Fires the timers due by `epoch_ms`, then runs what they posted. Returns how many fired.
  int fire_until(std::int64_t epoch_ms) {
    int fired = 0;
    for (auto it = timers_->begin(); it != timers_->end();) {
      auto& [timer, due] = *it;
      if (due.first > epoch_ms) { ++it; continue; }
      auto fn = std::move(due.second);
      it = timers_->erase(it);
      posted_.push_back(std::move(fn));
      ++fired;
    }
    run();
    return fired;
  }
  std::size_t timers_armed() const { return timers_->size(); }

  std::shared_ptr<net::Strand> make_strand() override { return std::make_shared<Queued>(posted_); }
  std::unique_ptr<net::Timer> make_timer(const std::shared_ptr<net::Strand>&) override { return std::make_unique<Manual>(timers_); }
  void open_websocket(const std::string&, std::shared_ptr<net::WsPeer>, net::WsLimits, net::WsOpened opened) override {
    opened(nullptr, "no network here");
  }
  void forward_http(const std::string&, net::HttpRequest, net::HttpResponder respond) override {
    respond(net::HttpResponse(502, "application/json", "{}"));
  }

 private:
  using Timers = std::map<const void*, std::pair<std::int64_t, std::function<void()>>>;
  struct Queued : net::Strand {
    explicit Queued(std::deque<std::function<void()>>& q) : q(q) {}
    void post(std::function<void()> fn) override { q.push_back(std::move(fn)); }
    std::deque<std::function<void()>>& q;
  };
  struct Manual : net::Timer {
    explicit Manual(std::shared_ptr<Timers> t) : timers(std::move(t)) {}
    ~Manual() override { cancel(); }
    void expire_at(std::int64_t at, std::function<void()> fn) override { (*timers)[this] = {at, std::move(fn)}; }
    void cancel() override { timers->erase(this); }
    std::shared_ptr<Timers> timers;
  };
  std::deque<std::function<void()>> posted_;
  std::shared_ptr<Timers> timers_ = std::make_shared<Timers>();
};

}  // namespace parley::test
