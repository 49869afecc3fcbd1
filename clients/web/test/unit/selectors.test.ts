import assert from "node:assert/strict";
import { test } from "node:test";
import { MemberOutcomeSchema, RoleKind, SessionStatus, Stage, create } from "../../src/protocol/schema";
import {
  clockParts,
  compressRanges,
  describeClient,
  describeProfileChanges,
  kindFromName,
  memberOutcomeText,
  pageTitle,
  profileTitle,
  seatLabel,
} from "../../src/state/selectors";
import { initialState, scenario } from "./fixtures";

const at = (over: Partial<ReturnType<typeof initialState>>) => ({ ...initialState(), ...over });
const line = (p: ReturnType<typeof clockParts>) => [p.head, p.sep + " " + p.detail, p.left].filter(Boolean).join(" ");

test("the clock reads as one clean line in every state", () => {
  const now = 1_000_000;
  const cases: [string, ReturnType<typeof initialState>, string][] = [
    ["lobby", at({ status: SessionStatus.LOBBY }), "Lobby — not started"],
    ["running", at({ status: SessionStatus.RUNNING, stage: Stage.NEGOTIATION, round: 1, phaseIndex: 0, phase: "talk", deadlineMs: BigInt(now + 271_000) }), "Round 1 · Talk 4:31 left"],
    ["paused", at({ status: SessionStatus.PAUSED, stage: Stage.NEGOTIATION, round: 1, phaseIndex: 1, phase: "vote", remainingMs: 271_000n }), "Round 1 · Vote Paused · 4:31 left"],
    ["past the deadline", at({ status: SessionStatus.RUNNING, stage: Stage.NEGOTIATION, round: 1, phase: "talk", deadlineMs: BigInt(now - 5000) }), "Round 1 · Talk 0:00 left"],
    ["between crises", at({ status: SessionStatus.RUNNING, stage: Stage.STRESS_TEST, phase: "stress-test" }), "Stress test · between crises"],
    ["ended", at({ status: SessionStatus.ENDED, stage: Stage.STRESS_TEST, endReason: "the stress test is complete" }), "Ended — the stress test is complete"],
    ["ended without a reason", at({ status: SessionStatus.ENDED }), "Ended — the session is over"],
  ];
  for (const [name, s, want] of cases) assert.equal(line(clockParts(scenario, s, now)), want, name);
  const crisis = at({ status: SessionStatus.RUNNING, stage: Stage.STRESS_TEST, crisis: { $typeName: "parley.v1.CrisisState", injectId: "X1", inScope: true, responses: {}, votes: {}, rotationHolder: "" } });
  assert.equal(clockParts(scenario, crisis, now, "Strike on the port").detail, "Strike on the port");
  assert.equal(clockParts(scenario, crisis, now).detail, "crisis X1");
  for (const [name, s] of cases) {
    const p = clockParts(scenario, s, now);
    const words = line(p).toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3);
    assert.equal(new Set(words).size, words.length, `${name}: a word repeats in "${line(p)}"`);
  }
});

test("seat labels follow the role's kind", () => {
  const cases: [RoleKind, number, string][] = [
    [RoleKind.DELEGATION, 0, "head of delegation"],
    [RoleKind.DELEGATION, 2, "adviser (seat 2)"],
    [RoleKind.OUTSIDE_POWER, 0, "head of mission"],
    [RoleKind.OUTSIDE_POWER, 1, "adviser (seat 1)"],
    [RoleKind.WHITE_CELL, 0, "lead facilitator"],
    [RoleKind.ROLE_KIND_UNSPECIFIED, 3, "seat 3"],
  ];
  for (const [kind, seat, want] of cases) assert.equal(seatLabel(kind, seat), want, `${RoleKind[kind]} ${seat}`);
  assert.equal(kindFromName("OUTSIDE_POWER"), RoleKind.OUTSIDE_POWER);
  assert.equal(kindFromName("nonsense"), RoleKind.ROLE_KIND_UNSPECIFIED);
  assert.equal(kindFromName("toString"), RoleKind.ROLE_KIND_UNSPECIFIED);
});

test("connected clients are described in words, without pictographs", () => {
  const cases: [string, string][] = [
    ["bot:boulware", "bot · boulware"],
    ["bot:", "bot · default"],
    ["agent:llama-3.1-8b", "AI · llama-3.1-8b"],
    ["browser", "person · browser"],
    ["cli", "person · cli"],
    ["", "person"],
  ];
  for (const [c, want] of cases) {
    assert.equal(describeClient(c), want, c);
    assert.doesNotMatch(describeClient(c), /\p{Extended_Pictographic}/u);
  }
});

test("seat numbers compress into ranges", () => {
  assert.equal(compressRanges([]), "");
  assert.equal(compressRanges([3]), "3");
  assert.equal(compressRanges([5, 1, 2, 3, 7, 8, 2]), "1–3, 5, 7–8");
});

test("the window title names the session, then whose page it is", () => {
  assert.equal(pageTitle("Group B", "The Pact", "Pakistan"), "Group B · Pakistan — Parley");
  assert.equal(pageTitle("", "The Pact", "Pakistan"), "The Pact · Pakistan — Parley");
  assert.equal(pageTitle("Group B", "The Pact", ""), "Group B — Parley");
});

test("profile changes read as before → after, or as a change when the page did not know the values", () => {
  const p = {
    role: "A",
    injectId: "news1",
    changes: [
      { kind: "batna" as const, delta: -5, from: 45, to: 40 },
      { kind: "weight" as const, fromIssue: "X", toIssue: "Y", amount: 10, from: [60, 40] as [number, number], to: [50, 50] as [number, number] },
      { kind: "score" as const, option: "Y1", delta: 20, set: false, from: 25, to: 45 },
    ],
  };
  assert.equal(profileTitle(scenario, p, "A", "Headline"), "Your profile changed after Headline");
  assert.equal(profileTitle(scenario, p, "W", "Headline"), "Alpha's profile changed after Headline");
  assert.equal(describeProfileChanges(scenario, p.changes), "BATNA 45 → 40; weight of Ex 60 → 50, of Why 40 → 50; score for “Why one” 25 → 45");
  assert.equal(
    describeProfileChanges(scenario, [
      { kind: "batna", delta: -5, from: null, to: null },
      { kind: "weight", fromIssue: "X", toIssue: "Y", amount: 10, from: null, to: null },
      { kind: "score", option: "Y1", delta: 30, set: true, from: null, to: null },
    ]),
    "BATNA −5; weight 10 moved from Ex to Why; score for “Why one” set to 30",
  );
});

test("a crisis outcome shows every flag that is true, and what it cost", () => {
  const m = (over: object) => create(MemberOutcomeSchema, { role: "A", ...over });
  assert.equal(memberOutcomeText(m({ obliged: true, committed: true, exempt: true, cost: 40 }), "A"), "obliged · ✓ committed · led the response · exempt · cost 40");
  assert.equal(memberOutcomeText(m({ obliged: true, defected: true, penalty: 7.5 }), "B"), "obliged · ✗ defected · penalty 7.5");
  assert.equal(memberOutcomeText(m({ optedOut: true }), ""), "opted out");
  assert.equal(memberOutcomeText(m({}), ""), "did not act");
});
