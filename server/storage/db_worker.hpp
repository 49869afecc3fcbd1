#pragma once
// A thread that owns one database connection and runs jobs on it in order,
// so blocking database calls never run on network threads. The queue is
// bounded; the connection is re-opened on the next job after a failure.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>
#include <thread>

namespace parley::storage {

class DbWorker {
 public:
  // conn is nullptr when the database cannot be reached; error says why.
  using Job = std::function<void(pqxx::connection* conn, const std::string& error)>;

  DbWorker(std::string url, std::string name, std::size_t max_queue = 10000);
  ~DbWorker();
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  // False when the queue is full; the job is then not run.
  bool submit(Job job);
  void stop();

 private:
  void loop();
  pqxx::connection* connection(std::string& error);

  std::string url_;
  std::string name_;
  std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::unique_ptr<pqxx::connection> conn_;
  std::thread thread_;
};

// The first line of a database error, for messages.
std::string db_error_line(const std::exception& e);

}  // namespace parley::storage
