import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ClauseKind,
  CommandClause_Mode,
  CostClause_Formula,
  CrisisOpenedSchema,
  PrecedenceClause_Conflict,
  RoleKind,
  RoleStateSchema,
  ScenarioSchema,
  SessionStateSchema,
  SignatureStatus,
  Stage,
  SessionStatus,
  TreatyTextSchema,
  create,
} from "../../src/protocol/schema";
import { adoptedClause, crisisForm, crisisResponse, treatyMembers } from "../../src/state/crisis";
import { deskActivity } from "../../src/state/selectors";

// A pact with one issue per clause kind that matters to the crisis form, two options each.
const sc = create(ScenarioSchema, {
  roles: [
    { id: "A", name: "Alpha", kind: RoleKind.DELEGATION },
    { id: "B", name: "Beta", kind: RoleKind.DELEGATION },
    { id: "C", name: "Gamma", kind: RoleKind.DELEGATION },
    { id: "O", name: "Outsider", kind: RoleKind.OUTSIDE_POWER },
  ],
  issues: [
    { id: "P", kind: ClauseKind.PRECEDENCE, options: [
      { id: "P1", label: "Pact first", precedence: { conflict: PrecedenceClause_Conflict.NO_OPT_OUT } },
      { id: "P2", label: "Opt-out", precedence: { conflict: PrecedenceClause_Conflict.OPT_OUT_RECORDED } },
    ] },
    { id: "F", kind: ClauseKind.COST_SHARING, options: [
      { id: "F1", label: "Equal", cost: { formula: CostClause_Formula.EQUAL } },
      { id: "F2", label: "Voluntary", cost: { formula: CostClause_Formula.VOLUNTARY } },
    ] },
    { id: "C", kind: ClauseKind.COMMAND, options: [
      { id: "C1", label: "Lead nation", command: { mode: CommandClause_Mode.LEAD_ROLE, leadRole: "A" } },
      { id: "C2", label: "Council", command: { mode: CommandClause_Mode.COUNCIL } },
    ] },
  ],
});

function state(options: Record<string, string>, signed: string[], budgetA = 12n) {
  return create(SessionStateSchema, {
    status: SessionStatus.RUNNING,
    stage: Stage.STRESS_TEST,
    adoptedTextId: "DR1",
    texts: [create(TreatyTextSchema, { textId: "DR1", options })],
    roles: ["A", "B", "C", "O"].map((r) =>
      create(RoleStateSchema, { role: r, budget: r === "A" ? budgetA : 0n, signature: signed.includes(r) ? SignatureStatus.SIGNED : SignatureStatus.UNDECIDED }),
    ),
    crisis: { injectId: "X1" },
  });
}
const opened = (conflicting: string[], procedure = "AUTOMATIC") => create(CrisisOpenedSchema, { injectId: "X1", conflicting, procedure });

test("the adopted text's clause of a kind, or nothing", () => {
  const s = state({ P: "P2", F: "F1" }, ["A"]);
  assert.equal(adoptedClause(sc, s, ClauseKind.PRECEDENCE)?.id, "P2");
  assert.equal(adoptedClause(sc, s, ClauseKind.COMMAND), undefined, "the text leaves command open");
  assert.equal(adoptedClause(sc, s, ClauseKind.TRIGGER), undefined, "the scenario has no trigger issue");
  assert.equal(adoptedClause(sc, { ...s, adoptedTextId: "" }, ClauseKind.PRECEDENCE), undefined, "nothing adopted");
});

test("members are the delegations that signed", () => {
  assert.deepEqual(treatyMembers(sc, state({}, ["A", "C", "O"])), ["A", "C"]);
});

