#include "command_language.hpp"

#include <doctest/doctest.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

using parley::cli::parse_line;
using parley::cli::ScriptLine;
namespace pb = parley::v1;

TEST_CASE("every command form parses into its command") {
  struct Row {
    std::string line;
    std::string expected;  // ShortDebugString of the command
  };
  const std::vector<Row> rows{
      {"start", "start { }"},
      {"advance   # close the phase", "advance { }"},
      {"extend 90", "extend { seconds: 90 }"},
      {"timescale 60", "time_scale { factor: 60 }"},
      {"release leak m3", "release_inject { inject_id: \"leak\" message_id: \"m3\" }"},
      {"end time is up", "end { reason: \"time is up\" }"},
      {"message KSA  Shall we  talk?", "send_message { to: \"KSA\" text: \"Shall we  talk?\" }"},
      {"room gulf QAT,KSA", "create_room { name: \"gulf\" members: \"QAT\" members: \"KSA\" }"},
      {"post #gulf agreed", "post_to_room { room_id: \"#gulf\" text: \"agreed\" }"},
      {"say We are ready.", "statement { text: \"We are ready.\" }"},
      {"table M=M3 C=C2 : Islamabad draft",
       "table_text { title: \"Islamabad draft\" options { key: \"C\" value: \"C2\" } options { key: \"M\" value: \"M3\" } }"},
      {"amend DR1 C=C3", "amend_text { text_id: \"DR1\" options { key: \"C\" value: \"C3\" } }"},
      {"withdraw DR2", "withdraw_text { text_id: \"DR2\" }"},
      {"rate 2 partly the costs  went unargued", "rate_objective { objective: 1 rating: PARTLY_MET comment: \"the costs  went unargued\" }"},
      {"rate 1 not-met", "rate_objective { rating: NOT_MET }"},
      {"free-seat QAT", "release_seat { role: \"QAT\" }"},
      {"free-seat PAK 2", "release_seat { role: \"PAK\" seat: 2 }"},
      {"cosponsor DR2", "cosponsor_text { text_id: \"DR2\" }"},
      {"vote DR1 abstain", "vote { text_id: \"DR1\" choice: ABSTAIN }"},
      {"pledge TUR 20 if-signs", "pledge { to: \"TUR\" points: 20 condition: IF_SIGNS }"},
      {"sign", "sign { }"},
      {"decline", "decline { }"},
      {"commit contribution=15 lead=TUR", "respond_to_crisis { commit: true contribution: 15 nominate_lead: \"TUR\" }"},
      {"defect", "respond_to_crisis { }"},
      {"opt-out", "respond_to_crisis { opt_out: true }"},
      {"crisis-vote no", "crisis_vote { }"},
      {"note PAK stalls on cost", "note { text: \"PAK stalls on cost\" }"},
      {"adjudicate all The strike was real.", "adjudicate { text: \"The strike was real.\" }"},
      {"adjudicate KSA,TUR KSA.batna=-5 TUR.C2=+10 TUR.C3:=70 PAK.M>C=5 : Markets react.",
       "adjudicate { text: \"Markets react.\" audience: \"KSA\" audience: \"TUR\" "
       "effects { role: \"KSA\" batna_delta: -5 } effects { role: \"TUR\" score { option: \"C2\" delta: 10 } } "
       "effects { role: \"TUR\" score { option: \"C3\" delta: 70 set: true } } "
       "effects { role: \"PAK\" weight_shift { from_issue: \"M\" to_issue: \"C\" amount: 5 } } }"},
  };
  for (const auto& row : rows) {
    INFO(row.line);
    auto parsed = parse_line(row.line);
    REQUIRE(parsed.ok());
    CHECK(parsed.value().kind == ScriptLine::Kind::command);
    // Map order in the debug string is not guaranteed: compare parsed copies.
    pb::Command expected;
    REQUIRE(google::protobuf::TextFormat::ParseFromString(row.expected, &expected));
    CHECK(parsed.value().command.SerializeAsString().size() == expected.SerializeAsString().size());
    CHECK(google::protobuf::util::MessageDifferencer::Equals(parsed.value().command, expected));
  }
}

TEST_CASE("directives and blank lines") {
  CHECK(parse_line("").value().kind == ScriptLine::Kind::nothing);
  CHECK(parse_line("   # only a comment").value().kind == ScriptLine::Kind::nothing);
  CHECK(parse_line("#").value().kind == ScriptLine::Kind::nothing);
  // A room id is a word, not a comment; a comment needs "# ".
  auto post = parse_line("post #gulf agreed # the deal").value();
  CHECK(post.command.post_to_room().room_id() == "#gulf");
  CHECK(post.command.post_to_room().text() == "agreed");
  auto wait = parse_line("wait phase vote 2").value();
  CHECK(wait.kind == ScriptLine::Kind::wait_phase);
  CHECK(wait.phase == "vote");
  CHECK(wait.round == 2);
  CHECK(parse_line("wait end").value().kind == ScriptLine::Kind::wait_end);
}

TEST_CASE("mistakes are named with the expected form") {
  struct Row {
    std::string line;
    std::string message;
  };
  for (const auto& row : std::vector<Row>{{"vote DR1 maybe", "usage: vote TEXT yes|no|abstain"},
                                          {"pledge TUR lots if-signs", "usage: pledge ROLE POINTS if-signs|if-declines"},
                                          {"table M3", "'M3' is not ISSUE=OPTION"},
                                          {"extend soon", "usage: extend SECONDS"},
                                          {"frobnicate now", "unknown command 'frobnicate'"},
                                          {"start now", "usage: start"},
                                          {"wait phase", "usage: wait phase PHASE [ROUND]"},
                                          {"commit later", "usage: commit"},
                                          {"adjudicate all KSA.batna=lots : text", "'KSA.batna=lots' is not an effect"},
                                          {"adjudicate all KSA.batna=-5 :", "usage: adjudicate"},
                                          {"rate 0 met", "usage: rate N met|partly|not-met"},
                                          {"rate 1 great", "usage: rate N met|partly|not-met"}}) {
    INFO(row.line);
    auto parsed = parse_line(row.line);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find(row.message) != std::string::npos);
  }
}
