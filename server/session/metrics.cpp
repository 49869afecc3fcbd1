#include "session/metrics.hpp"

#include <sstream>

namespace parley::app {
namespace {

template <class Buckets, class Counts>
void observe(const Buckets& bounds, Counts& counts, double value) {
  std::size_t i = 0;
  while (i < bounds.size() && value > bounds[i]) ++i;
  ++counts[i];
}

template <class Buckets, class Counts>
void histogram(std::ostringstream& out, const std::string& name, const std::string& help, const Buckets& bounds,
               const Counts& counts, double sum, std::uint64_t total) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += counts[i];
    out << name << "_bucket{le=\"" << bounds[i] << "\"} " << cumulative << "\n";
  }
  out << name << "_bucket{le=\"+Inf\"} " << total << "\n" << name << "_sum " << sum << "\n" << name << "_count " << total << "\n";
}

}  // namespace

void Metrics::command(const std::string& type) {
  std::lock_guard lock(mutex_);
  ++commands_[type];
}

void Metrics::rejection(const std::string& code) {
  std::lock_guard lock(mutex_);
  ++rejections_[code];
}

void Metrics::commit(double seconds, std::size_t appends) {
  std::lock_guard lock(mutex_);
  observe(kLatencyBuckets, latency_, seconds);
  observe(kBatchBuckets, batch_, static_cast<double>(appends));
  latency_sum_ += seconds;
  batch_sum_ += static_cast<double>(appends);
  ++commits_;
}

void Metrics::add_gauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_[name] = {help, std::move(read)};
}

std::string Metrics::render() const {
  std::ostringstream out;
  out << "# HELP parley_connections Open WebSocket connections.\n# TYPE parley_connections gauge\n"
      << "parley_connections " << connections_ << "\n"
      << "# HELP parley_live_sessions Sessions hosted in memory (an ended one until nobody has held it for --keep-ended).\n# TYPE parley_live_sessions gauge\n"
      << "parley_live_sessions " << live_sessions_ << "\n"
      << "# HELP parley_bytes_in_total Bytes received in WebSocket frames.\n# TYPE parley_bytes_in_total counter\n"
      << "parley_bytes_in_total " << bytes_in_ << "\n"
      << "# HELP parley_bytes_out_total Bytes sent in WebSocket frames.\n# TYPE parley_bytes_out_total counter\n"
      << "parley_bytes_out_total " << bytes_out_ << "\n";
  std::lock_guard lock(mutex_);
  out << "# HELP parley_commands_total Commands received, by type.\n# TYPE parley_commands_total counter\n";
  for (const auto& [type, n] : commands_) out << "parley_commands_total{type=\"" << type << "\"} " << n << "\n";
  out << "# HELP parley_rejections_total Commands refused, by code.\n# TYPE parley_rejections_total counter\n";
  for (const auto& [code, n] : rejections_) out << "parley_rejections_total{code=\"" << code << "\"} " << n << "\n";
  histogram(out, "parley_commit_seconds", "Latency of event-store commits.", kLatencyBuckets, latency_, latency_sum_, commits_);
  histogram(out, "parley_commit_batch_appends", "Appends per group commit.", kBatchBuckets, batch_, batch_sum_, commits_);
  for (const auto& [name, g] : gauges_) {
    out << "# HELP " << name << " " << g.help << "\n# TYPE " << name << " gauge\n" << name << " " << g.read() << "\n";
  }
  for (const auto& section : sections_) out << section();
  return out.str();
}

}  // namespace parley::app
