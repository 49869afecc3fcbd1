#include <doctest/doctest.h>

#include "engine/scenario_parser.hpp"
#include "engine/text_check.hpp"
#include "scenario_fixture.hpp"

using parley::engine::parse_scenario;
using parley::test::read_scenario_text;

namespace {

struct Edit {
  std::string find;
  std::string replace;
};

// Applies each edit to its first occurrence; the returned line is where the
// first edit landed (1-based).
std::string edited(std::string text, const std::vector<Edit>& edits, int* line = nullptr) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    auto pos = text.find(edits[i].find);
    REQUIRE_MESSAGE(pos != std::string::npos, "fixture text not found: " << edits[i].find);
    if (i == 0 && line) *line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
    text.replace(pos, edits[i].find.size(), edits[i].replace);
  }
  return text;
}

std::string all_problems(const parley::engine::ParsedScenario& p) { return p.report("x.textproto"); }

}  // namespace

TEST_CASE("both shipped scenarios are valid") {
  for (const char* name : {parley::test::kDefaultScenario, parley::test::kSmallScenario}) {
    INFO(name);
    auto parsed = parse_scenario(read_scenario_text(name));
    INFO(all_problems(parsed));
    CHECK(parsed.ok());
  }
}

TEST_CASE("the studio's templates are valid, so an author starts from a scenario that plays") {
  for (const char* name : {"templates/bilateral", "templates/treaty"}) {
    INFO(name);
    auto parsed = parse_scenario(read_scenario_text(name));
    INFO(all_problems(parsed));
    CHECK(parsed.ok());
  }
}

TEST_CASE("a scenario in protobuf JSON is checked the same way, by field path") {
  auto ok = parley::engine::parse_scenario_json(R"({"id": "x"})");
  CHECK_FALSE(ok.ok());
  bool title = false;
  for (const auto& p : ok.problems) title = title || (p.path == "title" && p.line == 0);
  CHECK(title);
  auto bad = parley::engine::parse_scenario_json(R"({"id": 5, "roles": "none"})");
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].path == "syntax");
  CHECK(bad.problems[0].message.find("JSON") != std::string::npos);
}

