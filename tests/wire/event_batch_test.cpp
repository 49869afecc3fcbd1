// The batch frames as the server writes them and a client reads them back:
// packed header fields restore exactly, across frames on one connection;
// seqs skip where a role saw nothing; two batches written back to back read
// as one; and a client's own texts, left out, come back from its commands.
#include <doctest/doctest.h>

#include <google/protobuf/util/message_differencer.h>
#include <map>

#include "wire/batch_reader.hpp"
#include "wire/batch_writer.hpp"
#include "wire/own_text.hpp"

namespace pb = parley::v1;
using parley::wire::BatchReader;
using parley::wire::BatchWriter;
using parley::wire::event_core;
using parley::wire::PackingContext;

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

std::vector<pb::ServerEnvelope> read(BatchReader& reader, const std::string& frame) {
  pb::ServerEnvelope env;
  REQUIRE(env.ParseFromString(frame));
  return reader.unpack(env);
}

std::vector<pb::ServerEnvelope> read(const std::string& frame) {
  BatchReader reader;
  return read(reader, frame);
}

void check_event(const pb::ServerEnvelope& got, std::uint64_t seq, const pb::Event& want) {
  REQUIRE(got.has_event());
  CHECK(got.event().seq() == seq);
  CHECK(got.event().packing() == 0);
  INFO(got.event().event().ShortDebugString(), " vs ", want.ShortDebugString());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(got.event().event(), want));
}

pb::ServerEnvelope raw(const std::string& frame) {
  pb::ServerEnvelope env;
  REQUIRE(env.ParseFromString(frame));
  return env;
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
  PackingContext connection;
  for (const auto& [seq, e] : events) w.add_event(connection, seq, e, event_core(e));
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
  auto packed = raw(frame);
  const auto& second = packed.batch().events(1);
  CHECK(second.seq() == 0);
  CHECK(second.packing() == (pb::RELATIVE_TIME | pb::SAME_ROUND | pb::SAME_PHASE | pb::SAME_ACTOR));
  CHECK(second.event().at_ms() == 0);
  CHECK(second.event().phase().empty());
  CHECK(packed.batch().events(0).seq() == 7);
  CHECK(packed.batch().events(3).seq() == 3);  // 12, as the distance from 9
  CHECK((packed.batch().events(3).packing() & pb::RELATIVE_SEQ) != 0);
}

TEST_CASE("a connection's frames pack against its previous event; a new connection starts unpacked") {
  auto a = event(1000, 1, "talk", "PAK", 1, "a");
  auto b = event(1250, 1, "talk", "PAK", 1, "b");
  auto c = event(1300, 1, "talk", "KSA", 2, "c");
  BatchWriter w;
  PackingContext connection;
  w.add_event(connection, 1, a, event_core(a));
  std::string first = w.finish();
  w.add_event(connection, 2, b, event_core(b));
  std::string second = w.finish();
  w.add_event(connection, 9, c, event_core(c));
  std::string third = w.finish();

  // The second frame's only event borrows all of its header from the first frame's.
  auto lone = raw(second).batch().events(0);
  CHECK(lone.packing() == (pb::RELATIVE_TIME | pb::SAME_ROUND | pb::SAME_PHASE | pb::SAME_ACTOR));
  CHECK(lone.seq() == 0);
  CHECK(lone.event().at_ms() == 250);

  BatchReader reader;
  check_event(read(reader, first).at(0), 1, a);
  check_event(read(reader, second).at(0), 2, b);
  check_event(read(reader, third).at(0), 9, c);

  // The same bytes merged into one frame (a slow connection's queue) read the same.
  auto merged = read(first + second + third);
  REQUIRE(merged.size() == 3);
  check_event(merged[0], 1, a);
  check_event(merged[1], 2, b);
  check_event(merged[2], 9, c);

  // A new connection: a fresh context on both sides, so nothing is borrowed.
  PackingContext next;
  w.add_event(next, 10, b, event_core(b));
  std::string fresh = w.finish();
  CHECK(raw(fresh).batch().events(0).packing() == 0);
  CHECK(raw(fresh).batch().events(0).seq() == 10);
  reader.reset();
  check_event(read(reader, fresh).at(0), 10, b);
}

TEST_CASE("a client's own text is left out for it and restored from the command it sent") {
  pb::Event sent = event(1000, 1, "talk", "PAK", 1, "");
  auto* m = sent.mutable_message_sent();
  m->set_message_id("m7");
  m->set_to("KSA");
  m->set_text("Rotation, if you fund the common pot?");
  auto other = event(1100, 1, "talk", "KSA", 1, "a statement by someone else");

  BatchWriter w;
  PackingContext connection;
  w.add_event(connection, 4, sent, event_core(parley::wire::without_own_text(sent)), true);
  w.add_event(connection, 5, other, event_core(other));
  w.add_ack("c1", 4, 1);
  std::string frame = w.finish();
  // The text is not on the wire at all.
  CHECK(frame.find("Rotation") == std::string::npos);
  CHECK((raw(frame).batch().events(0).packing() & pb::OWN_TEXT) != 0);

  std::map<std::string, std::string> kept{{"c1", "Rotation, if you fund the common pot?"}};
  BatchReader reader([&](const std::string& id) -> const std::string* {
    auto it = kept.find(id);
    return it == kept.end() ? nullptr : &it->second;
  });
  auto got = read(reader, frame);
  REQUIRE(got.size() == 3);
  check_event(got[0], 4, sent);
  check_event(got[1], 5, other);

  // A reader that kept nothing gets the event without its text, and nothing else goes wrong.
  auto bare = read(frame);
  CHECK(bare[0].event().event().message_sent().text().empty());
  CHECK(bare[0].event().event().message_sent().to() == "KSA");
  check_event(bare[1], 5, other);
}

TEST_CASE("only messages, room messages and statements repeat their command's text") {
  pb::Command c;
  c.mutable_send_message()->set_text("hello");
  CHECK(parley::wire::command_text(c) == "hello");
  c.mutable_statement()->set_text("we will sign");
  CHECK(parley::wire::command_text(c) == "we will sign");
  c.mutable_post_to_room()->set_text("in the room");
  CHECK(parley::wire::command_text(c) == "in the room");
  c.mutable_vote();
  CHECK(parley::wire::command_text(c).empty());
  pb::Event e;
  e.mutable_vote_cast();
  CHECK_FALSE(parley::wire::has_own_text(e));
  e.mutable_room_message()->set_text("x");
  CHECK(parley::wire::has_own_text(e));
  CHECK(parley::wire::without_own_text(e).room_message().text().empty());
}

TEST_CASE("any other envelope is read as it is") {
  pb::ServerEnvelope env;
  env.mutable_ack()->set_request_id("z");
  BatchReader reader;
  auto got = reader.unpack(env);
  REQUIRE(got.size() == 1);
  CHECK(got[0].ack().request_id() == "z");
}
