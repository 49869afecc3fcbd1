#include "storage/db_worker.hpp"

#include "log/logger.hpp"

namespace parley::storage {

std::string db_error_line(const std::exception& e) {
  std::string s = e.what();
  return s.substr(0, s.find('\n'));
}

DbWorker::DbWorker(std::string url, std::string name, std::size_t max_queue)
    : url_(std::move(url)), name_(std::move(name)), max_queue_(max_queue), thread_([this] { loop(); }) {}

DbWorker::~DbWorker() { stop(); }

void DbWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool DbWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= max_queue_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

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

void DbWorker::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
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
