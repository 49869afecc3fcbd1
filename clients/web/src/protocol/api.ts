// The HTTP API (JSON, bearer tokens). Every failure becomes an ApiError carrying the server's
// own sentence ({"error": "..."}), so views can show it as is.
import { EventSchema, fromJson, type Event } from "./schema";
import type { Problem, ScenarioJson } from "../state/studio";

/** What each error code a server sends tells the person who asked (core/common/result.hpp's table). */
const CODE_MEANINGS: Record<string, string> = {
  failed: "the server could not do it; report it if it persists",
  invalid: "the request is wrong; correct it and send it again",
  not_found: "there is no such thing here",
  unavailable: "the server or its database is busy or away; try again shortly",
  conflict: "it clashes with the current state; reload and decide again",
  corrupt: "stored data is damaged; an operator must look at it",
  unknown_outcome: "it may or may not have been stored; send it again with the same request id",
  fenced: "another server now holds this session; reconnect",
  unauthorized: "a token or code is missing or unknown",
  forbidden: "this token or code may not do that",
  not_allowed: "this address does not take that method",
  too_large: "the body is over the size limit",
  unsupported: "the body's content type is not one this address reads",
  unusable: "the scenario does not validate; see its problems",
};

export class ApiError extends Error {
  /** The refusal's code ("unavailable", "conflict"…), "" when the answer had none. */
  readonly code: string;
  constructor(
    message: string,
    readonly status: number,
    /** The refusal's whole JSON body (a scenario's problems travel in it). */
    readonly body: unknown = null,
  ) {
    super(message);
    const code = body && typeof body === "object" && "code" in body ? (body as { code: unknown }).code : "";
    this.code = typeof code === "string" ? code : "";
  }
  /** What the code means for the person who asked, or "". */
  get meaning(): string {
    return CODE_MEANINGS[this.code] ?? "";
  }
}

/** An error as a person reads it: the server's sentence and, for a refusal, what its code means. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  return e.meaning ? `${e.message} (${e.meaning})` : e.message;
}

/** Sends one request; a refusal becomes an ApiError with the server's sentence. */
async function request(method: string, path: string, token: string | null, body?: unknown, text?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (text !== undefined) headers["Content-Type"] = "text/plain";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: text ?? (body === undefined ? undefined : JSON.stringify(body)) });
  } catch {
    throw new ApiError("the server is not reachable", 0);
  }
  if (!res.ok) {
    const json = parseJson(await res.text());
    const sentence =
      json && typeof json === "object" && "error" in json ? String((json as { error: unknown }).error) : `${res.status} ${res.statusText}`;
    throw new ApiError(sentence, res.status, json);
  }
  return res;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // not JSON
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await request(method, path, token, body);
  return parseJson(await res.text()) as T;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  roles: { id: string; name: string; kind: string }[];
}

export interface LibraryScenario extends ScenarioSummary {
  version: number;
  state: "draft" | "published" | "archived";
  published_version: number;
  author: string;
  created_at: string;
  origin: "shipped" | "library";
}

export interface SavedVersion {
  id: string;
  version: number;
  state: string;
  author: string;
  created_at: string;
}

export interface NashJson {
  signatories: number;
  text: Record<string, string>;
  signers: string[];
  utilities: Record<string, number>;
  effectiveness: number;
}

export interface ScenarioAnalysis {
  space_size: number;
  exact: boolean;
  acceptable: number;
  nash: NashJson[];
  frontier_size: number;
  extremes: { role: string; batna: number; best?: { text: Record<string, string>; utility: number }; worst?: { text: Record<string, string>; utility: number } }[];
}

/** validate's answer: the analysis when the scenario is valid, else its problems; the scenario in JSON when it could be read. */
export interface Validation {
  valid: boolean;
  problems: Problem[];
  analysis?: ScenarioAnalysis;
  scenario?: ScenarioJson;
}

export interface RehearsalReport {
  runs: number;
  played: number;
  errors: number;
  in_force: number;
  not_adopted: number;
  adopted_frontier_distance: { mean: number; max: number } | null;
  signatory_sets: Record<string, number>;
  /** The scenario's named outcomes in its order, "other" last (empty when it names none). */
  outcomes: { id: string; name: string; count: number; share: number }[];
  signatories: { roles: string; count: number }[];
  adopted: { text: Record<string, string>; labels: Record<string, string>; count: number }[];
}

/** A scenario to validate or save: JSON from the form, or a file's text. */
export type ScenarioBody = { json: ScenarioJson } | { text: string };

