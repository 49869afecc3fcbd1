#pragma once
// A thread that owns one database connection and runs jobs on it in order,
// so blocking database calls never run on network threads. The queue is
// bounded; the connection is re-opened on the next job after a failure.

#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/worker_thread.hpp"

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
  bool submit(Job job) { return worker_.submit(std::move(job)); }
  void stop() { worker_.stop(); }

 private:
  void run(std::vector<Job>& jobs);
  pqxx::connection* connection(std::string& error);

  std::string url_;
  std::string name_;
  std::unique_ptr<pqxx::connection> conn_;
  WorkerThread<Job> worker_;  // last: its thread uses the members above
};

// The first line of a database error, for messages.
std::string db_error_line(const std::exception& e);

}  // namespace parley::storage
