// parley-bench: drives a running Parley server over real WebSocket
// connections and prints what it measured. Starts nothing by itself; every
// run is bounded in time. Load goes only to the server given (use 127.0.0.1).

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <cstdio>
#include <deque>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "http_client.hpp"
#include "load_client.hpp"
#include "session_pool.hpp"
#include "wire/batch_reader.hpp"
#include "ws_client.hpp"

namespace po = boost::program_options;
namespace json = boost::json;
namespace pb = parley::v1;
using parley::bench::BenchSession;
using parley::bench::LoadClient;
using parley::bench::SessionPool;
using Clock = std::chrono::steady_clock;

namespace {

struct ProcStats {
  double cpu_seconds = 0;
  double rss_peak_kib = 0;
  double rss_kib = 0;
};

ProcStats proc_stats(int pid) {
  ProcStats s;
  if (pid <= 0) return s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  std::istringstream fields(close == std::string::npos ? "" : line.substr(close + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) {
      stime = std::stol(f);
      break;
    }
  }
  s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) s.rss_peak_kib = std::stod(line.substr(6));
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::stod(line.substr(6));
  }
  return s;
}

double metric(const std::string& server, const std::string& name) {
  auto r = parley::client::http_call(server, "GET", "/metrics");
  if (!r) return 0;
  std::istringstream in(r.value().body);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return 0;
}

struct RssSample {
  double at_s;
  double rss_kib;
};

// Least-squares slope of RSS over time in MiB per hour, over the second half
// of the run: start-up and warm-up allocate (sessions fill their memory, ended
// ones wait out --keep-ended), while a leak keeps on.
double rss_slope_mib_per_hour(const std::vector<RssSample>& samples) {
  if (samples.size() < 3) return 0;
  double start = samples.back().at_s / 2;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& s : samples) {
    if (s.at_s < start) continue;
    double x = s.at_s / 3600, y = s.rss_kib / 1024;
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  double denom = n * sxx - sx * sx;
  return n < 3 || denom == 0 ? 0 : (n * sxy - sx * sy) / denom;
}

// The measured window of a soak: waits until its end, sampling the server's
// RSS (saying how far the run is on stderr) and, when sessions have a
// lifetime, replacing the oldest session by a fresh one at an even pace.
struct Soak {
  int pid;
  double sample_every_s;  // 0: no samples
  double replace_every_s; // 0: sessions live through the run
  Clock::time_point from, until;
  std::vector<RssSample> samples;
  std::uint64_t retired = 0;

  parley::Status run(SessionPool& pool, std::deque<BenchSession>& live, std::vector<std::shared_ptr<LoadClient>>& clients) {
    auto step = [](double s) { return std::chrono::microseconds(static_cast<long>(s * 1e6)); };
    auto next_sample = from;
    auto next_replace = from + step(replace_every_s);
    for (;;) {
      auto next = until;
      if (sample_every_s > 0 && pid > 0) next = std::min(next, next_sample);
      if (replace_every_s > 0) next = std::min(next, next_replace);
      std::this_thread::sleep_until(next);
      if (Clock::now() >= until) return {};
      if (sample_every_s > 0 && pid > 0 && Clock::now() >= next_sample) {
        sample();
        next_sample += step(sample_every_s);
      }
      if (replace_every_s > 0 && Clock::now() >= next_replace) {
        if (auto ok = replace(pool, live, clients); !ok) return ok;
        next_replace += step(replace_every_s);
      }
    }
  }

  void sample() {
    double at = std::chrono::duration<double>(Clock::now() - from).count();
    double rss = proc_stats(pid).rss_kib;
    samples.push_back({at, rss});
    std::fprintf(stderr, "parley-bench: %.0f of %.0f s, server RSS %.1f MiB, %llu sessions replaced\n", at,
                 std::chrono::duration<double>(until - from).count(), rss / 1024, static_cast<unsigned long long>(retired));
  }