function send<T>(method: string, path: string, token: string, body: ScenarioBody): Promise<T> {
  return request(method, path, token, "json" in body ? body.json : undefined, "text" in body ? body.text : undefined).then(
    async (res) => parseJson(await res.text()) as T,
  );
}

export interface CreatedSession {
  session_id: string;
  facilitator_token: string;
  facilitator_short_code?: string;
  observer_code: string;
  observer_short_code?: string;
  /** short_code: the code's short form, to read aloud or type ("7KQ2-M9XD-4TPB"). */
  seats: { role: string; seat: number; join_code: string; short_code?: string }[];
}

/** One row of the console's list (GET /api/sessions). */
export interface SessionRow {
  session_id: string;
  title: string;
  scenario: string;
  scenario_version: number;
  state: string;
  round: number;
  phase: string;
  created_at: string;
  last_at: string | null;
  last_seq: number;
  forked_from?: string;
  connected?: number; // connections holding it on this server now
  archived?: boolean;
}

export interface SeatInfo {
  role: string;
  taken: number[];
  taken_by_bots?: number[]; // of taken: seats a bot claimed
  connected?: { seat: number; client: string; name?: string }[]; // name: what the person gave on joining
}

export interface SessionInfo {
  session_id: string;
  title: string;
  scenario: string;
  state: string;
  stage: string;
  round: number;
  phase: string;
  deadline_ms: number;
  time_scale: number;
  last_seq: number;
  connections: number;
  seats: SeatInfo[];
}

export interface HistoryItem {
  seq: number;
  event: Event;
}

export interface TextAnalysis {
  text_id: string;
  utilities: Record<string, number>;
  signatories: string[];
  in_force: boolean;
  distance_to_nash: number | null;
  distance_to_frontier: number;
}

export interface Analysis {
  exact: boolean;
  delegations: string[];
  batna: Record<string, number>;
  nash: { options: Record<string, string>; signatories: string[]; utilities: Record<string, number> } | null;
  texts: TextAnalysis[];
}

export type ReviewFormat = "html" | "md" | "json" | "meta";

/** One after-action review: its format, whose view ("" = the viewer's own, the whole view for the white cell), with message texts or not. */
export interface ReviewRequest {
  format: ReviewFormat;
  as: string;
  withMessages: boolean;
}

export function reviewQuery(r: ReviewRequest): string {
  const q = new URLSearchParams({ format: r.format });
  if (r.as) q.set("as", r.as);
  if (r.withMessages) q.set("with_messages", "1");
  return q.toString();
}

export interface CohortCreated {
  cohort_id: string;
  token: string;
  dashboard: string;
  title: string;
  tables: { table: number; session_id: string; title: string; facilitator_token: string; facilitator_short_code: string }[];
  participants: { name: string; group: string; table: number; kind: string; role: string; seat: number; join_code: string; short_code: string }[];
  bots: { table: number; role: string }[];
  notes: string[];
}

export interface CohortRow {
  cohort_id: string;
  title: string;
  scenario: string;
  scenario_version: number;
  tables: number;
  people: number;
  created_at: string;
}

export interface CohortTable {
  table: number;
  session_id: string;
  facilitator_token: string;
  title?: string;
  state?: string;
  stage?: string;
  round?: number;
  phase?: string;
  deadline_ms?: number;
  time_scale?: number;
  connections?: number;
  awaiting?: { votes: string[]; signatures: string[] };
  people: { name: string; kind: string; role: string; role_name: string; seat: number; connected: boolean | null; joined?: boolean; typed_name?: string }[];
  bots: { role: string; role_name: string; connected: boolean; taken_by_person: boolean }[];
  alerts: string[];
  error?: string;
}

export interface CohortStatus {
  cohort_id: string;
  title: string;
  scenario: string;
  scenario_title?: string;
  scenario_version: number;
  created_at: string;
  names_required: boolean;
  now_ms: number;
  injects: { id: string; title: string }[];
  tables: CohortTable[];
  alerts: string[];
  /** Moves when any table changes: asked back as `after`, the server answers at the next change. */
  version: number;
}

export interface CohortActionResult {
  action: string;
  done: number;
  refused: number;
  results: { table: number; ok: boolean; seq?: number; error?: string; roles?: string[] }[];
}

export type CohortAction = { action: string; tables?: number[]; factor?: number; inject?: string; seconds?: number };

