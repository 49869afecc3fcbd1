import assert from "node:assert/strict";
import { test } from "node:test";
import { copyOf, edited, freshId, preference, problemsAt, profiled, sectionOf, weightSum, type ScenarioJson } from "../../src/state/studio";

const scenario: ScenarioJson = {
  id: "case",
  title: "Case",
  roles: [
    { id: "A", kind: "DELEGATION", profile: { issues: [{ issue: "X", weight: 60, scores: [100, 0] }, { issue: "Y", weight: 45, scores: [0, 100] }] } },
    { id: "B", kind: "OUTSIDE_POWER", profile: { issues: [] } },
    { id: "W", kind: "WHITE_CELL" },
  ],
  issues: [
    { id: "X", options: [{ id: "X1" }, { id: "X2" }] },
    { id: "Y", options: [{ id: "Y1" }, { id: "Y2" }, { id: "Y3" }] },
  ],
};

test("the grid's columns are the roles with profiles; a weight sum is shown as it stands", () => {
  assert.deepEqual(profiled(scenario).map((r) => r.id), ["A", "B"]);
  assert.equal(weightSum(scenario.roles![0]), 105);
  assert.equal(weightSum(scenario.roles![1]), 0);
});

test("an edit never changes the scenario it starts from; a missing preference is created with a score per option", () => {
  const next = edited(scenario, (c) => {
    preference(c.roles![1], c.issues![1]).weight = 30;
  });
  assert.deepEqual(next.roles![1].profile!.issues, [{ issue: "Y", weight: 30, scores: [0, 0, 0] }]);
  assert.deepEqual(scenario.roles![1].profile!.issues, []);
  assert.equal(copyOf(scenario, "case-copy").id, "case-copy");
  assert.equal(copyOf(scenario, "case-copy").title, "Case (copy)");
});

test("the server's problems land on their field and their section", () => {
  const problems = [
    { path: "roles[A].profile.weights", line: null, message: "sum is 105, must be 100" },
    { path: "roles[A].public_brief", line: null, message: "missing" },
    { path: "roles[AB].name", line: null, message: "missing" },
    { path: "issues[X].options[X1].label", line: null, message: "missing" },
    { path: "structure.rounds[1]", line: null, message: "a round needs phases" },
    { path: "injects[n].title", line: null, message: "missing" },
    { path: "title", line: 3, message: "missing" },
    { path: "outcomes[x].when[0].signed", line: null, message: "unknown role 'Q'" },
  ];
  assert.deepEqual(problemsAt(problems, "roles[A]").map((p) => p.path), ["roles[A].profile.weights", "roles[A].public_brief"]);
  assert.deepEqual(problems.map(sectionOf), ["preferences", "roles", "roles", "issues", "structure", "injects", "general", "outcomes"]);
  assert.equal(freshId(["ROLE1", "ROLE2"], "ROLE"), "ROLE3");
});
