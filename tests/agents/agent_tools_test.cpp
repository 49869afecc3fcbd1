// What a model seat is offered and told, and how its calls become commands: in memory.

#include <doctest/doctest.h>

#include "agents/agent_memory.hpp"
#include "agents/agent_tools.hpp"
#include "engine/scenario_fixture.hpp"
#include "engine/visibility.hpp"

using namespace parley;
namespace json = boost::json;
namespace pb = parley::v1;

namespace {

pb::Desk desk_with(std::initializer_list<const char*> open) {
  pb::Desk desk;
  for (const char* a : {"message", "caucus", "statement", "table", "amend", "vote", "pledge", "sign", "decline"}) {
    auto* gate = desk.add_actions();
    gate->set_action(a);
    gate->set_open(std::find_if(open.begin(), open.end(), [&](const char* o) { return std::string(o) == a; }) != open.end());
  }
  return desk;
}

const json::object* tool_named(const json::array& tools, const std::string& name) {
  for (const auto& t : tools) {
    if (t.at("function").at("name").as_string() == name) return &t.at("function").as_object();
  }
  return nullptr;
}

pb::Welcome welcome_as(const std::string& role) {
  engine::ScenarioIndex full(test::load_scenario(test::kDefaultScenario));
  pb::Welcome w;
  w.set_role(role);
  *w.mutable_scenario() = engine::view_scenario(full, *full.role_index(role));
  return w;
}

}  // namespace

TEST_CASE("tools are offered for the open actions only, with the ids the seat can use enumerated") {
  engine::ScenarioIndex index(test::load_scenario(test::kDefaultScenario));
  auto desk = desk_with({"message", "vote"});
  desk.mutable_ballot()->add_new_text_ids("T1");
  desk.mutable_ballot()->add_carried_text_ids("T2");
  auto tools = agents::tools_for(index, desk, {"KSA", {}});
  CHECK(tool_named(tools, "send_message") != nullptr);
  CHECK(tool_named(tools, "wait") != nullptr);
  CHECK(tool_named(tools, "table_text") == nullptr);  // closed now
  CHECK(tool_named(tools, "sign") == nullptr);
  const auto* vote = tool_named(tools, "vote");
  REQUIRE(vote != nullptr);
  CHECK(json::serialize(vote->at("parameters").at("properties").at("text_id").at("enum")) == R"(["T1","T2"])");
  // A seat never addresses itself.
  auto to = json::serialize(tool_named(tools, "send_message")->at("parameters").at("properties").at("to").at("enum"));
  CHECK(to.find("\"KSA\"") == std::string::npos);
  CHECK(to.find("\"PAK\"") != std::string::npos);
}

