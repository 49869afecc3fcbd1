#include "storage/db_worker.hpp"

#include "log/logger.hpp"

namespace parley::storage {

std::string db_error_line(const std::exception& e) {
  std::string s = e.what();
  return s.substr(0, s.find('\n'));
}

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
