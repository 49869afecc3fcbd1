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

/** Sends one request; a refusal becomes an ApiError with the server's sentence. */
async function request(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError("the server is not reachable", 0);
  }
  if (!res.ok) {
    const json = parseJson(await res.text());
    const sentence =
      json && typeof json === "object" && "error" in json ? String((json as { error: unknown }).error) : `${res.status} ${res.statusText}`;
    throw new ApiError(sentence, res.status);
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
