// Glue between the connection and the fold: one SessionClient per joined page. It owns the
// Connection, folds every frame into a ViewState (events are batched per task so a resume
// burst renders once), fills the logs a snapshot leaves out from GET /events, and tells its
// subscribers when anything changed. Views read `client.view` and call `client.send`.
import { api, errorText } from "./protocol/api";
import { Connection, type CommandInit, type ConnStatus, type Outcome } from "./protocol/connection";
import { ProtocolError, type ActionGate, type Desk, type DraftWorth, type Scenario, type Event } from "./protocol/schema";
import { codeInHash } from "./state/links";
import { applyEvents, applySnapshot, emptyView, mergeHistory, type SeqEvent, type ViewState } from "./state/fold";

const CODE_KEY = "parley.code";
const SEQ_KEY = "parley.lastSeq";
// The review page keeps its own: a review opened in this tab never replaces the seat it joined.
const REVIEW_CODE_KEY = "parley.reviewCode";

function stored(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function store(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    /* private mode: this load still has it */
  }
}

function forget(...keys: string[]): void {
  try {
    for (const k of keys) sessionStorage.removeItem(k);
  } catch {
    /* ignore */
  }
}

export function forgetCode(): void {
  forget(CODE_KEY, SEQ_KEY);
}

/**
 * The code a page was opened with (/join#CODE, /review#CODE): taken from the hash, kept in the
 * tab's sessionStorage so a reload keeps it, and removed from the address bar and the history
 * (projectors, screenshots). Without one in the hash, the code kept before, or "".
 */
export function takeCode(page: "join" | "review" | "replay"): string {
  const key = page === "join" ? CODE_KEY : page === "review" ? REVIEW_CODE_KEY : "parley.replayCode";
  const fromHash = codeInHash(location.hash);
  if (!fromHash) return stored(key);
  // Another seat in this tab: the last seq folded belongs to the old one.
  if (page === "join" && stored(key) !== fromHash) forget(SEQ_KEY);
  store(key, fromHash);
  history.replaceState(null, "", location.pathname + location.search);
  return fromHash;
}

/** The server's WebSocket, beside the page. */
export function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

export interface Identity {
  sessionId: string;
  role: string;
  seat: number;
}