test("the form offers each control only where the adopted clauses and the crisis call for it", () => {
  const cases: { name: string; options: Record<string, string>; conflicting: string[]; procedure?: string; want: Partial<ReturnType<typeof crisisForm>> }[] = [
    { name: "pact first: no opt-out even when conflicting", options: { P: "P1", F: "F1", C: "C1" }, conflicting: ["A"], want: { canOptOut: false, contributionMax: null, canNominate: false } },
    { name: "opt-out recorded and A conflicts", options: { P: "P2", F: "F1", C: "C1" }, conflicting: ["A"], want: { canOptOut: true } },
    { name: "opt-out recorded but A does not conflict", options: { P: "P2", F: "F1", C: "C1" }, conflicting: ["B"], want: { canOptOut: false } },
    { name: "voluntary cost-sharing: contribution up to the budget", options: { P: "P1", F: "F2", C: "C1" }, conflicting: [], want: { contributionMax: 12 } },
    { name: "council command: nominate among members", options: { P: "P1", F: "F1", C: "C2" }, conflicting: [], want: { canNominate: true, nominees: ["A", "B"] } },
    { name: "a vote only under the vote procedure", options: {}, conflicting: [], procedure: "VOTE", want: { canVote: true, canOptOut: false, contributionMax: null, canNominate: false } },
  ];
  for (const c of cases) {
    const f = crisisForm(sc, state(c.options, ["A", "B"]), "A", 0, opened(c.conflicting, c.procedure));
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(f[k as keyof typeof f], v, `${c.name}: ${k}`);
    assert.equal(f.member, true, c.name);
    assert.equal(f.open, true, c.name);
  }
  const outsider = crisisForm(sc, state({}, ["A"]), "C", 0, null);
  assert.equal(outsider.member, false, "C did not sign");
  assert.equal(outsider.canVote, false, "no CrisisOpened seen: no vote offered");
  assert.equal(crisisForm(sc, state({ F: "F2" }, ["A"], -3n), "A", 0, null).contributionMax, 0, "never a negative maximum");
});

test("a response carries one choice and only the fields offered", () => {
  const full = crisisForm(sc, state({ P: "P2", F: "F2", C: "C2" }, ["A", "B"]), "A", 0, opened(["A"]));
  assert.deepEqual(crisisResponse(full, "commit", "5", "B"), { commit: true, optOut: false, contribution: 5, nominateLead: "B" });
  assert.deepEqual(crisisResponse(full, "optOut", "5", "B"), { commit: false, optOut: true, contribution: 0, nominateLead: "B" });
  assert.deepEqual(crisisResponse(full, "hold", "5", ""), { commit: false, optOut: false, contribution: 0, nominateLead: "" });
  // Typed values go as typed: the server, not the page, refuses what exceeds the budget.
  assert.equal(crisisResponse(full, "commit", "999", "").contribution, 999);
  assert.equal(crisisResponse(full, "commit", "abc", "").contribution, 0);
  const bare = crisisForm(sc, state({ P: "P1", F: "F1", C: "C1" }, ["A"]), "A", 0, opened(["A"]));
  assert.deepEqual(crisisResponse(bare, "optOut", "7", "B"), { commit: false, optOut: false, contribution: 0, nominateLead: "" }, "nothing the form did not offer");
});

test("the desk header sums up what the crisis asks of this seat", () => {
  const s = state({ P: "P2", F: "F2", C: "C1" }, ["A", "B"]);
  const form = (role: string, seat: number, procedure = "VOTE") => crisisForm(sc, s, role, seat, opened(["A"], procedure));
  assert.equal(
    deskActivity(sc, s, "A", 0, new Set(), form("A", 0)),
    "A crisis is open: respond (commit forces, do not commit, opt out), offer a contribution, and vote on collective action.",
  );
  assert.equal(deskActivity(sc, s, "B", 0, new Set(), form("B", 0, "AUTOMATIC")), "A crisis is open: respond (commit forces, do not commit), offer a contribution.");
  assert.match(deskActivity(sc, s, "A", 1, new Set(), form("A", 1)), /head of delegation responds/);
  assert.match(deskActivity(sc, s, "C", 0, new Set(), form("C", 0)), /only members of the treaty/);
  assert.match(deskActivity(sc, { ...s, crisis: undefined }, "A", 0, new Set(), null), /waiting for the next crisis/);
});
