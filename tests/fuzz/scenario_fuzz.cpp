// Scenario files: any text either loads or is refused with every problem
// named (line, path, message), never a crash; a scenario that loads can be
// indexed and a session started on it.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parley::engine::parse_scenario(text);
  if (!parsed.ok()) {
    auto report = parsed.report("fuzz.textproto");
    parley::fuzz::require(report.find("fuzz.textproto") != std::string::npos, "a refused scenario's report names no source");
    for (const auto& p : parsed.problems) parley::fuzz::require(!p.message.empty(), "a scenario problem without a message");
    return 0;
  }
  auto index = std::make_shared<const parley::engine::ScenarioIndex>(parsed.scenario);
  parley::fuzz::require(index->white_cell() >= 0, "a loaded scenario has no white cell");
  parley::fuzz::require(parley::engine::validate_scenario(index->scenario()).empty(), "a loaded scenario fails validation");
  parley::engine::Session session(index);
  parley::engine::Input start;
  start.at_ms = 1'700'000'000'000;
  start.role = index->role(index->white_cell()).id();
  start.command.mutable_start();
  (void)session.handle(start);
  return 0;
}