function readSeen(key: string): Record<string, number> {
  try {
    const v = JSON.parse(stored(key) || "{}") as unknown;
    return v && typeof v === "object" ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export class SessionClient {
  view: ViewState = emptyView();
  scenario: Scenario | null = null;
  /** How texts are adopted, as the server words it in the welcome. */
  adoptionRule = "";
  /** The title the facilitator gave the session ("" if none). */
  sessionTitle = "";
  me: Identity | null = null;
  /** What the engine says this seat may do now and what the texts are worth to it (null until the server sends it). */
  desk: Desk | null = null;
  /** The desk hides what bots say (messages, room posts, statements); kept for the tab. */
  hideBots = stored("parley.hideBots") === "1";
  /** Per thread, how many of its messages this page has shown on screen (kept for the tab). */
  seen: Record<string, number> = {};
  status: ConnStatus = { phase: "connecting", attempt: 0, detail: "" };
  /** How many times the live connection was lost (a command that spans one waited for it). */
  drops = 0;
  serverError = "";
  invalid = false;
  /** The name this person gave (sent in each hello; only the white cell sees it), kept for the tab. */
  displayName = stored("parley.name");
  /** Whether the page asked for a name already (given or declined), kept for the tab. */
  nameAsked = stored("parley.nameAsked") === "1";
  /** The session refused to seat this person without a name. */
  nameRequired = false;
  /** A recorded moment shown read-only (replay.ts), not a live seat. */
  replaying = false;
  historyError = "";
  /** Server clock minus local clock, estimated from live events (ms). */
  clockSkew = 0;
  private skewKnown = false;
  private queue: SeqEvent[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private readonly conn: Connection;
  private historyBusy = false;

  constructor(readonly code: string, wsUrl?: string) {
    const url = wsUrl ?? socketUrl();
    this.conn = new Connection(url, code, {
      lastSeq: () => BigInt(this.view.seq),
      onWelcome: (w) => {
        this.scenario = w.scenario ?? this.scenario;
        this.adoptionRule = w.adoptionRule;
        this.sessionTitle = w.sessionTitle;
        this.me = { sessionId: w.sessionId, role: w.role, seat: w.seat };
        this.seen = readSeen(this.seenKey());
        this.serverError = "";
        this.notify();
      },
      onSnapshot: (s) => {
        this.flush();
        this.view = applySnapshot(this.view, Number(s.seq), s.state!);
        this.saveSeq();
        this.notify();
        this.fillHistory();
      },
      onEvent: (e) => {
        if (!e.event) return;
        this.observeClock(e.event);
        this.queue.push({ seq: Number(e.seq), event: e.event });
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setTimeout(() => this.flush(), 0);
        }
      },
      onDesk: (d) => {
        this.flush(); // the desk follows the batch it describes
        this.desk = d;
        this.notify();
      },
      onError: (e) => {
        this.serverError = e.message;
        if (e.code === ProtocolError.BAD_CREDENTIALS) this.invalid = true;
        if (e.code === ProtocolError.NAME_REQUIRED) this.nameRequired = true;
        this.notify();
      },
      onStatus: (s) => {
        if (this.status.phase === "live" && s.phase !== "live") this.drops += 1;
        this.status = s;
        this.notify();
      },
    }, { displayName: () => this.displayName });
  }

  /** Gives (or changes) this person's name: kept for the tab, and sent by reconnecting. */
  setDisplayName(name: string): void {
    this.displayName = name.trim().slice(0, 60);
    store("parley.name", this.displayName);
    this.declineName();
    this.nameRequired = false;
    this.conn.stop();
    this.conn.start();
  }

  /** The page asked and the person chose not to say. */
  declineName(): void {
    this.nameAsked = true;
    store("parley.nameAsked", "1");
    this.notify();
  }

  start(): void {
    this.conn.start();
  }

  stop(): void {
    this.conn.stop();
  }

  send(command: CommandInit): Promise<Outcome> {
    return this.conn.send(command);
  }

  private allowedCache: { desk: Desk | null; set: Set<string> } | null = null;

  /** The actions the engine says this seat may take now (none until the desk arrives). */
  allowed(): Set<string> {
    if (this.allowedCache?.desk !== this.desk) {
      this.allowedCache = { desk: this.desk, set: new Set((this.desk?.actions ?? []).filter((g) => g.open).map((g) => g.action)) };
    }
    return this.allowedCache.set;
  }

  /** An action's gate on the desk: open, or the engine's reason it is closed. */
  gate(action: string): ActionGate | undefined {
    return this.desk?.actions.find((g) => g.action === action);
  }

  /** What a tabled text is worth to this role, as the engine computes it. */
  worth(textId: string): DraftWorth | undefined {
    return this.desk?.drafts.find((d) => d.textId === textId);
  }

  get pendingCount(): number {
    return this.conn.pendingCount;
  }

  setHideBots(hide: boolean): void {
    this.hideBots = hide;
    store("parley.hideBots", hide ? "1" : "");
    this.notify();
  }

  /** Roles whose head seat a bot holds (the session's seat claims). */
  botRoles(): Set<string> {
    return new Set(this.view.state.roles.filter((r) => r.seatsClaimedByBots.includes(0)).map((r) => r.role));
  }

  /** Roles whose head seat a language model holds, as the session tells everyone (unless the scenario hides it). */
  modelRoles(): Set<string> {
    return new Set(this.view.state.roles.filter((r) => r.seatsClaimedByModels.includes(0)).map((r) => r.role));
  }

  /** The thread's first `count` messages have been on screen. */
  markSeen(thread: string, count: number): void {
    if ((this.seen[thread] ?? 0) >= count) return;
    this.seen = { ...this.seen, [thread]: count };
    store(this.seenKey(), JSON.stringify(this.seen));
    this.notify();
  }

  private seenKey(): string {
    return `parley.seen.${this.me?.sessionId ?? ""}.${this.me?.role ?? ""}.${this.me?.seat ?? 0}`;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The server's clock now, as well as this page can tell. */
  serverNow(): number {
    return Date.now() + this.clockSkew;
  }

  private observeClock(e: Event): void {
    if (this.status.phase !== "live") return;
    // at_ms is when the server applied it, a little before it arrived: the largest
    // (at_ms - now) seen is the closest estimate of the skew.
    const skew = Number(e.atMs) - Date.now();
    if (!this.skewKnown || skew > this.clockSkew) {
      this.clockSkew = skew;
      this.skewKnown = true;
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || !this.scenario) return;
    const batch = this.queue;
    this.queue = [];
    this.view = applyEvents(this.view, this.scenario, batch);
    this.saveSeq();
    this.notify();
  }

  private saveSeq(): void {
    store(SEQ_KEY, String(this.view.seq));
  }

  private async fillHistory(): Promise<void> {
    if (this.historyBusy || !this.view.gap || !this.me) return;
    this.historyBusy = true;
    const { after } = this.view.gap;
    try {
      const items = await api.events(this.me.sessionId, this.code, this.me.role, after);
      this.flush();
      this.view = this.scenario ? mergeHistory(this.view, this.scenario, items) : this.view;
      this.historyError = "";
    } catch (e) {
      this.historyError = errorText(e);
      setTimeout(() => this.fillHistory(), 3000);
    } finally {
      this.historyBusy = false;
      this.notify();
    }
  }

  protected notify(): void {
    for (const fn of this.listeners) fn();
  }
}
