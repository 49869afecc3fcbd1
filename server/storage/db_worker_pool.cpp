#include "storage/db_worker_pool.hpp"

#include <algorithm>

namespace parley::storage {

DbWorkerPool::DbWorkerPool(const std::string& url, const std::string& name, std::size_t workers, std::size_t max_queue) {
  workers = std::max<std::size_t>(1, workers);
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.push_back(std::make_unique<DbWorker>(url, name + "-" + std::to_string(i + 1), max_queue));
  }
}

void DbWorkerPool::perform(std::string what, std::function<void(pqxx::connection&)> work, std::function<void(const Error&)> failed) {
  workers_[next_.fetch_add(1, std::memory_order_relaxed) % workers_.size()]->perform(std::move(what), std::move(work), std::move(failed));
}

void DbWorkerPool::stop() {
  for (auto& w : workers_) w->stop();
}

}  // namespace parley::storage
