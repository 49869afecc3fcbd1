#include "storage/worker_thread.hpp"

#include <doctest/doctest.h>

#include <future>
#include <stdexcept>

using parley::WorkerThread;
using namespace std::chrono_literals;

namespace {
void ignore(const std::string&) {}
}  // namespace

TEST_CASE("items queued before start reach the handler in order, in batches no larger than the limit") {
  std::vector<std::vector<int>> seen;
  WorkerThread<int> worker({100, 3, {}}, [&](std::vector<int>& batch) { seen.push_back(batch); }, ignore);
  for (int i = 1; i <= 7; ++i) REQUIRE(worker.submit(i));
  CHECK(worker.depth() == 7);
  worker.start();
  worker.stop();  // drains what was queued first
  CHECK(seen == std::vector<std::vector<int>>{{1, 2, 3}, {4, 5, 6}, {7}});
  CHECK_FALSE(worker.submit(8));  // stopped: refused, not lost silently
}

TEST_CASE("a full queue refuses the item instead of growing") {
  WorkerThread<int> worker({2, 1, {}}, [](std::vector<int>&) {}, ignore);
  CHECK(worker.submit(1));
  CHECK(worker.submit(2));
  CHECK_FALSE(worker.submit(3));
  CHECK(worker.depth() == 2);
}

TEST_CASE("an exception from the handler is reported and the thread goes on serving") {
  std::vector<std::string> reports;
  std::promise<int> after;
  WorkerThread<int> worker(
      {10, 1, {}},
      [&](std::vector<int>& batch) {
        if (batch.front() == 1) throw std::runtime_error("boom");
        after.set_value(batch.front());
      },
      [&](const std::string& what) { reports.push_back(what); });
  worker.start();
  worker.submit(1);
  worker.submit(2);
  auto next = after.get_future();
  REQUIRE(next.wait_for(10s) == std::future_status::ready);
  CHECK(next.get() == 2);
  CHECK(reports == std::vector<std::string>{"boom"});
}

TEST_CASE("with an idle interval the handler runs with an empty batch, and pause ends at stop") {
  std::promise<std::size_t> ticked;
  bool once = false;
  WorkerThread<int> worker(
      {0, 1, 5ms},
      [&](std::vector<int>& batch) {
        if (!once) ticked.set_value(batch.size());
        once = true;
      },
      ignore);
  worker.start();
  auto tick = ticked.get_future();
  REQUIRE(tick.wait_for(10s) == std::future_status::ready);
  CHECK(tick.get() == 0);
  CHECK(worker.pause(1ms));  // not stopping: waited the time out
  worker.stop();
  CHECK_FALSE(worker.pause(10s));  // stopping: returns at once
}
