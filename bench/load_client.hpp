#pragma once
// One simulated participant for parley-bench: an asynchronous WebSocket
// client that authenticates, then sends commands (closed loop: one at a
// time, the next after each ack; open loop: on a fixed schedule) and
// records each command's ack latency. Runs on the benchmark's io_context.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "parley/v1/protocol.pb.h"

namespace parley::bench {

struct LoadStats {
  std::vector<double> latencies_ms;
  std::uint64_t acks = 0;
  std::uint64_t rejections = 0;
  std::uint64_t events = 0;       // events received
  std::uint64_t bytes_in = 0;     // bytes the server sent to this client
  std::string first_rejection;
};

class LoadClient : public std::enable_shared_from_this<LoadClient> {
 public:
  using Clock = std::chrono::steady_clock;

  // others: the delegations this client may message; interval: open-loop
  // spacing between commands (zero: closed loop).
  LoadClient(boost::asio::io_context& ioc, std::string host, std::string port, std::string code, std::string self,
             std::vector<std::string> others, std::vector<std::string> issues, std::uint64_t seed,
             std::chrono::microseconds interval);

  void start(std::function<void()> on_ready);
  // Starts sending at `from` until `until`; stats count only in that window.
  void run(Clock::time_point from, Clock::time_point until);
  void stop();
  const LoadStats& stats() const { return stats_; }
  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }

 private:
  void on_frame(const std::string& data);
  // An ack (rejection null) or a rejection for one of our commands.
  void on_answer(const std::string& request_id, Clock::time_point now, bool counting, const parley::v1::Rejection* rejection);
  void read();
  void send_next();
  void write(std::string bytes);
  void do_write();
  parley::v1::Command next_command();
  void fail(const std::string& what);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  std::string host_, port_, code_, self_;
  std::vector<std::string> others_, issues_;
  std::mt19937_64 rng_;
  std::chrono::microseconds interval_;
  std::vector<std::string> outbox_;
  bool writing_ = false;
  bool ready_ = false;
  bool running_ = false;
  bool failed_ = false;
  std::string error_;
  std::function<void()> on_ready_;
  Clock::time_point from_, until_;
  std::uint64_t next_id_ = 0;
  std::map<std::string, Clock::time_point> in_flight_;
  std::vector<std::string> texts_;
  LoadStats stats_;
};

}  // namespace parley::bench
