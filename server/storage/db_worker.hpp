#pragma once
// A thread that owns one database connection and runs jobs on it in order,
// so blocking database calls never run on network threads. The queue is
// bounded; the connection is re-opened on the next job after a failure.

#include <functional>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/except>
#include <string>
#include <type_traits>
#include <vector>

#include "common/result.hpp"
#include "storage/worker_thread.hpp"
#include "storage/db_error.hpp"

namespace parley::storage {

class DbWorker {
 public:
  // conn is nullptr when the database cannot be reached; error says why.
  using Job = std::function<void(pqxx::connection* conn, const std::string& error)>;

  DbWorker(std::string url, std::string name, std::size_t max_queue = 10000);
  ~DbWorker();
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  // Runs work(connection) on this worker's thread and hands what it returns (a Result or a
  // Status) to done, once: unavailable when the database cannot be reached or the queue is
  // full, and the coded error (db_error) when work throws. done runs on the worker's thread,
  // or on the caller's when the job could not be queued.
  template <class Work, class Done>
  void call(std::string what, Work work, Done done) {
    using R = std::invoke_result_t<Work&, pqxx::connection&>;
    auto answer = std::make_shared<Done>(std::move(done));
    bool queued = submit([this, what, work = std::move(work), answer](pqxx::connection* conn, const std::string& error) mutable {
      if (conn == nullptr) return (*answer)(R(fail(ErrorCode::unavailable, error)));
      std::optional<R> result;
      try {
        result.emplace(work(*conn));
      } catch (const std::exception& e) {
        result.emplace(db_error(e, what + " failed"));
        if (dynamic_cast<const pqxx::broken_connection*>(&e)) conn_.reset();
      }
      (*answer)(std::move(*result));
    });
    if (!queued) (*answer)(R(fail(ErrorCode::unavailable, "the database queue is full; try again")));
  }
  // Runs work(connection) on this worker's thread; work answers its caller itself. When it
  // cannot run (no database, a full queue) or throws, `failed` gets the coded error instead.
  void perform(std::string what, std::function<void(pqxx::connection&)> work, std::function<void(const Error&)> failed);
  void stop() { worker_.stop(); }

 private:
  // False when the queue is full; the job is then not run.
  bool submit(Job job) { return worker_.submit(std::move(job)); }
  void run(std::vector<Job>& jobs);
  pqxx::connection* connection(std::string& error);

  std::string url_;
  std::string name_;
  std::unique_ptr<pqxx::connection> conn_;
  WorkerThread<Job> worker_;  // last: its thread uses the members above
};

}  // namespace parley::storage
