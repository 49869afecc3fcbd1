// parley-bench: drives a running Parley server over real WebSocket
// connections and prints what it measured. Starts nothing by itself; every
// run is bounded in time. Load goes only to the server given (use 127.0.0.1).

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "http_client.hpp"
#include "load_client.hpp"
#include "ws_client.hpp"

namespace po = boost::program_options;
namespace json = boost::json;
namespace pb = parley::v1;
using parley::bench::LoadClient;
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

int main(int argc, char** argv) {
  po::options_description opts("Usage: parley-bench --server URL --token ADMIN_TOKEN [options]\n\nOptions");
  opts.add_options()("help,h", "this help")("server", po::value<std::string>()->default_value("http://127.0.0.1:8080"), "server URL")(
      "token", po::value<std::string>(), "the server's admin token")("sessions", po::value<int>()->default_value(10), "M sessions")(
      "players", po::value<int>()->default_value(5), "N delegations playing in each session")(
      "seconds", po::value<double>()->default_value(10), "measured duration")(
      "rate", po::value<double>()->default_value(0), "open loop at this many commands per second in total (0: closed loop)")(
      "idle", po::value<int>()->default_value(0), "instead: hold this many idle authenticated connections and report memory")(
      "server-pid", po::value<int>()->default_value(0), "the server's pid, for CPU and memory from /proc")(
      "threads", po::value<int>()->default_value(1), "load generator threads")("json", "print one JSON object");
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
  int sessions = vm["sessions"].as<int>(), players = vm["players"].as<int>(), idle = vm["idle"].as<int>();
  int pid = vm["server-pid"].as<int>();
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
  int session_count = idle > 0 ? std::max(1, (idle + 99) / 100) : sessions;
  int made = 0;
  for (int s = 0; s < session_count && made < wanted; ++s) {
    auto created = parley::client::http_call(server, "POST", "/api/sessions", R"({"scenario":"bench","title":"bench"})", token);
    if (!created || created.value().status != 201) return die("cannot create a session (check --token)");
    auto codes = json::parse(created.value().body).as_object();
    parley::client::WsClient white;
    if (!white.connect(server)) return die("cannot connect to " + server);
    pb::ClientEnvelope env;
    env.mutable_hello()->set_code(std::string(codes["facilitator_token"].as_string()));
    env.mutable_hello()->set_client("parley-bench");
    (void)white.send(env);
    env.Clear();
    env.set_request_id("start");
    env.mutable_command()->mutable_start();
    (void)white.send(env);
    for (int i = 0; i < 10; ++i) {
      auto got = white.receive(std::chrono::seconds(10));
      if (!got || (got.value().has_ack() && got.value().ack().request_id() == "start")) break;
    }
    white.close();
    for (const auto& seat : codes["seats"].as_array()) {
      if (made >= wanted) break;
      std::string role(seat.at("role").as_string());
      int index = static_cast<int>(std::find(delegations.begin(), delegations.end(), role) - delegations.begin());
      bool playing = idle > 0 ? true : (seat.at("seat").as_int64() == 0 && index < players);
      if (!playing) continue;
      std::vector<std::string> others;
      for (int i = 0; i < players; ++i) {
        if (delegations[i] != role) others.push_back(delegations[i]);
      }
      clients.push_back(std::make_shared<LoadClient>(ioc, host, port, std::string(seat.at("join_code").as_string()), role,
                                                     others, issues, 1000 * s + clients.size(), interval));
      ++made;
    }
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
    auto from = Clock::now() + std::chrono::milliseconds(200);
    auto until = from + std::chrono::microseconds(static_cast<long>(seconds * 1e6));
    for (auto& c : clients) c->run(from, until);
    std::this_thread::sleep_until(until + std::chrono::milliseconds(500));
    auto cpu_after = proc_stats(pid);
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
    if (pid > 0) {
      out["server_cpu_percent"] = 100.0 * (cpu_after.cpu_seconds - cpu_before.cpu_seconds) / seconds;
      out["server_rss_peak_kib"] = cpu_after.rss_peak_kib;
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