TEST_CASE("each kind of problem is reported as file:line: path: what is wrong") {
  struct Row {
    const char* scenario;
    std::vector<Edit> edits;
    std::string expected;  // the path and message after "file:line: "
    bool on_edited_line = true;  // false for problems about a whole message
  };
  const char* small = parley::test::kSmallScenario;
  const char* pact = parley::test::kDefaultScenario;
  const std::vector<Row> rows{
      {small, {{"issue: \"W\" weight: 30", "issue: \"W\" weight: 25"}}, "roles[UPR].profile.weights: sum is 95, must be 100"},
      {small, {{"id: \"MID\" name", "id: \"UPR\" name"}}, "roles[UPR]: duplicate role id 'UPR'"},
      {small, {{"red_lines: [\"D2\"]", "red_lines: [\"D9\"]"}}, "roles[UPR].profile.red_lines[0]: red line names unknown option 'D9'"},
      {small, {{"kind: DELEGATION advisers: 1", "kind: DELEGATION advisers: 1 voice { replies: \"{me} greets {them}.\" }"}},
       "roles[UPR].voice.replies[0]: unknown placeholder '{them}'; use {to} or {me}"},
      {small, {{"audience: [\"UPR\", ", "audience: [\"XXX\", "}}, "injects[loan-terms].audience: unknown role 'XXX'"},
      {small, {{"allowed: [\"message\", \"caucus\"", "allowed: [\"message\", \"parley\""}},
       "structure.rounds[1].phases[talks].allowed: unknown action 'parley'; actions are message, caucus"},
      {small, {{" cost { formula: EQUAL }", ""}}, "issues[J].options[J1]: a COST_SHARING clause needs 'cost' semantics on every option"},
      {small, {{"scores: [90, 70, 50, 30, 10]", "scores: [90, 70, 50, 30]"}}, "roles[UPR].profile.issues[W].scores: has 4 scores, issue has 5 options"},
      {small, {{"scores: [100, 30]", "scores: [130, 30]"}}, "roles[UPR].profile.issues[D].scores[0]: score 130 is outside 0..100"},
      {small, {{"issues { issue: \"A\" weight: 10 scores: [70, 40] }", "issues { issue: \"Z\" weight: 10 scores: [70, 40] }"}},
       "roles[UPR].profile.issues[Z]: unknown issue 'Z'"},
      {small, {{"id: \"W5\"", "id: \"W4\""}}, "issues[W].options[W4]: duplicate option id 'W4' (option ids are unique across issues)"},
      {small, {{"id: \"W5\"", "id: \"DR5\""}}, "issues[W].options[DR5]: id 'DR5' looks like a draft id, which Parley generates; choose another"},
      {small, {{"id: \"loan-terms\"", "id: \"#loan\""}}, "injects[#loan]: id '#loan' looks like a room id, which Parley generates; choose another"},
      {small, {{"id: \"BANK\"", "id: \"PL1\""}}, "roles[PL1]: id 'PL1' looks like a pledge id, which Parley generates; choose another", true},
      {small, {{"effectiveness: 0.9 text: \"A joint", "effectiveness: 1.5 text: \"A joint"}},
       "issues[D].options[D2].effectiveness: effectiveness 1.5 is outside 0..1"},
      {small, {{"eligible: [\"MID\", \"DWN\"]", "eligible: [\"MID\", \"BANK\"]"}},
       "issues[A].options[A2].membership.eligible: role 'BANK' is not a delegation"},
      {small, {{"adoption { kind: QUALIFIED_MAJORITY numerator: 2 denominator: 3", "adoption { quorum: 4 kind: QUALIFIED_MAJORITY numerator: 2 denominator: 3"}},
       "structure.adoption: quorum 4 is more than the 3 delegations that can vote"},
      {small, {{"min_signatories: 2", "min_signatories: 4"}},
       "structure.entry_into_force.min_signatories: 4 signatories can never be reached: only 3 delegations may sign"},
      {small, {{"numerator: 2 denominator: 3", "numerator: 4 denominator: 3"}},
       "structure.adoption: a qualified majority needs 0 < numerator <= denominator, has 4/3"},
      {small, {{"allowed: [\"sign\", \"pledge\"]", "allowed: [\"pledge\"]"}}, "structure: exactly one phase must allow 'sign', found 0", false},
      {small, {{"round: 2 phase: \"talks\"", "round: 3 phase: \"talks\""}},
       "injects[loan-terms].round: round 3 does not exist (scheduled injects need a round, or held: true)"},
      {small, {{"round: 2 phase: \"talks\"", "round: 2 phase: \"lunch\""}}, "injects[loan-terms].phase: round 2 has no phase 'lunch'"},
      {small, {{"effects { role: \"DWN\" batna_delta: -10 }", "effects { role: \"DWN\" batna_delta: -10 score { option: \"W1\" delta: 5 } }"}},
       "injects[drought].effects[0]: an effect changes exactly one of weight_shift, score, batna_delta; has 2"},
      {small, {{"batna: 50", "batna: 150"}}, "roles[UPR].profile.batna: BATNA 150 is outside 0..100"},
      {small, {{"quantity: \"population\"", "quantity: \"rainfall\""}},
       "issues[J].options[J2].cost.quantity: delegation 'DWN' has no quantity 'rainfall'"},
      {small, {{"kind: WHITE_CELL", "kind: OBSERVER"}}, "roles: needs exactly one WHITE_CELL role, has 0", false},
      {small, {{"effects { role: \"MID\" weight_shift { from_issue: \"A\"", "effects { role: \"MID\" weight_shift { from_issue: \"Q\""}},
       "injects[drought].effects[1].weight_shift: unknown issue 'Q'"},
      {pact, {{"id: \"X2\" title: \"Militia strike on Saudi oil\" held: true", "id: \"X2\" title: \"Militia strike on Saudi oil\" round: 1 phase: \"brief\""}},
       "injects[X2]: a crisis inject must be held: the stress test runs it", false},
      {pact, {{"default_crises: [\"X1\", \"X2\"]", "default_crises: [\"X1\", \"X9\"]"}}, "stress_test.default_crises: unknown inject 'X9'"},
      {pact, {{"command { mode: LEAD_ROLE lead_role: \"PAK\" }", "command { mode: LEAD_ROLE lead_role: \"PAQ\" }"}},
       "issues[C].options[C1].command.lead_role: unknown role 'PAQ'"},
      {pact, {{"trigger { procedure: VOTE rule { kind: UNANIMITY } }", "trigger { procedure: VOTE }"}},
       "issues[T].options[T3].trigger.rule: missing decision rule kind"},
      {pact, {{"scope { categories: [\"non-state\"] }", "scope { }"}},
       "issues[S].options[S3].scope.categories: a scope clause covers at least one crisis category"},
      {pact, {{"id: \"N\" name: \"Nuclear dimension\" kind: DETERRENCE", "id: \"N\" name: \"Nuclear dimension\" kind: PRECEDENCE"}},
       "issues[N].kind: PRECEDENCE is already the kind of issue 'P'"},
      {pact, {{"strength_multiplier: 1.5", "strength_multiplier: 0"}},
       "issues[N].options[N1].deterrence: semantics are incomplete"},
      {pact, {{"required_strength: 850", "required_strength: -1"}}, "injects[X1].crisis.required_strength: must be a finite number of 0 or more"},
      // Named outcomes: a condition naming an unknown role or option, an empty condition, two names alike.
      {pact, {{"when { in_force: YES signed: [\"PAK\", \"TUR\", \"AZE\"]", "when { in_force: YES signed: [\"PAK\", \"TUR\", \"AZR\"]"}},
       "outcomes[trilateral].when[0].signed: unknown role 'AZR'"},
      {pact, {{"not_signed: [\"KSA\"]", "not_signed: [\"USA\"]"}}, "outcomes[trilateral].when[0].not_signed: role 'USA' is not a delegation"},
      {pact, {{"options_any: [\"M1\", \"M2\"]", "options_any: [\"M1\", \"M7\"]"}}, "outcomes[two-plus-x].when[0].options_any: unknown option 'M7'"},
      {pact, {{"when { in_force: NO }", "when { }"}}, "outcomes[no-agreement].when[0]: an empty condition holds for every session; set at least one part"},
      {pact, {{"name: \"Symbolic treaty\"", "name: \"No agreement\""}}, "outcomes[no-agreement].name: two outcomes have the name 'No agreement'", false},
      {pact, {{"id: \"symbolic\" name", "id: \"trilateral\" name"}}, "outcomes[trilateral]: two outcomes have the id 'trilateral'"},
      {pact, {{"min_signatories: 4 }", "min_signatories: 4 max_signatories: 3 }"}},
       "outcomes[full-alliance].when[0].min_signatories: is above max_signatories: the condition can never hold"},
      // A membership option's own entry into force must be reachable by those it admits.
      {pact, {{"entry_into_force { min_signatories: 3 required: [\"PAK\", \"TUR\", \"AZE\"] }",
               "entry_into_force { min_signatories: 3 required: [\"PAK\", \"KSA\", \"AZE\"] }"}},
       "issues[M].options[M5].membership.entry_into_force.required: 'KSA' is required but may not sign under this membership"},
      {pact, {{"entry_into_force { min_signatories: 3 required", "entry_into_force { min_signatories: 4 required"}},
       "issues[M].options[M5].membership.entry_into_force.min_signatories: 4 signatories can never be reached: only 3 delegations may sign"},
  };
  for (const auto& row : rows) {
    INFO(row.expected);
    int line = 0;
    auto parsed = parse_scenario(edited(read_scenario_text(row.scenario), row.edits, &line));
    auto report = all_problems(parsed);
    INFO(report);
    REQUIRE_FALSE(parsed.ok());
    CHECK(report.find(": " + row.expected) != std::string::npos);
    for (const auto& p : parsed.problems) {
      if (p.format("x.textproto").find(row.expected) == std::string::npos) continue;
      CHECK(p.line > 0);
      if (row.on_edited_line) CHECK(p.line == line);
    }
  }
}