  parley::Status replace(SessionPool& pool, std::deque<BenchSession>& live, std::vector<std::shared_ptr<LoadClient>>& clients) {
    if (auto ok = pool.retire(live.front()); !ok) return parley::fail(ok.error().code, "ending session " + live.front().id + ": " + ok.error().message);
    live.pop_front();
    ++retired;
    auto fresh = pool.create();
    if (!fresh) return fresh.error();
    auto end = until;
    for (auto& c : fresh.value().clients) {
      c->start([c, end] { c->run(Clock::now(), end); });
      clients.push_back(c);
    }
    live.push_back(std::move(fresh.value()));
    return {};
  }
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

int die(const std::string& message) {
  std::cerr << "parley-bench: " << message << "\n";
  return 1;
}

}  // namespace

// Reads a recorded session's events as the white cell, page after page in
// binary (GET .../events?format=binary), unpacking each page as a client
// does, and prints how long it took. Pages cover fixed seq ranges, so once
// the first page told the session's last seq, the next pages are requested
// at once, two at a time: the server builds them on its cores while this
// client unpacks the one before.
int replay_session(const std::string& server, const std::string& token, const std::string& session) {
  constexpr std::uint64_t kPage = 50000;
  constexpr std::size_t kInFlight = 2;
  auto fetch = [&](std::uint64_t after) {
    return std::async(std::launch::async, [=] {
      return parley::client::http_call(server, "GET", "/api/sessions/" + session + "/events?format=binary&limit=" +
                                                          std::to_string(kPage) + "&after=" + std::to_string(after), "", token);
    });
  };
  auto start = Clock::now();
  std::uint64_t requested = 0, last_seq = 0, events = 0, bytes = 0, pages = 0, seq = 0;
  std::deque<decltype(fetch(0))> pending;
  pending.push_back(fetch(0));
  auto top_up = [&] {
    while (pending.size() < kInFlight && requested + kPage < last_seq) pending.push_back(fetch(requested += kPage));
  };
  while (!pending.empty()) {
    auto reply = pending.front().get();
    pending.pop_front();
    if (!reply) return die(reply.error().message);
    if (reply.value().status != 200) return die("the events page answered " + std::to_string(reply.value().status) + ": " + reply.value().body);
    top_up();
    pb::EventPage page;
    if (!page.ParseFromString(reply.value().body)) return die("the events page is not a parley.v1.EventPage");
    parley::wire::BatchReader().restore(*page.mutable_events());  // a page packs on its own
    for (const auto& e : page.events().events()) {
      if (e.seq() <= seq || e.event().at_ms() == 0) return die("a broken page: seq " + std::to_string(e.seq()) + " after " + std::to_string(seq));
      seq = e.seq();
      ++events;
    }
    bytes += reply.value().body.size();
    ++pages;
    last_seq = std::max(last_seq, page.last_seq());
    top_up();
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  json::object out{{"session", session}, {"events", events}, {"pages", pages}, {"bytes", bytes}, {"seconds", seconds},
                   {"events_per_second", static_cast<double>(events) / seconds}};
  std::cout << json::serialize(out) << "\n";
  return 0;
}

int main(int argc, char** argv) {
  po::options_description opts("Usage: parley-bench --server URL --token ADMIN_TOKEN [options]\n\nOptions");
  opts.add_options()("help,h", "this help")("server", po::value<std::string>()->default_value("http://127.0.0.1:8080"), "server URL")(
      "token", po::value<std::string>(), "the server's admin token")("sessions", po::value<int>()->default_value(10), "M sessions")(
      "players", po::value<int>()->default_value(5), "N delegations playing in each session")(
      "seconds", po::value<double>()->default_value(10), "measured duration")(
      "rate", po::value<double>()->default_value(0), "open loop at this many commands per second in total (0: closed loop)")(
      "idle", po::value<int>()->default_value(0), "instead: hold this many idle authenticated connections and report memory")(
      "server-pid", po::value<int>()->default_value(0), "the server's pid, for CPU and memory from /proc")(
      "threads", po::value<int>()->default_value(1), "load generator threads")(
      "session-minutes", po::value<double>()->default_value(0),
      "each session lives this long, then is ended and replaced by a fresh one (sessions come and go as on a real server; "
      "0: they live through the run)")(
      "sample-every", po::value<double>()->default_value(0),
      "also sample the server's RSS every this many seconds (needs --server-pid) and report its slope: a soak")(
      "replay", po::value<std::string>(),
      "instead: read this recorded session's events as the white cell, in binary pages, and report the time")(
      "json", "print one JSON object");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
  } catch (const po::error& e) {
    std::cerr << "parley-bench: " << e.what() << "\n\n" << opts;
    return 2;
  }
  if (vm.count("help") || !vm.count("token")) {
    (vm.count("help") ? std::cout : std::cerr) << opts;
    return vm.count("help") ? 0 : 2;
  }
  std::string server = vm["server"].as<std::string>();
  std::string token = vm["token"].as<std::string>();
  if (vm.count("replay")) return replay_session(server, token, vm["replay"].as<std::string>());
  int sessions = vm["sessions"].as<int>(), players = vm["players"].as<int>(), idle = vm["idle"].as<int>();
  int pid = vm["server-pid"].as<int>();
  if (vm["sample-every"].as<double>() > 0 && pid <= 0) return die("--sample-every needs --server-pid (the RSS is read from /proc)");
  auto where = parley::client::split_url(server);
  if (!where) return die(where.error().message);
  auto [host, port] = where.value();

  // The benchmark scenario's delegations and issues, from the server.
  auto scenarios = parley::client::http_call(server, "GET", "/api/scenarios");
  if (!scenarios || scenarios.value().status != 200) return die("cannot list scenarios at " + server);
  std::vector<std::string> delegations;
  auto listed = json::parse(scenarios.value().body);  // kept alive for the loop below
  for (const auto& s : listed.at("scenarios").as_array()) {
    if (s.at("id") != "bench") continue;
    for (const auto& r : s.at("roles").as_array()) {
      if (r.at("kind") == "DELEGATION") delegations.emplace_back(r.at("id").as_string());
    }
  }
  if (delegations.empty()) return die("the server has not loaded the benchmark scenario (bench/bench-scenario.textproto)");
  if (players < 2 || players > static_cast<int>(delegations.size())) {
    return die("--players must be 2 to " + std::to_string(delegations.size()));
  }
  std::vector<std::string> issues{"A", "B", "C", "D"};

  boost::asio::io_context ioc;
  std::vector<std::shared_ptr<LoadClient>> clients;
  std::atomic<int> ready{0};
  double per_client_rate = vm["rate"].as<double>() / std::max(1, sessions * players);
  auto interval = per_client_rate > 0 ? std::chrono::microseconds(static_cast<long>(1e6 / per_client_rate))
                                      : std::chrono::microseconds(0);
  auto before_idle = proc_stats(pid);
  int wanted = idle > 0 ? idle : sessions * players;
  // Idle: as many sessions as it takes to seat every connection (a session has as many seats as the scenario gives it).
  int session_count = idle > 0 ? idle : sessions;
  SessionPool pool(ioc, {server, token, host, port, delegations, issues, players, interval});
  std::deque<BenchSession> live;
  int made = 0;
  for (int s = 0; s < session_count && made < wanted; ++s) {
    auto session = pool.create(idle > 0 ? wanted - made : 0);
    if (!session) return die(session.error().message);
    made += static_cast<int>(session.value().clients.size());
    clients.insert(clients.end(), session.value().clients.begin(), session.value().clients.end());
    live.push_back(std::move(session.value()));
  }
  for (auto& c : clients) c->start([&ready] { ++ready; });
  std::vector<std::thread> threads;
  auto guard = boost::asio::make_work_guard(ioc);
  for (int i = 0; i < vm["threads"].as<int>(); ++i) threads.emplace_back([&ioc] { ioc.run(); });
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (ready < static_cast<int>(clients.size()) && Clock::now() < deadline) {
    bool failed = std::any_of(clients.begin(), clients.end(), [](const auto& c) { return c->failed(); });
    if (failed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  json::object out{{"server", server}, {"connections", clients.size()}};
  if (ready < static_cast<int>(clients.size())) {
    for (auto& c : clients) {
      if (c->failed()) return die(c->error());
    }
    return die("only " + std::to_string(ready.load()) + " of " + std::to_string(clients.size()) + " clients joined within 60 s");
  }

  if (idle > 0) {
    auto after = proc_stats(pid);
    double per = (after.rss_kib - before_idle.rss_kib) / idle;
    out["mode"] = "idle";
    out["server_rss_kib"] = after.rss_kib;
    out["kib_per_connection"] = per;
  } else {
    double seconds = vm["seconds"].as<double>();
    double bytes_before = metric(server, "parley_bytes_out_total");
    auto cpu_before = proc_stats(pid);
    auto self_before = proc_stats(static_cast<int>(getpid()));
    auto from = Clock::now() + std::chrono::milliseconds(200);
    auto until = from + std::chrono::microseconds(static_cast<long>(seconds * 1e6));
    for (auto& c : clients) c->run(from, until);
    Soak soak{pid, vm["sample-every"].as<double>(), vm["session-minutes"].as<double>() * 60 / sessions, from, until, {}, 0};
    auto soaked = soak.run(pool, live, clients);
    if (!soaked) return die(soaked.error().message);
    std::this_thread::sleep_until(until + std::chrono::milliseconds(500));
    auto cpu_after = proc_stats(pid);
    auto self_after = proc_stats(static_cast<int>(getpid()));
    double bytes_after = metric(server, "parley_bytes_out_total");
    std::vector<double> lat;
    std::uint64_t acks = 0, rejections = 0, events = 0;
    std::string first_rejection;
    for (auto& c : clients) {
      const auto& s = c->stats();
      lat.insert(lat.end(), s.latencies_ms.begin(), s.latencies_ms.end());
      acks += s.acks;
      rejections += s.rejections;
      events += s.events;
      if (first_rejection.empty()) first_rejection = s.first_rejection;
    }
    double commands = static_cast<double>(acks + rejections);
    out["mode"] = per_client_rate > 0 ? "open" : "closed";
    out["sessions"] = sessions;
    out["players"] = players;
    out["seconds"] = seconds;
    out["offered_rate"] = vm["rate"].as<double>();
    out["commands_per_second"] = static_cast<double>(acks) / seconds;
    out["latency_ms"] = json::object{{"p50", percentile(lat, 0.50)}, {"p95", percentile(lat, 0.95)},
                                     {"p99", percentile(lat, 0.99)}, {"max", lat.empty() ? 0.0 : lat.back()}};
    out["rejections"] = rejections;
    if (!first_rejection.empty()) out["first_rejection"] = first_rejection;
    out["bytes_per_command"] = commands > 0 ? (bytes_after - bytes_before) / commands : 0.0;
    out["events_per_second"] = static_cast<double>(events) / seconds;
    // The window plus the half second after it, as for the server.
    out["load_generator_cpu_percent"] = 100.0 * (self_after.cpu_seconds - self_before.cpu_seconds) / seconds;
    if (pid > 0) {
      out["server_cpu_percent"] = 100.0 * (cpu_after.cpu_seconds - cpu_before.cpu_seconds) / seconds;
      out["server_rss_peak_kib"] = cpu_after.rss_peak_kib;
    }
    if (!soak.samples.empty()) {
      json::array points;
      for (const auto& p : soak.samples) points.push_back(json::array{p.at_s, p.rss_kib});
      out["rss_samples"] = std::move(points);
      out["rss_slope_mib_per_hour"] = rss_slope_mib_per_hour(soak.samples);
    }
    if (soak.retired > 0) {
      std::size_t failed = std::count_if(clients.begin(), clients.end(), [](const auto& c) { return c->failed(); });
      out["clients_failed"] = failed;  // a replacement that never joined lowers the offered load
      out["sessions_replaced"] = soak.retired;
      out["session_minutes"] = vm["session-minutes"].as<double>();
    }
  }
  for (auto& c : clients) c->stop();
  guard.reset();
  ioc.stop();
  for (auto& t : threads) t.join();

  if (vm.count("json")) {
    std::cout << json::serialize(out) << "\n";
    return 0;
  }
  for (const auto& [key, value] : out) std::cout << std::string(key) << ": " << json::serialize(value) << "\n";
  return 0;
}
