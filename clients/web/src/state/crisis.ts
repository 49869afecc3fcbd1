// What the crisis form offers a seat, read from the scenario and the adopted text: the clauses
// the engine applies (server/engine/rules/stress_test.cpp) decide which controls make sense.
// Display logic only: the server still decides every response, and its refusal is shown.
import {
  ClauseKind,
  CommandClause_Mode,
  CostClause_Formula,
  PrecedenceClause_Conflict,
  RoleKind,
  SignatureStatus,
  type CrisisOpened,
  type Option,
  type Scenario,
  type SessionState,
} from "../protocol/schema";
import type { CrisisOffer } from "./selectors";

/** The adopted text's option for the issue of a clause kind, if both exist. */
export function adoptedClause(sc: Scenario, s: SessionState, kind: ClauseKind): Option | undefined {
  const text = s.texts.find((t) => t.textId === s.adoptedTextId);
  const issue = sc.issues.find((i) => i.kind === kind);
  if (!text || !issue) return undefined;
  const chosen = text.options[issue.id];
  return issue.options.find((o) => o.id === chosen);
}

/** The treaty's members: delegations that signed (the engine's signatories()). */
export function treatyMembers(sc: Scenario, s: SessionState): string[] {
  return sc.roles
    .filter((r) => r.kind === RoleKind.DELEGATION && s.roles.find((x) => x.role === r.id)?.signature === SignatureStatus.SIGNED)
    .map((r) => r.id);
}

export interface CrisisForm extends CrisisOffer {
  /** Members who may be nominated to lead (council command). */
  nominees: string[];
}

/** What the crisis panel offers `role` (seat `seat`) for the open crisis. */
export function crisisForm(sc: Scenario, s: SessionState, role: string, seat: number, opened: CrisisOpened | null): CrisisForm {
  const members = treatyMembers(sc, s);
  const open = !!s.crisis?.injectId;
  const member = members.includes(role);
  const precedence = adoptedClause(sc, s, ClauseKind.PRECEDENCE)?.precedence;
  const cost = adoptedClause(sc, s, ClauseKind.COST_SHARING)?.cost;
  const command = adoptedClause(sc, s, ClauseKind.COMMAND)?.command;
  const budget = s.roles.find((r) => r.role === role)?.budget ?? 0n;
  return {
    open,
    member,
    head: seat === 0,
    canOptOut: precedence?.conflict === PrecedenceClause_Conflict.OPT_OUT_RECORDED && !!opened?.conflicting.includes(role),
    contributionMax: cost?.formula === CostClause_Formula.VOLUNTARY ? Math.max(0, Number(budget)) : null,
    canNominate: command?.mode === CommandClause_Mode.COUNCIL,
    canVote: opened?.procedure === "VOTE",
    nominees: members,
  };
}

export type CrisisChoice = "commit" | "hold" | "optOut";

/** The RespondToCrisis a form sends: one choice, and only the fields the form offers. */
export function crisisResponse(form: CrisisForm, choice: CrisisChoice, contribution: string, lead: string) {
  const commit = choice === "commit";
  const n = Number(contribution);
  return {
    commit,
    optOut: choice === "optOut" && form.canOptOut,
    // As typed (the server refuses what exceeds the budget, with its reason).
    contribution: commit && form.contributionMax !== null && Number.isFinite(n) ? n : 0,
    nominateLead: form.canNominate ? lead : "",
  };
}
