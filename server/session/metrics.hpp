#pragma once
// Counters and gauges for /metrics, in Prometheus text format. Every method
// is thread-safe and cheap enough for the hot path.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace parley::app {

class Metrics {
 public:
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  void set_live_sessions(std::int64_t n) { live_sessions_ = n; }
  void command(const std::string& type);
  void rejection(const std::string& code);
  void commit(double seconds, std::size_t appends);
  void bytes_in(std::size_t n) { bytes_in_ += n; }
  void bytes_out(std::size_t n) { bytes_out_ += n; }
  std::int64_t connections() const { return connections_; }

  // Gauges read at render time (queue depths owned by other components).
  void add_gauge(const std::string& name, const std::string& help, std::function<double()> read);

  // Whole metric families rendered by their owner (labelled ones, like the cluster's map).
  void add_section(std::function<std::string()> render) { sections_.push_back(std::move(render)); }

  std::string render() const;

 private:
  static constexpr std::array<double, 10> kLatencyBuckets{0.0005, 0.001, 0.002, 0.005, 0.01,
                                                          0.02,   0.05,  0.1,   0.5,   1.0};
  static constexpr std::array<double, 8> kBatchBuckets{1, 2, 5, 10, 50, 100, 500, 2000};

  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::int64_t> live_sessions_{0};
  std::atomic<std::uint64_t> bytes_in_{0};
  std::atomic<std::uint64_t> bytes_out_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> commands_;
  std::map<std::string, std::uint64_t> rejections_;
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> latency_{};
  double latency_sum_ = 0;
  std::array<std::uint64_t, kBatchBuckets.size() + 1> batch_{};
  double batch_sum_ = 0;
  std::uint64_t commits_ = 0;
  struct Gauge {
    std::string help;
    std::function<double()> read;
  };
  std::map<std::string, Gauge> gauges_;
  std::vector<std::function<std::string()>> sections_;
};

}  // namespace parley::app
