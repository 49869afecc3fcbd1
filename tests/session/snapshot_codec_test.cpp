// Stored snapshots: compressed, read back whole, the older plain form still read, and damage named.

#include "session/snapshot_codec.hpp"

#include <doctest/doctest.h>

#include "engine/driver.hpp"

using namespace parley::test;

namespace {

Driver long_talk(int messages) {
  Driver d(kDefaultScenario);
  d.ok("WHITE", start());
  for (int i = 0; i < messages; ++i) d.ok(i % 2 ? "PAK" : "KSA", message(i % 2 ? "KSA" : "PAK", "offer number " + std::to_string(i)));
  d.ok("WHITE", release("leak", "m3"));
  return d;
}

}  // namespace

TEST_CASE("a snapshot decodes to the whole state, messages and leaks included, and is smaller than it") {
  auto d = long_talk(400);
  auto bytes = parley::app::encode_snapshot(d.session());
  pb::SessionState back;
  REQUIRE(parley::app::decode_snapshot(bytes, back, "the snapshot").ok());
  CHECK(parley::engine::serialize_state(back) == parley::engine::serialize_state(d.full_state()));
  CHECK(back.messages_size() == 400);
  CHECK(back.messages(2).leaked());
  CHECK(bytes.size() * 3 < d.full_state().ByteSizeLong());
}

TEST_CASE("a snapshot stored before compression still reads") {
  auto d = long_talk(5);
  pb::SessionState back;
  REQUIRE(parley::app::decode_snapshot(parley::engine::serialize_state(d.full_state()), back, "the snapshot").ok());
  CHECK(back.messages_size() == 5);
}

TEST_CASE("damaged snapshots are named, compressed or not") {
  auto bytes = parley::app::encode_snapshot(long_talk(5).session());
  pb::SessionState back;
  for (auto damaged : {bytes.substr(0, bytes.size() / 2), std::string("\x08\xff\xff", 3)}) {
    auto r = parley::app::decode_snapshot(damaged, back, "session s1: the snapshot at 1000");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("session s1: the snapshot at 1000 is corrupt") != std::string::npos);
  }
}
