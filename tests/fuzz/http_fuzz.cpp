// HTTP: any method, target, headers and body sent to the API gets exactly one
// answer with a real status, and a refusal says why in JSON, never a crash.
// The application runs as in the server but with no database reachable, so
// everything that needs one is answered "unavailable" (as in an outage).
//
// Input: "METHOD TARGET\n", then a line of flags (first character: 'A' the
// admin's bearer token, 'X' the line from its third character on as the
// Authorization header, anything else none; second: 'J' a JSON content
// type), then the body.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <string_view>
#include <memory>

#include "http/http_api.hpp"
#include "fuzz_support.hpp"
#include "log/logger.hpp"
#include "support/inline_runtime.hpp"

namespace {

constexpr const char* kAdmin = "fuzz-admin-token-0123456789";
constexpr const char* kNoDatabase = "host=/nonexistent-parley-fuzz dbname=none connect_timeout=1";

struct App {
  parley::test::InlineRuntime runtime;  // no session is ever hosted here
  parley::storage::EventStore store{kNoDatabase};
  parley::app::Metrics metrics;
  parley::storage::DbWorker db{kNoDatabase, "db"};
  parley::storage::DbWorker reader{kNoDatabase, "reader"};
  parley::storage::DbWorkerPool pages{kNoDatabase, "pages", 1};
  parley::app::ScenarioIndexes scenarios;
  parley::app::SessionRegistry registry{{runtime, store, metrics, 1000, 512, {}}, db, reader, scenarios, 100};
  parley::app::SessionArchive archive{pages, reader, db, registry, scenarios};
  parley::app::ScenarioCatalog catalog = parley::app::ScenarioCatalog::load(PARLEY_SOURCE_DIR "/scenarios").value();
  parley::storage::DbWorker library_db{kNoDatabase, "library"};
  parley::app::ScenarioLibrary library{catalog, library_db, scenarios};
  parley::app::ScenarioJobs scenario_jobs;
  parley::app::HealthMonitor health;
  parley::app::WebAssets web = parley::app::WebAssets::load("/nonexistent-parley-web");
  parley::app::BotLauncher bots{"/bin/false"};
  parley::app::HttpApi api{registry, archive, library, scenario_jobs, health, metrics, kAdmin, web, bots, db, reader};
};

// The text up to the next newline (or the end), and the rest after it.
std::string_view line(std::string_view& rest) {
  auto end = rest.find('\n');
  auto out = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return out;
}

parley::net::HttpRequest request_from(std::string_view input) {
  parley::net::HttpRequest req;
  auto first = line(input);
  auto space = first.find(' ');
  req.method = std::string(first.substr(0, space));
  req.target = space == std::string_view::npos ? "" : std::string(first.substr(space + 1));
  auto flags = line(input);
  if (!flags.empty() && flags[0] == 'A') req.headers["authorization"] = std::string("Bearer ") + kAdmin;
  if (!flags.empty() && flags[0] == 'X') req.headers["authorization"] = std::string(flags.substr(flags.size() > 1 ? 2 : 1));
  if (flags.size() > 1 && flags[1] == 'J') req.headers["content-type"] = "application/json";
  req.body = std::string(input);
  return req;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parley::log::set_level(parley::log::Level::error);  // an outage logs; the fuzzer need not read it
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static App app;
  auto req = request_from(std::string_view(reinterpret_cast<const char*>(data), size));

  auto answered = std::make_shared<std::promise<parley::net::HttpResponse>>();
  auto calls = std::make_shared<std::atomic<int>>(0);
  app.api.handle(req, [answered, calls](parley::net::HttpResponse r) {
    if (calls->fetch_add(1) == 0) answered->set_value(std::move(r));
    else parley::fuzz::broken("a request was answered twice");
  });
  auto future = answered->get_future();
  parley::fuzz::require(future.wait_for(std::chrono::seconds(20)) == std::future_status::ready, "a request got no answer: " + req.method + " " + req.target);
  auto r = future.get();
  parley::fuzz::require(r.status >= 200 && r.status <= 599, "a status out of range: " + std::to_string(r.status));
  if (r.status >= 400 && req.target.rfind("/api/", 0) == 0) {
    parley::fuzz::require(r.content_type.rfind("application/", 0) == 0 && r.body.find("\"error\"") != std::string::npos,
                          "an API refusal without a JSON reason: " + std::to_string(r.status) + " " + r.body);
  }
  return 0;
}
