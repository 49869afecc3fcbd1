// A small scenario and event builders for the unit tests.
import {
  EventSchema,
  RoleKind,
  RoleStateSchema,
  ScenarioSchema,
  SessionStateSchema,
  create,
  type Event,
  type MessageInitShape,
} from "../../src/protocol/schema";

export const scenario = create(ScenarioSchema, {
  id: "mini",
  title: "Mini",
  roles: [
    { id: "A", name: "Alpha", kind: RoleKind.DELEGATION, profile: { batna: 40, redLines: ["X2"], pledgeBudget: 10n, issues: [{ issue: "X", weight: 60, scores: [100, 0] }, { issue: "Y", weight: 40, scores: [25, 75] }] } },
    { id: "B", name: "Beta", kind: RoleKind.DELEGATION },
    { id: "C", name: "Gamma", kind: RoleKind.DELEGATION },
    { id: "W", name: "White cell", kind: RoleKind.WHITE_CELL },
    { id: "O", name: "Observers", kind: RoleKind.OBSERVER },
  ],
  issues: [
    { id: "X", name: "Ex", options: [{ id: "X1", label: "Ex one" }, { id: "X2", label: "Ex two" }] },
    { id: "Y", name: "Why", options: [{ id: "Y1", label: "Why one" }, { id: "Y2", label: "Why two" }] },
  ],
  structure: {
    rounds: [{ phases: [{ id: "talk", name: "Talk", allowed: ["message", "table"] }, { id: "vote", name: "Vote", allowed: ["vote"] }] }],
  },
  injects: [{ id: "news1", title: "Headline", text: "Something happened", round: 1, phase: "talk" }],
});

/** The state the engine starts from, for role A's view (its own profile only). */
export function initialState() {
  return create(SessionStateSchema, {
    timeScale: 1,
    roles: [
      create(RoleStateSchema, { role: "A", weights: [60, 40], scores: [{ scores: [100, 0] }, { scores: [25, 75] }], batna: 40, budget: 10n }),
      create(RoleStateSchema, { role: "B" }),
      create(RoleStateSchema, { role: "C" }),
      create(RoleStateSchema, { role: "W" }),
      create(RoleStateSchema, { role: "O" }),
    ],
  });
}

let clock = 1_000_000n;
export function ev(actor: string, kind: MessageInitShape<typeof EventSchema>["kind"], round = 1, phase = "talk"): Event {
  clock += 1000n;
  return create(EventSchema, { atMs: clock, round, phase, actor, kind } as MessageInitShape<typeof EventSchema>);
}

export const msg = (id: string, from: string, to: string, text: string) =>
  ev(from, { case: "messageSent", value: { messageId: id, to, text } });
export const statement = (actor: string, text: string) => ev(actor, { case: "statement", value: { text } });
export const tabled = (actor: string, id: string, options: Record<string, string>, parentId = "") =>
  ev(actor, { case: "textTabled", value: { textId: id, parentId, title: "t " + id, options } });
