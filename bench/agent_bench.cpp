// parley-agent-bench: what a language-model seat costs on the client's side per decision,
// the model's own time excluded: telling it (the messages from the seat's memory, the tools
// for its desk, the request serialized) and reading its answer back into commands. Measured
// at several lengths of history. Prints numbers; asserts nothing.
// Usage: parley-agent-bench [DECISIONS] (default 2000)

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "agents/agent_memory.hpp"
#include "agents/agent_tools.hpp"
#include "engine/visibility.hpp"
#include "model_client.hpp"
#include "scenario_file.hpp"

namespace pb = parley::v1;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {


// A seat's history: private messages to it, with a text tabled every 25 events.
void feed(parley::agents::AgentMemory& memory, int events) {
  for (int i = 1; i <= events; ++i) {
    pb::Event e;
    e.set_actor(i % 2 ? "PAK" : "TUR");
    if (i % 25 == 0) {
      auto* t = e.mutable_text_tabled();
      t->set_text_id("T" + std::to_string(i / 25));
      t->set_title("Draft " + std::to_string(i / 25));
      (*t->mutable_options())["M"] = "M2";
    } else {
      e.mutable_message_sent()->set_to("KSA");
      e.mutable_message_sent()->set_text("We could accept a flexible arrangement if the command clause stays national; message " +
                                         std::to_string(i) + ".");
    }
    memory.observe(static_cast<std::uint64_t>(i), e);
  }
}

pb::Desk desk_now() {
  pb::Desk desk;
  desk.set_activity("Vote: the ballot is open; every delegation may vote on each text.");
  for (const char* a : {"message", "caucus", "statement", "table", "amend", "vote", "pledge"}) {
    auto* g = desk.add_actions();
    g->set_action(a);
    g->set_open(true);
  }
  for (int t = 1; t <= 4; ++t) {
    desk.mutable_ballot()->add_new_text_ids("T" + std::to_string(t));
    auto* d = desk.add_drafts();
    d->set_text_id("T" + std::to_string(t));
    d->set_utility(40 + t);
  }
  return desk;
}

// What a tool-calling model answers: a vote and a message.
const char* kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[)"
    R"({"id":"c1","type":"function","function":{"name":"vote","arguments":"{\"text_id\":\"T2\",\"choice\":\"YES\"}"}},)"
    R"({"id":"c2","type":"function","function":{"name":"send_message","arguments":"{\"to\":\"PAK\",\"text\":\"We vote for T2.\"}"}}]},)"
    R"("finish_reason":"tool_calls"}],"usage":{"prompt_tokens":4000,"completion_tokens":40}})";

}  // namespace

int main(int argc, char** argv) {
  int decisions = argc > 1 ? std::atoi(argv[1]) : 2000;
  parley::engine::ScenarioIndex index(parley::bench::load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/collective-security-pact.textproto"));
  pb::Welcome welcome;
  welcome.set_role("KSA");
  *welcome.mutable_scenario() = parley::engine::view_scenario(index, *index.role_index("KSA"));
  parley::cli::ModelSettings settings;
  settings.endpoint = "http://127.0.0.1:8080/v1";
  settings.model = "bench";
  auto desk = desk_now();
  std::printf("agent client, per decision (the model's time excluded), %d decisions each\n", decisions);
  for (int history : {0, 100, 1000, 10000}) {
    parley::agents::AgentMemory memory(welcome, "Prefers flexible arrangements.");
    feed(memory, history);
    std::size_t bytes = 0;
    auto start = Clock::now();
    for (int d = 0; d < decisions; ++d) {
      auto request = parley::cli::chat_request(settings, memory.messages(desk, {}), parley::agents::tools_for(memory.index(), desk, memory.seat()));
      bytes = json::serialize(request).size();
      auto answer = parley::cli::read_answer(kAnswer);
      for (const auto& call : answer.value().calls) (void)parley::agents::command_from(call);
    }
    double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / decisions;
    std::printf("  history %5d events: %7.1f us per decision, request %6zu bytes\n", history, us, bytes);
  }
  return 0;
}
