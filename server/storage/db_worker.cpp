#include "storage/db_worker.hpp"

#include "log/logger.hpp"

namespace parley::storage {

DbWorker::DbWorker(std::string url, std::string name, std::size_t max_queue)
    : url_(std::move(url)),
      name_(std::move(name)),
      worker_({max_queue, 1, {}}, [this](std::vector<Job>& jobs) { run(jobs); },
              [this](const std::string& what) { log::error(name_, "a database job failed: " + what); }) {
  worker_.start();
}

DbWorker::~DbWorker() { stop(); }

pqxx::connection* DbWorker::connection(std::string& error) {
  if (conn_ && conn_->is_open()) return conn_.get();
  try {
    conn_ = std::make_unique<pqxx::connection>(url_);
    return conn_.get();
  } catch (const std::exception& e) {
    conn_.reset();
    error = "database unreachable: " + db_error_line(e);
    return nullptr;
  }
}

void DbWorker::perform(std::string what, std::function<void(pqxx::connection&)> work, std::function<void(const Error&)> failed) {
  auto on_fail = std::make_shared<std::function<void(const Error&)>>(std::move(failed));
  bool queued = submit([this, what, work = std::move(work), on_fail](pqxx::connection* conn, const std::string& error) {
    if (conn == nullptr) return (*on_fail)(fail(ErrorCode::unavailable, error));
    try {
      work(*conn);
    } catch (const std::exception& e) {
      if (dynamic_cast<const pqxx::broken_connection*>(&e)) conn_.reset();
      (*on_fail)(db_error(e, what + " failed"));
    }
  });
  if (!queued) (*on_fail)(fail(ErrorCode::unavailable, "the database queue is full; try again"));
}

void DbWorker::run(std::vector<Job>& jobs) {
  for (auto& job : jobs) {
    std::string error;
    auto* conn = connection(error);
    try {
      job(conn, error);
    } catch (const pqxx::broken_connection& e) {
      log::warn(name_, "lost the database connection: " + db_error_line(e));
      conn_.reset();
    } catch (const std::exception& e) {
      log::error(name_, std::string("a database job failed: ") + db_error_line(e));
    }
  }
}

}  // namespace parley::storage
