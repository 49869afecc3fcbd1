// parley-engine-bench: how fast the pure engine decides and replays, and how
// long the analysis of the default scenario takes. Prints numbers; asserts
// nothing. Usage: parley-engine-bench [EVENTS] (default 1000000)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "engine/analyzer.hpp"
#include "scenario_file.hpp"
#include "engine/scenario_parser.hpp"
#include "engine/session.hpp"

namespace pb = parley::v1;
using Clock = std::chrono::steady_clock;

namespace {

std::shared_ptr<const parley::engine::ScenarioIndex> load(const std::string& path) {
  return std::make_shared<const parley::engine::ScenarioIndex>(parley::bench::load_scenario_file(path));
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The load generator's mix: 70% private messages, 20% votes, 10% tabling.
pb::Command next(std::mt19937_64& rng, const parley::engine::Session& s, const std::string& self) {
  static const char* kRoles[] = {"ALFA", "BRAVO", "CHARLIE", "DELTA", "ECHO"};
  pb::Command c;
  int roll = static_cast<int>(rng() % 10);
  int texts = s.state().texts_size();
  if (roll < 7) {
    std::string to = kRoles[rng() % 5];
    if (to == self) to = to == "ALFA" ? "BRAVO" : "ALFA";
    c.mutable_send_message()->set_to(to);
    c.mutable_send_message()->set_text("Can we agree on option two for issue B?");
  } else if (roll < 9 && texts > 0) {
    c.mutable_vote()->set_text_id("DR" + std::to_string(1 + rng() % texts));
    c.mutable_vote()->set_choice(rng() % 2 ? pb::YES : pb::NO);
  } else {
    auto& options = *c.mutable_table_text()->mutable_options();
    for (const char* issue : {"A", "B", "C", "D"}) options[issue] = std::string(issue) + std::to_string(1 + rng() % 3);
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  long target = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  if (target <= 0) {
    std::fprintf(stderr, "usage: parley-engine-bench [EVENTS]\n");
    return 2;
  }
  auto bench = load(PARLEY_SOURCE_DIR "/bench/bench-scenario.textproto");
  parley::engine::Session live(bench);
  std::int64_t now = 1'700'000'000'000;
  live.handle({now, "WHITE", 0, [] { pb::Command c; c.mutable_start(); return c; }()});
  std::mt19937_64 rng(42);
  std::vector<pb::Event> log;
  log.reserve(static_cast<std::size_t>(target));
  static const char* kRoles[] = {"ALFA", "BRAVO", "CHARLIE", "DELTA", "ECHO"};
  long commands = 0;
  auto t0 = Clock::now();
  while (static_cast<long>(log.size()) < target) {
    std::string self = kRoles[rng() % 5];
    auto out = live.handle({++now, self, 0, next(rng, live, self)});
    ++commands;
    if (auto* events = std::get_if<std::vector<pb::Event>>(&out)) log.insert(log.end(), events->begin(), events->end());
  }
  double decide = seconds_since(t0);

  parley::engine::Session replay(bench);
  auto t1 = Clock::now();
  for (const auto& e : log) replay.apply(e);
  double apply = seconds_since(t1);

  auto pact = load(PARLEY_SOURCE_DIR "/scenarios/collective-security-pact.textproto");
  parley::engine::Analyzer analyzer(*pact, pact->starting_profiles());
  auto t2 = Clock::now();
  auto analysis = analyzer.run();
  double analyze = seconds_since(t2);

  std::printf("engine benchmark (%ld events)\n", static_cast<long>(log.size()));
  std::printf("  decide+apply  %10.0f commands/s  (%ld commands in %.3f s)\n", commands / decide, commands, decide);
  std::printf("  apply only    %10.0f events/s    (%zu events in %.3f s)\n", log.size() / apply, log.size(), apply);
  std::printf("  analysis      %10.3f s for the default scenario (%.0f texts, frontier %zu)\n", analyze,
              analysis.space_size, analysis.frontier.size());
  return 0;
}
