#pragma once
// Several DbWorkers taking jobs in turn, for reads that do not depend on each
// other and may run at once: the pages of a session's history, which a
// client may request together, are then built on as many cores.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "storage/db_worker.hpp"

namespace parley::storage {

class DbWorkerPool {
 public:
  // workers: at least one; each has its own thread, connection and bounded queue.
  DbWorkerPool(const std::string& url, const std::string& name, std::size_t workers, std::size_t max_queue = 1000);

  // DbWorker::perform on the next worker in turn.
  void perform(std::string what, std::function<void(pqxx::connection&)> work, std::function<void(const Error&)> failed);
  void stop();

 private:
  std::vector<std::unique_ptr<DbWorker>> workers_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace parley::storage
