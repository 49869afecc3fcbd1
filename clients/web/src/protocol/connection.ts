// One WebSocket to the server, kept alive across drops and restarts.
//
// The connection says hello with the code and the last seq its owner has folded (asked
// through `lastSeq()` on every attempt, so a reconnect resumes where the page is), reconnects
// with exponential backoff (250 ms doubling to 5 s) after any close, and keeps every command
// that has no answer yet: after the next welcome it resends them with the SAME request id, so
// the server answers a retry with the original outcome instead of applying it twice.
// A fatal BAD_CREDENTIALS error stops it for good. While live it sends a Sync every 1.5 s
// when none is outstanding: a socket whose server has not answered for 3 s (a network gone
// without a close, which the browser may not notice for minutes) is dropped and reconnected,
// so the page stops saying "live" within 5 s. Single-threaded (the page's event loop);
// nothing here touches the view state: frames go to the handlers.
import {
  ClientEnvelopeSchema,
  ProtocolError,
  RejectionCode,
  ServerEnvelopeSchema,
  create,
  fromBinary,
  toBinary,
  type MessageInitShape,
  type Error as ServerError,
  type Desk,
  type EventEnvelope,
  type Snapshot,
  type Welcome,
  CommandSchema,
} from "./schema";
import { ApiError } from "./api";
import { BatchReader } from "./batch";

export type ConnPhase = "connecting" | "live" | "reconnecting" | "stopped";
export interface ConnStatus {
  phase: ConnPhase;
  attempt: number; // reconnect attempts since the last welcome
  detail: string; // the last error or close reason, for people
}

/** What became of a command. */
export type Outcome =
  | { ok: true; seq: bigint }
  | { ok: false; code: string; message: string; retryable: boolean };

export interface ConnectionHandlers {
  lastSeq(): bigint;
  onWelcome(w: Welcome): void;
  onSnapshot(s: Snapshot): void;
  onEvent(e: EventEnvelope): void;
  /** The seat's desk as the engine decides it (what it may do, the texts' worth, ballot, crisis offer). */
  onDesk?(d: Desk): void;
  onError(e: ServerError): void;
  onStatus(s: ConnStatus): void;
}

export type CommandInit = MessageInitShape<typeof CommandSchema>;

interface Pending {
  requestId: string;
  frame: Uint8Array;
  text?: string; // a message's or statement's: the server does not send it back (OWN_TEXT)
  resolve: (o: Outcome) => void;
}

export interface SocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(): void;
}

export interface ConnectionOptions {
  client?: string; // how this client names itself in hello
  wantsDesk?: boolean; // ask for the seat's Desk after the snapshot and whenever it changes (default true)
  displayName?: () => string; // the person's name, sent in each hello (only the white cell sees it)
  openSocket?: (url: string) => SocketLike;
  minDelayMs?: number;
  maxDelayMs?: number;
  heartbeatMs?: number; // how often a live connection asks the server to answer (default 1500)
  silenceMs?: number; // how long an unanswered heartbeat may wait before the socket counts as lost (default 3000)
}

export function newRequestId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c?.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The text a command's event repeats, which the page keeps until the command is answered. */
function ownText(command: CommandInit): string | undefined {
  const k = command.kind;
  if (k?.case === "sendMessage" || k?.case === "postToRoom" || k?.case === "statement") return k.value?.text;
  return undefined;
}

export function delayFor(attempt: number, min = 250, max = 5000): number {
  return Math.min(max, min * 2 ** Math.max(0, attempt - 1));
}

export class Connection {
  private socket: SocketLike | null = null;
  private authed = false;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private helloId = "";
  private readonly pending = new Map<string, Pending>();
  private readonly reader = new BatchReader((id) => this.pending.get(id)?.text);
  private status: ConnStatus = { phase: "connecting", attempt: 0, detail: "" };
  private beat: ReturnType<typeof setInterval> | null = null;
  private beatId = "";
  private beatSentAt = 0;
  private heardAt = 0; // when the socket last delivered a frame