/** What a model seat may do: act on its own, propose each move, nothing, or nothing while a person plays it. */
export type AgentMode = "act" | "propose" | "paused" | "human";
export interface AgentProposal {
  id: number;
  role: string;
  tool: string;
  arguments: string;
  status: "pending" | "approved" | "rejected" | "withdrawn";
}
/** One model call as parley agents recorded it (the key already redacted). */
export interface AgentCallRecord {
  seq?: number;
  request?: { messages?: { role: string; content: string }[] };
  answer?: unknown;
  latency_ms?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  actions?: { tool: string; arguments?: string; result?: string; refused?: string; proposed?: number }[];
  error?: string;
  fallback?: string;
  approved_proposal?: number;
  budget_spent?: boolean;
}
export interface AgentCall {
  role: string;
  seat: number;
  at: string;
  record: AgentCallRecord;
}
export interface AgentControl {
  seats: { role: string; mode: AgentMode }[];
  proposals: AgentProposal[];
}

export const api = {
  scenarios: () => call<{ scenarios: LibraryScenario[] }>("GET", "/api/scenarios", null).then((r) => r.scenarios),
  sessions: (adminToken: string, q: string, state: string, archived = false) =>
    call<{ sessions: SessionRow[]; total: number }>(
      "GET",
      `/api/sessions?${new URLSearchParams({ q, state, limit: "100", archived: archived ? "1" : "0" })}`,
      adminToken,
    ),
  archiveSession: (adminToken: string, id: string, archived: boolean) =>
    call<{ archived: boolean }>("POST", `/api/sessions/${encodeURIComponent(id)}/archive`, adminToken, { archived }),
  fork: (token: string, id: string, at: number, title: string) =>
    call<CreatedSession & { forked_from: string; forked_at: number }>("POST", `/api/sessions/${encodeURIComponent(id)}/fork`, token, { at, title }),
  /** A new facilitator token for a session (the admin may mint one for any session). */
  addFacilitator: (adminToken: string, id: string) =>
    call<{ facilitator_token: string }>("POST", `/api/sessions/${encodeURIComponent(id)}/facilitators`, adminToken, {}),
  deleteSession: (adminToken: string, id: string) => call<{ deleted: boolean }>("DELETE", `/api/sessions/${encodeURIComponent(id)}`, adminToken),
  createSession: (adminToken: string, scenario: string, title: string, version?: number) =>
    call<CreatedSession>("POST", "/api/sessions", adminToken, version ? { scenario, title, version } : { scenario, title }),
  library: (adminToken: string) =>
    call<{ scenarios: LibraryScenario[] }>("GET", "/api/scenarios?all=1", adminToken).then((r) => r.scenarios),
  scenario: (adminToken: string, id: string, version = 0) =>
    call<LibraryScenario & { scenario: ScenarioJson }>(
      "GET",
      `/api/scenarios/${encodeURIComponent(id)}?format=json${version ? `&version=${version}` : ""}`,
      adminToken,
    ),
  scenarioText: (adminToken: string, id: string, version: number) =>
    request("GET", `/api/scenarios/${encodeURIComponent(id)}?format=textproto&version=${version}`, adminToken).then((r) => r.text()),
  /** A 422 still answers: its problems are the point. */
  async validateScenario(adminToken: string, body: ScenarioBody): Promise<Validation> {
    try {
      return await send<Validation>("POST", "/api/scenarios/validate", adminToken, body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.body && typeof e.body === "object") {
        const b = e.body as { problems?: Problem[]; scenario?: ScenarioJson };
        return { valid: false, problems: b.problems ?? [], scenario: b.scenario };
      }
      throw e;
    }
  },
  saveScenario: (adminToken: string, body: ScenarioBody, base: number, author: string) =>
    send<SavedVersion>("POST", `/api/scenarios?${new URLSearchParams({ base: String(base), author })}`, adminToken, body),
  publishScenario: (adminToken: string, id: string, version: number) =>
    call<SavedVersion>("POST", `/api/scenarios/${encodeURIComponent(id)}/publish`, adminToken, { version }),
  archiveScenario: (adminToken: string, id: string, version: number) =>
    call<SavedVersion>("POST", `/api/scenarios/${encodeURIComponent(id)}/archive`, adminToken, { version }),
  rehearseDraft: (adminToken: string, body: ScenarioBody, runs: number, seed: number) =>
    send<RehearsalReport>("POST", `/api/scenarios/rehearse?runs=${runs}&seed=${seed}`, adminToken, body),
  createCohort: (adminToken: string, body: { scenario: string; version?: number; title: string; tables: number; roster?: string; count?: number }) =>
    call<CohortCreated>("POST", "/api/cohorts", adminToken, body),
  cohorts: (adminToken: string) => call<{ cohorts: CohortRow[] }>("GET", "/api/cohorts", adminToken).then((r) => r.cohorts),
  cohort: (id: string, token: string, after = 0) =>
    call<CohortStatus>("GET", `/api/cohorts/${encodeURIComponent(id)}${after ? `?after=${after}` : ""}`, token),
  cohortAction: (id: string, token: string, body: CohortAction) =>
    call<CohortActionResult>("POST", `/api/cohorts/${encodeURIComponent(id)}/actions`, token, body),
  /** The handout or debrief as the server renders it (HTML or CSV), to open in a tab or save. */
  cohortDocument: (id: string, token: string, kind: "handout" | "debrief", query: Record<string, string>) =>
    request("GET", `/api/cohorts/${encodeURIComponent(id)}/${kind}?${new URLSearchParams(query)}`, token),
  session: (id: string, token: string) => call<SessionInfo>("GET", `/api/sessions/${encodeURIComponent(id)}`, token),
  issueCode: (id: string, token: string, role: string, seat: number) =>
    call<{ role: string; seat: number; join_code: string; short_code?: string }>("POST", `/api/sessions/${encodeURIComponent(id)}/codes`, token, {
      role,
      seat,
    }),
  analysis: (id: string, token: string) => call<Analysis>("GET", `/api/sessions/${encodeURIComponent(id)}/analysis`, token),
  bots: (id: string, token: string, body: { roles: string[]; strategy: string } | { empty: true; strategy?: string }) =>
    call<{ roles: string[] }>("POST", `/api/sessions/${encodeURIComponent(id)}/bots`, token, body),
  /** Seats a language model on head seats nobody holds (the server's configured endpoint). */
  agents: (id: string, token: string, body: { roles: string[]; persona?: string; fallback?: "wait" | "bot"; model?: string }) =>
    call<{ roles: string[]; model: string; fallback: string }>("POST", `/api/sessions/${encodeURIComponent(id)}/agents`, token, body),
  /** The white cell's hold on model seats: each seat's mode and every proposal. */
  agentControl: (id: string, token: string) => call<AgentControl>("GET", `/api/sessions/${encodeURIComponent(id)}/agents`, token),
  /** One seat's latest model calls, oldest first. */
  agentCalls: (id: string, token: string, role: string, limit: number) =>
    call<{ calls: AgentCall[] }>("GET", `/api/sessions/${encodeURIComponent(id)}/agent-calls?role=${encodeURIComponent(role)}&limit=${limit}`, token).then(
      (r) => r.calls,
    ),
  setAgentMode: (id: string, token: string, role: string, mode: AgentMode) =>
    call<{ role: string; mode: AgentMode }>("POST", `/api/sessions/${encodeURIComponent(id)}/agents/${encodeURIComponent(role)}/mode`, token, { mode }),
  decideProposal: (id: string, token: string, proposal: number, decision: "approve" | "reject") =>
    call<{ id: number; status: string }>("POST", `/api/sessions/${encodeURIComponent(id)}/agents/proposals/${proposal}`, token, { decision }),
  removeBot: (id: string, token: string, role: string) =>
    call<{ role: string; released: boolean }>("DELETE", `/api/sessions/${encodeURIComponent(id)}/bots?role=${encodeURIComponent(role)}`, token),
  /** The review as the server sent it (HTML, Markdown or JSON), to read as text or save as a file. */
  review: (id: string, token: string, r: ReviewRequest) =>
    request("GET", `/api/sessions/${encodeURIComponent(id)}/review?${reviewQuery(r)}`, token),
  /** The events this role saw after `after`, decoded; the server sends long histories in pages. */
  async events(id: string, token: string, role: string, after: number): Promise<HistoryItem[]> {
    const items: HistoryItem[] = [];
    for (let from: number | null = after; from !== null; ) {
      const q = new URLSearchParams({ as: role, after: String(from) });
      const r: { events: { seq: number; event: unknown }[]; next_after: number | null } = await call(
        "GET",
        `/api/sessions/${encodeURIComponent(id)}/events?${q}`,
        token,
      );
      for (const e of r.events) {
        items.push({ seq: Number(e.seq), event: fromJson(EventSchema, e.event as never, { ignoreUnknownFields: true }) });
      }
      from = r.next_after === null || r.next_after === undefined ? null : Number(r.next_after);
    }
    return items;
  },
};