TEST_CASE("the weights problem names the exact line of the profile's issues") {
  int line = 0;
  auto text = edited(read_scenario_text(parley::test::kSmallScenario), {{"issue: \"W\" weight: 30", "issue: \"W\" weight: 25"}}, &line);
  auto parsed = parse_scenario(text);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].format("scenarios/x.textproto") ==
        "scenarios/x.textproto:" + std::to_string(line) + ": roles[UPR].profile.weights: sum is 95, must be 100");
}

TEST_CASE("all problems are reported at once, not only the first") {
  auto text = edited(read_scenario_text(parley::test::kSmallScenario),
                     {{"red_lines: [\"D2\"]", "red_lines: [\"D9\"]"},
                      {"audience: [\"UPR\", ", "audience: [\"XXX\", "},
                      {"batna: 40", "batna: -1"}});
  auto parsed = parse_scenario(text);
  CHECK(parsed.problems.size() == 3);
}

TEST_CASE("a syntax error names its line and column") {
  int line = 0;
  auto text = edited(read_scenario_text(parley::test::kSmallScenario),
                     {{"advisers: 1\n  quantities { key: \"population\" value: 12 }", "advisers: 1\n  colour: \"blue\""}}, &line);
  auto parsed = parse_scenario(text);
  REQUIRE(parsed.problems.size() == 1);
  auto msg = parsed.problems[0].format("f");
  INFO(msg);
  CHECK(msg.find("f:" + std::to_string(line + 1) + ": syntax: column ") == 0);  // the line after "advisers: 1"
  CHECK(msg.find("colour") != std::string::npos);
}

TEST_CASE("an empty file is not a scenario") {
  auto parsed = parse_scenario("");
  CHECK_FALSE(parsed.ok());
  CHECK(all_problems(parsed).find("id: missing") != std::string::npos);
}

TEST_CASE("text that is not UTF-8 is refused at its line, before anything quotes it back") {
  auto text = read_scenario_text(parley::test::kSmallScenario);
  auto at = text.find("title: \"The Tessaro");
  REQUIRE(at != std::string::npos);
  text.insert(at + 8, "\xff\xfe");
  auto parsed = parse_scenario(text);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].path == "syntax");
  CHECK(parsed.problems[0].line == 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')));
  CHECK(parsed.problems[0].message.find("UTF-8") != std::string::npos);

  // Built in code (or decoded from JSON escapes): each bad string field is named, and nothing else is said.
  auto scenario = parley::test::load_scenario(parley::test::kSmallScenario);
  scenario.mutable_roles(1)->set_name("Mid\xc3land");
  scenario.mutable_issues(0)->mutable_options(2)->set_label("\xed\xa0\x80");  // a UTF-16 surrogate, not UTF-8
  auto problems = parley::engine::validate_scenario(scenario);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].path == "roles[1].name");
  CHECK(problems[1].path == "issues[0].options[2].label");
  CHECK(parley::engine::valid_utf8("Zürich, 東京, 🙂"));
}
