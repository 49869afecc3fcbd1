// A recorded session as one role saw it after a given event, shown through the same views a
// live seat uses, read-only: the server computes the view and the seat's desk at that moment
// (GET /api/sessions/<id>/view), every action is shown closed, and nothing is ever sent.
import { ApiError } from "./protocol/api";
import type { Outcome } from "./protocol/connection";
import { DeskSchema, ScenarioSchema, SessionStateSchema, fromJson, type Desk } from "./protocol/schema";
import { SessionClient } from "./session";
import { applySnapshot, emptyView } from "./state/fold";

export interface ViewAt {
  session_id: string;
  title: string;
  role: string;
  at: number;
  last_seq: number;
  event: string;
  round: number;
  phase: string;
  scenario: unknown;
  state: unknown;
  desk: unknown;
}

const CLOSED = "this is a replay of a recorded session: fork it here to play on from this moment";

/** Fetches the view of `role` after event `at`. */
export async function fetchView(id: string, token: string, role: string, at: number): Promise<ViewAt> {
  const q = new URLSearchParams({ at: String(at) });
  if (role) q.set("as", role);
  let res: Response;
  try {
    res = await fetch(`/api/sessions/${encodeURIComponent(id)}/view?${q}`, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError("the server is not reachable", 0);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(body && typeof body.error === "string" ? body.error : `${res.status}`, res.status);
  return body as ViewAt;
}

/** Every action closed, with the reason: a replay takes no commands. */
function closed(desk: Desk): Desk {
  for (const g of desk.actions) {
    g.open = false;
    g.reason = CLOSED;
  }
  return desk;
}

export class ReplayClient extends SessionClient {
  constructor(code: string) {
    super(code, "ws://replay.invalid");
    this.status = { phase: "live", attempt: 0, detail: "" };
    this.nameAsked = true;
    this.replaying = true;
  }

  show(v: ViewAt): void {
    const opts = { ignoreUnknownFields: true };
    this.scenario = fromJson(ScenarioSchema, v.scenario as never, opts);
    this.sessionTitle = v.title;
    this.me = { sessionId: v.session_id, role: v.role, seat: 0 };
    this.view = applySnapshot(emptyView(), v.at, fromJson(SessionStateSchema, v.state as never, opts));
    this.desk = closed(fromJson(DeskSchema, v.desk as never, opts));
    this.notify();
  }

  override start(): void {}
  override stop(): void {}
  override send(): Promise<Outcome> {
    return Promise.resolve({ ok: false, code: "REPLAY", message: CLOSED, retryable: false });
  }
}
