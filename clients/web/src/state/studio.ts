// The scenario studio's model: the scenario as protobuf JSON (what the server's validate,
// save and read-back speak), small immutable edits on it, and where each of the server's
// problems belongs on the form. No rule of the validator is copied here: the server checks
// every keystroke's result and the page shows its answer at the field it names.

/** A scenario in protobuf's JSON mapping; only the fields the studio edits are typed. */
export interface ScenarioJson {
  id?: string;
  title?: string;
  summary?: string;
  roles?: RoleJson[];
  issues?: IssueJson[];
  structure?: StructureJson;
  injects?: InjectJson[];
  stressTest?: Record<string, unknown>;
  objectives?: string[];
  discussionQuestions?: string[];
  outcomes?: OutcomeJson[];
  [other: string]: unknown;
}

/** One part of an outcome's "when": every field set must hold. */
export interface ConditionJson {
  inForce?: string; // "YES" | "NO"
  adopted?: string;
  signed?: string[];
  notSigned?: string[];
  minSignatories?: number;
  maxSignatories?: number;
  optionsAny?: string[];
  optionsNone?: string[];
  crises?: string; // NONE_INVOKED, SOME_INVOKED, SOME_HELD, SOME_FAILED
}

/** A named way a session can end; the first whose condition holds names it. */
export interface OutcomeJson {
  id?: string;
  name?: string;
  description?: string;
  when?: ConditionJson[];
}

export interface RoleJson {
  id?: string;
  name?: string;
  kind?: string;
  publicBrief?: string;
  privateBrief?: string;
  advisers?: number;
  profile?: ProfileJson;
  [other: string]: unknown;
}

export interface ProfileJson {
  issues?: { issue?: string; weight?: number; scores?: number[] }[];
  batna?: number;
  redLines?: string[];
  pledgeBudget?: string | number;
  pledgePointUtility?: number;
}

export interface OptionJson {
  id?: string;
  label?: string;
  text?: string;
  effectiveness?: number;
  [semantics: string]: unknown;
}

export interface IssueJson {
  id?: string;
  name?: string;
  description?: string;
  kind?: string;
  options?: OptionJson[];
}

export interface PhaseJson {
  id?: string;
  name?: string;
  durationSeconds?: number;
  allowed?: string[];
}

export interface StructureJson {
  rounds?: { phases?: PhaseJson[] }[];
  adoption?: { kind?: string; numerator?: number; denominator?: number; nonVoter?: string; quorum?: number };
  entryIntoForce?: { minSignatories?: number; required?: string[] };
  standing?: string;
}

export interface EffectJson {
  role?: string;
  weightShift?: { fromIssue?: string; toIssue?: string; amount?: number };
  score?: { option?: string; delta?: number; set?: boolean };
  batnaDelta?: number;
}

export interface InjectJson {
  id?: string;
  title?: string;
  text?: string;
  round?: number;
  phase?: string;
  held?: boolean;
  audience?: string[];
  effects?: EffectJson[];
  crisis?: { category?: string; victim?: string; attacker?: string; cost?: number; conflicting?: string[]; requiredStrength?: number };
  leak?: boolean;
}

/** One thing the server found wrong: its field path (roles[KSA].profile.weights), line (text only) and sentence. */
export interface Problem {
  path: string;
  line: number | null;
  message: string;
}

/** Roles that have a preference profile (delegations and outside powers), in scenario order. */
export function profiled(s: ScenarioJson): RoleJson[] {
  return (s.roles ?? []).filter((r) => r.kind === "DELEGATION" || r.kind === "OUTSIDE_POWER");
}

/** A deep copy changed by `edit`: the studio never mutates the scenario it renders. */
export function edited(s: ScenarioJson, edit: (copy: ScenarioJson) => void): ScenarioJson {
  const copy = structuredClone(s);
  edit(copy);
  return copy;
}

/** The role's preference for an issue, created (weight 0, every score 0) when it has none. */
export function preference(role: RoleJson, issue: IssueJson): { issue?: string; weight?: number; scores?: number[] } {
  role.profile ??= {};
  role.profile.issues ??= [];
  let p = role.profile.issues.find((x) => x.issue === issue.id);
  if (!p) {
    p = { issue: issue.id, weight: 0, scores: [] };
    role.profile.issues.push(p);
  }
  p.scores ??= [];
  while (p.scores.length < (issue.options ?? []).length) p.scores.push(0);
  return p;
}

/** The weight a role gives an issue, and its score for option j (0 when unset). */
export function weightOf(role: RoleJson, issueId: string | undefined): number {
  return role.profile?.issues?.find((x) => x.issue === issueId)?.weight ?? 0;
}

export function scoreOf(role: RoleJson, issueId: string | undefined, j: number): number {
  return role.profile?.issues?.find((x) => x.issue === issueId)?.scores?.[j] ?? 0;
}

/** The sum of a role's weights, for display beside the grid (the server says whether it is right). */
export function weightSum(role: RoleJson): number {
  return (role.profile?.issues ?? []).reduce((a, p) => a + (p.weight ?? 0), 0);
}

/** The problems at a path or inside it ("roles[KSA]" holds "roles[KSA].profile.batna"). */
export function problemsAt(problems: Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(path + ".") || p.path.startsWith(path + "["));
}

/** The problems whose path is exactly this one. */
export function problemsExactly(problems: Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path);
}

/** Which section of the studio a problem belongs to, so the section's tab can show a count. */
export type Section = "general" | "roles" | "issues" | "preferences" | "structure" | "injects" | "outcomes";

export function sectionOf(p: Problem): Section {
  if (/^roles\[[^\]]*\]\.profile/.test(p.path)) return "preferences";
  if (p.path.startsWith("roles")) return "roles";
  if (p.path.startsWith("issues")) return "issues";
  if (p.path.startsWith("structure")) return "structure";
  if (p.path.startsWith("injects") || p.path.startsWith("stress_test")) return "injects";
  if (p.path.startsWith("outcomes")) return "outcomes";
  return "general";
}

/** An id the scenario does not use yet: PREFIX1, PREFIX2, … */
export function freshId(taken: Iterable<string | undefined>, prefix: string): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** Every option id of the scenario, for red lines and effects. */
export function optionIds(s: ScenarioJson): string[] {
  return (s.issues ?? []).flatMap((i) => (i.options ?? []).map((o) => o.id ?? ""));
}

/** A new copy of another scenario for the studio: same content, a new id and title. */
export function copyOf(s: ScenarioJson, id: string): ScenarioJson {
  return edited(s, (c) => {
    c.id = id;
    c.title = `${s.title ?? "Scenario"} (copy)`;
  });
}