  constructor(
    private readonly url: string,
    private readonly code: string,
    private readonly handlers: ConnectionHandlers,
    private readonly options: ConnectionOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(detail = ""): void {
    this.stopped = true;
    this.stopBeat();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    if (s) s.close();
    this.setStatus({ phase: "stopped", attempt: this.attempt, detail });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends a command now if live, else after the next welcome; resolves with its outcome. */
  send(command: CommandInit): Promise<Outcome> {
    const requestId = newRequestId();
    const frame = toBinary(
      ClientEnvelopeSchema,
      create(ClientEnvelopeSchema, { requestId, kind: { case: "command", value: create(CommandSchema, command) } }),
    );
    return new Promise((resolve) => {
      if (this.stopped && this.status.detail) {
        resolve({ ok: false, code: "STOPPED", message: this.status.detail, retryable: false });
        return;
      }
      this.pending.set(requestId, { requestId, frame, text: ownText(command), resolve });
      if (this.authed) this.socket?.send(frame);
    });
  }

  /** Asks the server to answer now and then; drops a socket that has gone silent. */
  private startBeat(socket: SocketLike): void {
    this.stopBeat();
    const every = this.options.heartbeatMs ?? 1500;
    const silence = this.options.silenceMs ?? 3000;
    const tick = Math.max(1, Math.min(every, silence) / 3);
    this.beat = setInterval(() => {
      if (this.socket !== socket || !this.authed) return this.stopBeat();
      const now = Date.now();
      if (this.beatId) {
        // Lost once nothing at all has come for `silence` ms (counted from the last frame heard,
        // so a loss just after an answer shows within silence + tick) and the outstanding beat
        // has had time for a round trip.
        if (now - this.heardAt < silence || now - this.beatSentAt < Math.min(1000, silence / 2)) return;
        this.stopBeat();
        this.socket = null;
        socket.close();
        this.scheduleReconnect("the server stopped answering");
        return;
      }
      if (now - this.beatSentAt < every) return;
      this.beatId = `beat-${newRequestId()}`;
      this.beatSentAt = now;
      socket.send(toBinary(ClientEnvelopeSchema, create(ClientEnvelopeSchema, { requestId: this.beatId, kind: { case: "sync", value: {} } })));
    }, tick);
    (this.beat as unknown as { unref?: () => void }).unref?.(); // never keeps a test process alive
  }

  private stopBeat(): void {
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
    this.beatId = "";
  }

  private setStatus(s: ConnStatus): void {
    this.status = s;
    this.handlers.onStatus(s);
  }

  private open(): void {
    if (this.stopped) return;
    this.authed = false;
    this.setStatus({
      phase: this.attempt === 0 ? "connecting" : "reconnecting",
      attempt: this.attempt,
      detail: this.status.detail,
    });
    let socket: SocketLike;
    try {
      socket = this.options.openSocket ? this.options.openSocket(this.url) : (new WebSocket(this.url) as unknown as SocketLike);
    } catch (e) {
      this.scheduleReconnect(String(e));
      return;
    }
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.reader.reset();
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.helloId = newRequestId();
      const hello = create(ClientEnvelopeSchema, {
        requestId: this.helloId,
        kind: {
          case: "hello",
          // keepsOwnTexts: every command stays in `pending`, with its text, until answered.
          value: {
            code: this.code,
            lastSeq: this.handlers.lastSeq(),
            client: this.options.client ?? "browser",
            keepsOwnTexts: true,
            wantsDesk: this.options.wantsDesk ?? true,
            displayName: this.options.displayName?.() ?? "",
          },
        },
      });
      socket.send(toBinary(ClientEnvelopeSchema, hello));
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.heardAt = Date.now();
      if (!(ev.data instanceof ArrayBuffer)) return; // we speak binary; text frames are not ours
      let env;
      try {
        env = fromBinary(ServerEnvelopeSchema, new Uint8Array(ev.data));
      } catch {
        // Later events are packed against this frame's: start over on a new socket.
        this.socket = null;
        socket.close();
        this.scheduleReconnect("the server sent a frame this page cannot read");
        return;
      }
      this.dispatch(env.kind);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopBeat();
      this.scheduleReconnect(ev.reason || (this.authed ? "the connection dropped" : "the server is not reachable"));
    };
    socket.onerror = () => {
      /* a close follows */
    };
  }

  private dispatch(kind: ReturnType<typeof fromBinary<typeof ServerEnvelopeSchema>>["kind"]): void {
    switch (kind.case) {
      case "welcome":
        this.authed = true;
        this.attempt = 0;
        this.handlers.onWelcome(kind.value);
        this.setStatus({ phase: "live", attempt: 0, detail: "" });
        for (const p of this.pending.values()) this.socket?.send(p.frame); // same request ids
        this.beatSentAt = Date.now();
        if (this.socket) this.startBeat(this.socket);
        return;
      case "snapshot":
        this.handlers.onSnapshot(kind.value);
        return;
      case "event":
        this.handlers.onEvent(kind.value);
        return;
      case "desk":
        this.handlers.onDesk?.(kind.value);
        return;
      case "batch": {
        const { events, acks } = this.reader.unpack(kind.value);
        for (const e of events) this.handlers.onEvent(e);
        for (const a of acks) this.dispatch({ case: "ack", value: a });
        return;
      }
      case "ack": {
        if (kind.value.requestId === this.beatId) {
          this.beatId = "";
          return;
        }
        const p = this.pending.get(kind.value.requestId);
        if (!p) return;
        this.pending.delete(p.requestId);
        p.resolve({ ok: true, seq: kind.value.seq });
        return;
      }
      case "rejection": {
        const r = kind.value;
        const p = this.pending.get(r.requestId);
        if (!p) return;
        this.pending.delete(p.requestId);
        const code =
          r.reason.case === "rule"
            ? RejectionCode[r.reason.value]
            : r.reason.case === "protocol"
              ? ProtocolError[r.reason.value]
              : "REJECTED";
        p.resolve({ ok: false, code: code ?? "REJECTED", message: r.message, retryable: r.retryable });
        return;
      }
      case "error": {
        const e = kind.value;
        this.handlers.onError(e);
        if (e.code === ProtocolError.BAD_CREDENTIALS) {
          const detail = "this code is not valid";
          for (const p of this.pending.values()) p.resolve({ ok: false, code: "BAD_CREDENTIALS", message: detail, retryable: false });
          this.pending.clear();
          this.stop(detail);
        } else if (e.code === ProtocolError.NAME_REQUIRED) {
          this.stop(e.message); // no use retrying without a name: the page asks for it and starts again
        } else if (e.fatal) {
          this.status = { ...this.status, detail: e.message };
        }
        return;
      }
      case undefined:
        return;
    }
  }

  private scheduleReconnect(detail: string): void {
    if (this.stopped) return;
    this.attempt += 1;
    this.setStatus({ phase: "reconnecting", attempt: this.attempt, detail });
    const wait = delayFor(this.attempt, this.options.minDelayMs, this.options.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, wait);
  }
}

/**
 * Who a code is, from one hello: resolves with the welcome (session, role, seat, the session's
 * title) and closes the socket. Rejects with the server's sentence as an ApiError (401 for an
 * unknown code, 404 for a session this server does not host), or 0 when it cannot be reached.
 */
export function identify(url: string, code: string, options: ConnectionOptions = {}): Promise<Welcome> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      conn.stop();
      settle();
    };
    const conn = new Connection(
      url,
      code,
      {
        lastSeq: () => 0n,
        onWelcome: (w) => finish(() => resolve(w)),
        onSnapshot: () => {},
        onEvent: () => {},
        onError: (e) => finish(() => reject(new ApiError(e.message, e.code === ProtocolError.BAD_CREDENTIALS ? 401 : 404))),
        onStatus: (s) => {
          if (s.phase === "reconnecting") finish(() => reject(new ApiError(s.detail || "the server is not reachable", 0)));
        },
      },
      { client: "review", ...options },
    );
    conn.start();
  });
}
