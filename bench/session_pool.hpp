#pragma once
// The benchmark's sessions: creates one (started by its white cell) with load
// clients on its delegations' seats, and retires one (its clients stopped, the
// session ended by its white cell) so a soak can replace sessions as they
// would come and go on a real server.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "load_client.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::bench {

struct BenchSession {
  std::string id;
  std::string facilitator_token;
  std::vector<std::shared_ptr<LoadClient>> clients;
};

struct PoolSettings {
  std::string server;  // http://host:port
  std::string token;   // the admin token
  std::string host, port;
  std::vector<std::string> delegations;  // the benchmark scenario's
  std::vector<std::string> issues;
  int players = 5;                          // delegations playing per session (head seats)
  std::chrono::microseconds interval{0};    // open-loop spacing per client; zero: closed loop
};

class SessionPool {
 public:
  SessionPool(boost::asio::io_context& ioc, PoolSettings settings) : ioc_(ioc), settings_(std::move(settings)) {}

  // A new running session with clients on the first `players` delegations'
  // head seats, or with up to `every_seat` clients on any seats (idle mode).
  Result<BenchSession> create(int every_seat = 0);
  // Stops the session's clients and ends it.
  Status retire(BenchSession& session);

 private:
  // Sends one command as the session's white cell and waits for its answer.
  Status as_white(const std::string& facilitator_token, const parley::v1::Command& command);

  boost::asio::io_context& ioc_;
  PoolSettings settings_;
  std::uint64_t seed_ = 0;
  std::uint64_t white_commands_ = 0;
};

}  // namespace parley::bench
