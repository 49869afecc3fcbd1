#pragma once
// Everything a review is computed from: one recorded session as stored (the
// full scenario and event log, whoever reads it) plus who was connected.
// Filled by the server's archive or by a test; the review never reads a
// database or a clock.

#include <cstdint>
#include <string>
#include <vector>

#include "parley/v1/engine.pb.h"
#include "parley/v1/scenario.pb.h"

namespace parley::review {

struct RecordedEvent {
  std::uint64_t seq = 0;
  std::int64_t at_ms = 0;
  parley::v1::Event event;
};

// One connection of a client to a seat; disconnected_ms 0: still open (or the
// server stopped before it could note the end).
struct SeatPresence {
  std::string role;
  std::uint32_t seat = 0;
  std::string client;  // what the client said it is: "browser", "bot:boulware", "parley-cli"...
  std::int64_t connected_ms = 0;
  std::int64_t disconnected_ms = 0;
  std::string display_name;  // what the person gave as their name; empty: none
};

// A seat's person as a class's roster names them (storage::cohort_seats).
struct RosterName {
  std::string role;
  std::uint32_t seat = 0;
  std::string name;
};

// One call a language-model seat made to its model (parley agents), as the agent client
// recorded it: JSON text (request, settings, answer, tokens, tool calls and what became of them).
struct ModelCall {
  std::string role;
  std::uint32_t seat = 0;
  std::string at;      // ISO 8601, UTC
  std::string record;  // JSON text
};

struct SessionRecord {
  std::string id;
  std::string title;
  std::string status;  // lobby, running, paused, ended
  std::int64_t created_ms = 0;
  std::string forked_from;  // empty: not a fork
  std::uint64_t forked_at = 0;
  parley::v1::Scenario scenario;  // in full, as loaded
  int scenario_version = 0;       // the library version it was created from; 0: a shipped file
  std::vector<RecordedEvent> events;
  std::vector<SeatPresence> presence;
  std::vector<RosterName> roster;  // personal data: the white cell's view only
  std::vector<ModelCall> model_calls;  // the white cell's view only
};

struct ReviewOptions {
  std::string viewer;          // role id; empty: the white cell (everything)
  bool with_messages = false;  // message texts, else counts per pair
};

}  // namespace parley::review
