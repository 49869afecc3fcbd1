// The batch frame as the server writes it and a client reads it back: packed
// header fields restore exactly, seqs skip where a role saw nothing, and two
// batches written back to back read as one.
#include <doctest/doctest.h>

#include <google/protobuf/util/message_differencer.h>

#include "protocol/batch_reader.hpp"
#include "protocol/batch_writer.hpp"

namespace pb = parley::v1;
using parley::protocol::BatchWriter;
using parley::protocol::event_core;
using parley::protocol::unpack_batch;

namespace {

pb::Event event(std::int64_t at, int round, const std::string& phase, const std::string& actor, std::uint32_t seat,
                const std::string& text) {
  pb::Event e;
  e.set_at_ms(at);
  e.set_round(round);
  e.set_phase(phase);
  e.set_actor(actor);
  e.set_seat(seat);
  e.mutable_statement()->set_text(text);
  return e;
}

std::vector<pb::ServerEnvelope> read(const std::string& frame) {
  pb::ServerEnvelope env;
  REQUIRE(env.ParseFromString(frame));
  return unpack_batch(env);
}

void check_event(const pb::ServerEnvelope& got, std::uint64_t seq, const pb::Event& want) {
  REQUIRE(got.has_event());
  CHECK(got.event().seq() == seq);
  CHECK(got.event().packing() == 0);
  INFO(got.event().event().ShortDebugString(), " vs ", want.ShortDebugString());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(got.event().event(), want));
}

}  // namespace

TEST_CASE("a batch's events come back whole, in order, then its acks") {
  std::vector<std::pair<std::uint64_t, pb::Event>> events = {
      {7, event(1795727723602, 2, "negotiate", "PAK", 0, "first")},
      {8, event(1795727723602, 2, "negotiate", "PAK", 0, "same moment, same actor")},
      {9, event(1795727723650, 2, "negotiate", "", 0, "the clock: no actor")},
      {12, event(1795727723640, 3, "", "TUR", 2, "a gap in seq, time going back, no phase")},
      {13, event(1795727723640, 0, "", "TUR", 2, "round zero after round three")},
  };
  BatchWriter w;
  for (const auto& [seq, e] : events) w.add_event(seq, e, event_core(e));
  w.add_ack("r1", 13, 2);
  w.add_ack("", 0, 0);
  std::string frame = w.finish();
  CHECK(w.empty());

  auto got = read(frame);
  REQUIRE(got.size() == events.size() + 2);
  for (std::size_t i = 0; i < events.size(); ++i) check_event(got[i], events[i].first, events[i].second);
  REQUIRE(got[5].has_ack());
  CHECK(got[5].ack().request_id() == "r1");
  CHECK(got[5].ack().seq() == 13);
  CHECK(got[5].ack().events() == 2);
  CHECK(got[6].has_ack());

  // The packing is what saves the bytes: the second event repeats none of the header.
  pb::ServerEnvelope raw;
  REQUIRE(raw.ParseFromString(frame));
  const auto& second = raw.batch().events(1);
  CHECK(second.seq() == 0);
  CHECK(second.packing() == (pb::RELATIVE_TIME | pb::SAME_ROUND | pb::SAME_PHASE | pb::SAME_ACTOR));
  CHECK(second.event().at_ms() == 0);
  CHECK(second.event().phase().empty());
  CHECK(raw.batch().events(3).seq() == 12);
}

TEST_CASE("two batches written back to back read as one batch") {
  auto a = event(1000, 1, "brief", "PAK", 0, "a");
  auto b = event(5000, 2, "talk", "KSA", 1, "b");
  BatchWriter w;
  w.add_event(1, a, event_core(a));
  w.add_ack("x", 1, 1);
  std::string first = w.finish();
  w.add_event(2, b, event_core(b));
  w.add_ack("y", 2, 1);
  std::string second = w.finish();

  auto got = read(first + second);
  REQUIRE(got.size() == 4);
  check_event(got[0], 1, a);
  check_event(got[1], 2, b);  // written first in its own batch: nothing borrowed from `a`
  CHECK(got[2].ack().request_id() == "x");
  CHECK(got[3].ack().request_id() == "y");
}

TEST_CASE("any other envelope is read as it is") {
  pb::ServerEnvelope env;
  env.mutable_ack()->set_request_id("z");
  auto got = unpack_batch(env);
  REQUIRE(got.size() == 1);
  CHECK(got[0].ack().request_id() == "z");
}
