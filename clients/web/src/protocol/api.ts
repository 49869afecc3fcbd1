// The HTTP API (JSON, bearer tokens). Every failure becomes an ApiError carrying the server's
// own sentence ({"error": "..."}), so views can show it as is.
import { EventSchema, fromJson, type Event } from "./schema";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError("the server is not reachable", 0);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const sentence =
      json && typeof json === "object" && "error" in json ? String((json as { error: unknown }).error) : `${res.status} ${res.statusText}`;
    throw new ApiError(sentence, res.status);
  }
  return json as T;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  roles: { id: string; name: string; kind: string }[];
}

export interface CreatedSession {
  session_id: string;
  facilitator_token: string;
  observer_code: string;
  seats: { role: string; seat: number; join_code: string }[];
}

export interface SeatInfo {
  role: string;
  taken: number[];
  connected?: { seat: number; client: string }[];
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

export const api = {
  scenarios: () => call<{ scenarios: ScenarioSummary[] }>("GET", "/api/scenarios", null).then((r) => r.scenarios),
  createSession: (adminToken: string, scenario: string, title: string) =>
    call<CreatedSession>("POST", "/api/sessions", adminToken, { scenario, title }),
  session: (id: string, token: string) => call<SessionInfo>("GET", `/api/sessions/${encodeURIComponent(id)}`, token),
  issueCode: (id: string, token: string, role: string, seat: number) =>
    call<{ role: string; seat: number; join_code: string }>("POST", `/api/sessions/${encodeURIComponent(id)}/codes`, token, {
      role,
      seat,
    }),
  analysis: (id: string, token: string) => call<Analysis>("GET", `/api/sessions/${encodeURIComponent(id)}/analysis`, token),
  bots: (id: string, token: string, body: { roles: string[]; strategy: string } | { empty: true; strategy?: string }) =>
    call<{ roles: string[] }>("POST", `/api/sessions/${encodeURIComponent(id)}/bots`, token, body),
  /** The events this role saw after `after`, decoded. */
  async events(id: string, token: string, role: string, after: number): Promise<HistoryItem[]> {
    const q = new URLSearchParams({ as: role, after: String(after) });
    const r = await call<{ events: { seq: number; event: unknown }[] }>(
      "GET",
      `/api/sessions/${encodeURIComponent(id)}/events?${q}`,
      token,
    );
    return r.events.map((e) => ({ seq: Number(e.seq), event: fromJson(EventSchema, e.event as never, { ignoreUnknownFields: true }) }));
  },
};