TEST_CASE("a tool call becomes its command, and a bad one is refused with a reason a model can act on") {
  auto vote = agents::command_from({"c1", "vote", R"({"text_id": "T1", "choice": "YES"})"});
  REQUIRE(vote);
  REQUIRE(vote.value());
  CHECK(vote.value()->vote().text_id() == "T1");
  CHECK(vote.value()->vote().choice() == pb::YES);
  auto table = agents::command_from({"c2", "table_text", R"({"title": "A", "options": {"M": "M2"}})"});
  REQUIRE(table);
  CHECK(table.value()->table_text().options().at("M") == "M2");
  auto wait = agents::command_from({"c3", "wait", ""});
  REQUIRE(wait);
  CHECK_FALSE(wait.value().has_value());

  auto unknown = agents::command_from({"c4", "launch", "{}"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "there is no tool 'launch'; use one of the tools listed");
  CHECK_FALSE(agents::command_from({"c5", "claim_seat", "{}"}));  // the link's, not the model's
  auto prose = agents::command_from({"c6", "vote", "yes please"});
  REQUIRE_FALSE(prose);
  CHECK(prose.error().message == "the arguments of vote are not a JSON object");
  auto typed = agents::command_from({"c7", "vote", R"({"text_id": 5, "choice": "MAYBE"})"});
  REQUIRE_FALSE(typed);
  CHECK(typed.error().message.find("the arguments of vote do not fit") == 0);
  auto extra = agents::command_from({"c8", "sign", R"({"with": "gusto"})"});
  CHECK_FALSE(extra);  // unknown fields are refused, not ignored
}

TEST_CASE("what the model is told: its own brief and profile, others' public briefs, and old talk summarised") {
  auto welcome = welcome_as("KSA");
  agents::AgentMemory memory(welcome, "Cautious; Riyadh prefers flexible arrangements.", 3);
  auto scenario = test::load_scenario(test::kDefaultScenario);
  for (int i = 1; i <= 6; ++i) {
    pb::Event e;
    e.set_actor("PAK");
    e.mutable_message_sent()->set_to("KSA");
    e.mutable_message_sent()->set_text("note " + std::to_string(i));
    memory.observe(i, e);
  }
  auto said = json::serialize(memory.messages(desk_with({"message"}), {"vote was refused (WRONG_PHASE): not now"}));
  for (const auto& role : scenario.roles()) {
    if (role.private_brief().empty()) continue;
    CHECK_MESSAGE((said.find(role.private_brief().substr(0, 60)) != std::string::npos) == (role.id() == "KSA"), role.id());
  }
  CHECK(said.find("Cautious; Riyadh prefers flexible arrangements.") != std::string::npos);
  CHECK(said.find("Earlier (3 older events, summarised)") != std::string::npos);
  CHECK(said.find("private messages with: PAK 3") != std::string::npos);
  CHECK(said.find("note 6") != std::string::npos);
  CHECK(said.find("note 2") == std::string::npos);
  CHECK(said.find("vote was refused (WRONG_PHASE): not now") != std::string::npos);
  CHECK(memory.news_since(5));
  pb::Event own;
  own.set_actor("KSA");
  own.mutable_statement()->set_text("ours");
  memory.observe(7, own);
  CHECK_FALSE(memory.news_since(6));  // its own words ask nothing of it
}

TEST_CASE("a long session's record is folded so the prompt stays bounded, the folded part summarised") {
  agents::AgentMemory memory(welcome_as("KSA"), "", 40);
  const char* roles[] = {"PAK", "TUR", "QAT", "AZE"};
  std::uint64_t seq = 0;
  pb::Event tabled;
  tabled.set_actor("PAK");
  tabled.mutable_text_tabled()->set_text_id("T1");
  tabled.mutable_text_tabled()->set_title("Riyadh framework");
  memory.observe(++seq, tabled);
  for (int round = 1; seq < 10000; ++round) {
    pb::Event phase;
    phase.mutable_phase_started()->set_phase("vote");
    phase.mutable_phase_started()->set_round(round);
    memory.observe(++seq, phase);
    for (int i = 0; i < 400; ++i) {
      pb::Event e;
      e.set_actor(roles[i % 4]);
      if (i % 2 == 0) {
        e.mutable_message_sent()->set_to("KSA");
        e.mutable_message_sent()->set_text("a longer private message of some length, number " + std::to_string(seq + 1));
      } else {
        e.mutable_vote_cast()->set_text_id("T1");
        e.mutable_vote_cast()->set_choice(i % 4 == 1 ? pb::YES : pb::NO);
      }
      memory.observe(++seq, e);
    }
  }
  auto said = json::serialize(memory.messages(desk_with({"message"}), {}));
  auto record = said.substr(said.find("What has happened"));
  CHECK(record.size() < 12000);  // 10,000 events, 5,000 of them votes: all were repeated whole before
  CHECK(said.find("Earlier (") != std::string::npos);
  CHECK(said.find("tabled: T1 'Riyadh framework' (PAK") != std::string::npos);
  CHECK(said.find("last votes on T1: AZE no; TUR yes;\\n") != std::string::npos);
  CHECK(said.find("private messages with: PAK ") != std::string::npos);
  CHECK(said.find("number " + std::to_string(seq) ) == std::string::npos);  // the last event was a vote
  CHECK(said.find("number " + std::to_string(seq - 1)) != std::string::npos);  // the latest talk is whole
  CHECK(said.find("round 1, vote phase begins") != std::string::npos);  // phases stay whole
  CHECK(said.find("round 25, vote phase begins") != std::string::npos);
}

TEST_CASE("a seat taken mid-session is told what stood when it joined: texts, its pledges, its messages, no one else's") {
  agents::AgentMemory memory(welcome_as("KSA"), "", 2);
  pb::SessionState state;
  state.set_round(2);
  state.set_phase("negotiate");
  auto* t = state.add_texts();
  t->set_text_id("T2");
  t->set_title("Gulf core");
  t->set_author("QAT");
  (*t->mutable_options())["M"] = "M2";
  state.set_adopted_text_id("T2");
  for (int i = 1; i <= 3; ++i) {
    auto* m = state.add_messages();
    m->set_from("PAK");
    m->set_to("KSA");
    m->set_text("word " + std::to_string(i));
  }
  auto* p = state.add_pledges();
  p->set_pledge_id("PL1");
  p->set_from("KSA");
  p->set_to("PAK");
  p->set_points(5);
  auto* other = state.add_pledges();
  other->set_pledge_id("PL2");
  other->set_from("TUR");
  other->set_to("AZE");
  memory.joined(state);
  auto said = json::serialize(memory.messages(desk_with({"message"}), {}));
  CHECK(said.find("When you took this seat (round 2, phase negotiate)") != std::string::npos);
  CHECK(said.find("text T2 'Gulf core' by QAT: M2 (adopted)") != std::string::npos);
  CHECK(said.find("pledge PL1: KSA to PAK, 5 points") != std::string::npos);
  CHECK(said.find("PL2") == std::string::npos);  // a snapshot holds only what the role may see; the memory tells only its own
  CHECK(said.find("(1 earlier messages are not repeated here.)") != std::string::npos);
  CHECK(said.find("PAK to KSA: word 3") != std::string::npos);
  CHECK(said.find("word 1") == std::string::npos);

  agents::AgentMemory lobby(welcome_as("KSA"), "", 2);
  lobby.joined(pb::SessionState{});
  CHECK(json::serialize(lobby.messages(desk_with({"message"}), {})).find("When you took this seat") == std::string::npos);
}
