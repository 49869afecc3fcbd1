// The messages a Session keeps outside its state proto: written back whole, restored from a
// snapshot, shared between the server's two engines, and leaked by id.

#include <doctest/doctest.h>

#include "driver.hpp"
#include "engine/message_log.hpp"
#include "engine/visibility.hpp"

using namespace parley::test;
using parley::engine::MessageLog;
using parley::engine::Session;

namespace {

// PAK and KSA talk privately; PAK, KSA and TUR share a room.
Driver talking() {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  d.ok("PAK", message("KSA", "a private word"));
  d.ok("KSA", message("PAK", "a private reply"));
  d.go_to(1, "consultations");
  d.ok("PAK", room("Gulf", {"KSA", "TUR"}));
  d.ok("TUR", post("#gulf", "in the room"));
  return d;
}

}  // namespace

TEST_CASE("the state proto leaves messages out; full_state writes them back in order") {
  auto d = talking();
  CHECK(d.state().messages_size() == 0);
  auto full = d.full_state();
  REQUIRE(full.messages_size() == 3);
  CHECK(full.messages(0).message_id() == "m1");
  CHECK(full.messages(0).from() == "PAK");
  CHECK(full.messages(0).to() == "KSA");
  CHECK(full.messages(0).text() == "a private word");
  CHECK(full.messages(2).room_id() == "#gulf");
  CHECK(full.messages(2).to().empty());
  CHECK(full.messages(2).text() == "in the room");
}

TEST_CASE("a session restored from a full state (a stored snapshot) has the same messages and goes on numbering") {
  auto d = talking();
  Session restored(d.session().index_ptr(), d.full_state());
  CHECK(restored.state().messages_size() == 0);
  CHECK(parley::engine::serialize_state(restored.full_state()) == parley::engine::serialize_state(d.full_state()));
  parley::engine::Input in{restored.state().now_ms(), "TUR", 0, message("PAK", "after the restore")};
  auto out = restored.handle(in);
  REQUIRE(std::holds_alternative<std::vector<pb::Event>>(out));
  CHECK(std::get<std::vector<pb::Event>>(out)[0].message_sent().message_id() == "m4");
  CHECK(restored.messages().size() == 4);
}

TEST_CASE("a leak marks the message in the log, and a later snapshot keeps the mark") {
  auto d = talking();
  d.ok("WHITE", release("leak", "m2"));
  auto at = d.session().messages().find("m2");
  REQUIRE(at == 1);
  CHECK(d.session().messages().header(at).leaked);
  CHECK_FALSE(d.session().messages().header(0).leaked);
  Session restored(d.session().index_ptr(), d.full_state());
  CHECK(restored.messages().header(1).leaked);
  CHECK(restored.messages().find("m9") == restored.messages().size());
}

TEST_CASE("views: a role reads its own messages, its rooms' posts and leaks; the white cell reads all") {
  auto d = talking();
  d.ok("WHITE", release("leak", "m1"));
  auto texts = [&](const std::string& role) {
    std::vector<std::string> out;
    auto v = parley::engine::view_state(d.index(), d.state(), d.session().messages(), d.role(role));
    for (const auto& m : v.messages()) out.push_back(m.text());
    return out;
  };
  CHECK(texts("KSA") == std::vector<std::string>{"a private word", "a private reply", "in the room"});
  CHECK(texts("TUR") == std::vector<std::string>{"a private word", "in the room"});  // m1 leaked
  CHECK(texts("QAT") == std::vector<std::string>{"a private word"});
  CHECK(texts("WHITE").size() == 3);
  // The same view from a proto that carries its messages.
  auto from_proto = parley::engine::view_state(d.index(), d.full_state(), d.role("QAT"));
  REQUIRE(from_proto.messages_size() == 1);
  CHECK(from_proto.messages(0).message_id() == "m1");
}

TEST_CASE("an engine that applies what another already applied shares its messages' words") {
  auto d = talking();
  Session behind(d.session().index_ptr());
  const auto& log = d.log();
  for (const auto& e : log) behind.apply(e, &d.session());
  CHECK(parley::engine::serialize_state(behind.full_state()) == parley::engine::serialize_state(d.full_state()));
  // Shared, not equal copies: the two logs point at one record per message.
  for (std::size_t i = 0; i < behind.messages().size(); ++i) {
    CHECK(&behind.messages().header(i).room_id == &d.session().messages().header(i).room_id);
  }
  // A log that differs at that position (another history) is not borrowed from.
  Session other(d.session().index_ptr());
  for (const auto& e : log) other.apply(e);
  CHECK(&other.messages().header(0).room_id != &d.session().messages().header(0).room_id);
}
