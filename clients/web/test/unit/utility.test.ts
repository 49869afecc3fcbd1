import assert from "node:assert/strict";
import { test } from "node:test";
import { RoleStateSchema, create } from "../../src/protocol/schema";
import { threads, phaseActions, optionLabel } from "../../src/state/selectors";
import { utilityOf } from "../../src/state/utility";
import { initialState, scenario } from "./fixtures";

test("utility is the weighted sum of scores over 100", () => {
  const rs = initialState().roles[0];
  const cases: [Record<string, string>, number, boolean][] = [
    [{ X: "X1", Y: "Y1" }, (60 * 100 + 40 * 25) / 100, true],
    [{ X: "X2", Y: "Y2" }, (60 * 0 + 40 * 75) / 100, true],
    [{ X: "X1" }, 60, false],
    [{}, 0, false],
  ];
  for (const [options, want, complete] of cases) {
    const u = utilityOf(scenario, rs, options, ["X2"])!;
    assert.equal(u.utility, want, JSON.stringify(options));
    assert.equal(u.complete, complete, JSON.stringify(options));
  }
  assert.deepEqual(utilityOf(scenario, rs, { X: "X2", Y: "Y1" }, ["X2"])!.redLines, ["X2"]);
});

test("no utility without weights (other roles' profiles are never known)", () => {
  assert.equal(utilityOf(scenario, create(RoleStateSchema, { role: "B" }), { X: "X1" }), null);
  assert.equal(utilityOf(scenario, undefined, { X: "X1" }), null);
});

test("an unknown option counts as open, not as a score", () => {
  const u = utilityOf(scenario, initialState().roles[0], { X: "nope", Y: "Y2" })!;
  assert.equal(u.utility, 30);
  assert.equal(u.complete, false);
});

test("option labels, and allowed actions come from the phase table only while running", () => {
  assert.equal(optionLabel(scenario, "Y2"), "Why two");
  assert.equal(optionLabel(scenario, "??"), "??");
  const s = initialState();
  assert.deepEqual([...phaseActions(scenario, s)], [], "lobby allows nothing");
  s.status = 1;
  s.round = 1;
  s.phaseIndex = 1;
  assert.deepEqual([...phaseActions(scenario, s)], ["vote"]);
  s.status = 2;
  assert.deepEqual([...phaseActions(scenario, s)], [], "paused allows nothing");
});

test("messages group into one thread per counterpart and one per room", () => {
  const s = initialState();
  const m = (id: string, from: string, to: string, roomId = "") => ({ $typeName: "parley.v1.PrivateMessage" as const, messageId: id, from, to, roomId, text: id, leaked: false });
  s.rooms = [{ $typeName: "parley.v1.Room", roomId: "R1", name: "Core", members: ["A", "C"] }];
  s.messages = [m("m1", "A", "B"), m("m2", "B", "A"), m("m3", "A", "C"), m("m4", "C", "", "R1"), m("m5", "B", "A")];
  const t = threads(scenario, s, "A");
  assert.deepEqual(t.map((x) => [x.key, x.title, x.messages.map((y) => y.messageId)]), [
    ["room:R1", "Core", ["m4"]],
    ["dm:A|B", "Beta", ["m1", "m2", "m5"]],
    ["dm:A|C", "Gamma", ["m3"]],
  ]);
  // The white cell sees pairs it is not part of, titled by both names.
  const w = threads(scenario, s, "W");
  assert.equal(w[1].title, "Alpha ↔ Beta");
});
