#pragma once
// The after-action record of a session, computed by replaying its full event
// log through the engine: timeline by round, every text with its amendment
// tree, votes, the adopted text, signatures and red-line flags, pledges and
// their settlement, the stress test, each delegation's utility against its
// BATNA, and the outcome against the Pareto frontier and the Nash text.

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "parley/v1/engine.pb.h"
#include "parley/v1/scenario.pb.h"

namespace parley::cli {

struct RecordedEvent {
  std::uint64_t seq;
  std::int64_t at_ms;
  parley::v1::Event event;
};

// Message texts are left out (counts per pair only) unless with_messages.
boost::json::object after_action(const parley::v1::Scenario& scenario, const std::string& session_id,
                                 const std::vector<RecordedEvent>& events, bool with_messages);

std::string render_markdown(const boost::json::object& report);
// One row per event: seq, time, round, phase, actor, type, description.
std::string render_csv(const std::vector<RecordedEvent>& events, bool with_messages);

}  // namespace parley::cli
