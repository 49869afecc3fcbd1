import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../../src/protocol/api";
import { Connection, delayFor, identify, type SocketLike } from "../../src/protocol/connection";
import { ClientEnvelopeSchema, type EventEnvelope, ProtocolError, ServerEnvelopeSchema, create, fromBinary, toBinary } from "../../src/protocol/schema";

class FakeSocket implements SocketLike {
  binaryType = "";
  readyState = 0;
  onopen: SocketLike["onopen"] = null;
  onclose: SocketLike["onclose"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onerror: SocketLike["onerror"] = null;
  sent: ReturnType<typeof fromBinary<typeof ClientEnvelopeSchema>>[] = [];
  closed = false;
  send(d: Uint8Array) {
    this.sent.push(fromBinary(ClientEnvelopeSchema, d));
  }
  close() {
    this.closed = true;
  }
  serve(kind: Parameters<typeof create<typeof ServerEnvelopeSchema>>[1]) {
    const b = toBinary(ServerEnvelopeSchema, create(ServerEnvelopeSchema, kind));
    this.onmessage?.({ data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) });
  }
}

/** An openSocket that keeps every socket it opens in `sockets`. */
const opener = (sockets: FakeSocket[]) => () => {
  const s = new FakeSocket();
  sockets.push(s);
  return s;
};

function harness() {
  const sockets: FakeSocket[] = [];
  const statuses: string[] = [];
  let lastSeq = 0n;
  const events: EventEnvelope[] = [];
  const conn = new Connection("ws://x/ws", "CODE", {
    lastSeq: () => lastSeq,
    onWelcome: () => {},
    onSnapshot: () => {},
    onEvent: (e) => {
      lastSeq = e.seq;
      events.push(e);
    },
    onError: () => {},
    onStatus: (s) => statuses.push(s.phase + (s.attempt ? ":" + s.attempt : "")),
  }, { openSocket: opener(sockets), minDelayMs: 1, maxDelayMs: 4 });
  return { conn, sockets, statuses, events, setSeq: (n: bigint) => (lastSeq = n) };
}

const welcome = { kind: { case: "welcome" as const, value: { role: "A", sessionId: "s" } } };
const until = async (f: () => boolean) => { while (!f()) await new Promise((r) => setTimeout(r, 1)); };

test("backoff doubles from 250 ms and stops growing at 5 s", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map((a) => delayFor(a)), [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test("hello carries the code, the client name and the last seq; commands wait for the welcome", async () => {
  const h = harness();
  h.conn.start();
  const s = h.sockets[0];
  s.onopen?.({});
  assert.equal(s.sent[0].kind.case, "hello");
  const hello = s.sent[0].kind.value as { code: string; lastSeq: bigint; client: string };
  assert.equal(hello.code, "CODE");
  assert.equal(hello.client, "browser");
  const p = h.conn.send({ kind: { case: "statement", value: { text: "hi" } } });
  assert.equal(s.sent.length, 1, "not sent before the welcome");
  s.serve(welcome);
  assert.equal(s.sent.length, 2);
  const id = s.sent[1].requestId;
  s.serve({ kind: { case: "ack", value: { requestId: id, seq: 5n } } });
  assert.deepEqual(await p, { ok: true, seq: 5n });
  h.conn.stop();
});

test("an unanswered command is resent with the same request id after a reconnect, which resumes from the last seq", async () => {
  const h = harness();
  h.conn.start();
  let s = h.sockets[0];
  s.onopen?.({});
  s.serve(welcome);
  s.serve({ kind: { case: "event", value: { seq: 7n, event: { actor: "A" } } } });
  const p = h.conn.send({ kind: { case: "statement", value: { text: "hi" } } });
  const id = s.sent[1].requestId;
  s.onclose?.({ code: 1006, reason: "" });
  assert.ok(h.statuses.includes("reconnecting:1"));
  await until(() => h.sockets.length === 2);
  s = h.sockets[1];
  s.onopen?.({});
  assert.equal((s.sent[0].kind.value as { lastSeq: bigint }).lastSeq, 7n);
  s.serve(welcome);
  assert.equal(s.sent[1].requestId, id, "the retry reuses the request id");
  s.serve({ kind: { case: "rejection", value: { requestId: id, reason: { case: "rule", value: 2 }, message: "the Brief phase does not allow statements" } } });
  const o = await p;
  assert.deepEqual(o, { ok: false, code: "WRONG_PHASE", message: "the Brief phase does not allow statements", retryable: false });
  assert.equal(h.statuses[h.statuses.length - 1], "live");
  h.conn.stop();
});

test("BAD_CREDENTIALS stops reconnecting and fails what is pending", async () => {
  const h = harness();
  h.conn.start();
  const s = h.sockets[0];
  s.onopen?.({});
  const p = h.conn.send({ kind: { case: "statement", value: { text: "hi" } } });
  s.serve({ kind: { case: "error", value: { code: ProtocolError.BAD_CREDENTIALS, message: "unknown join code", fatal: true } } });
  s.onclose?.({ code: 1008, reason: "" });
  const o = await p;
  assert.equal(o.ok, false);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(h.sockets.length, 1, "no reconnect");
  assert.equal(h.statuses[h.statuses.length - 1], "stopped");
});

test("identify: one hello as 'review', the welcome, and the socket closes", async () => {
  const sockets: FakeSocket[] = [];
  const p = identify("ws://x/ws", "CODE", { openSocket: opener(sockets) });
  const s = sockets[0];
  s.onopen?.({});
  const hello = s.sent[0].kind.value as { code: string; client: string; lastSeq: bigint };
  assert.deepEqual([s.sent[0].kind.case, hello.code, hello.client, hello.lastSeq], ["hello", "CODE", "review", 0n]);
  s.serve({ kind: { case: "welcome", value: { role: "PAK", sessionId: "0123abcd", sessionTitle: "Spring exercise" } } });
  const w = await p;
  assert.deepEqual([w.sessionId, w.role, w.sessionTitle], ["0123abcd", "PAK", "Spring exercise"]);
  assert.ok(s.closed);
  assert.equal(sockets.length, 1);
});

test("identify: a refused code, a session not hosted here, and no server each reject with what happened", async () => {
  const cases: [string, (s: FakeSocket) => void, number, string][] = [
    ["unknown code", (s) => s.serve({ kind: { case: "error", value: { code: ProtocolError.BAD_CREDENTIALS, message: "unknown join code or token", fatal: true } } }), 401, "unknown join code or token"],
    ["not hosted", (s) => s.serve({ kind: { case: "error", value: { code: ProtocolError.SESSION_UNAVAILABLE, message: "session 0123 is not running on this server", fatal: true } } }), 404, "session 0123 is not running on this server"],
    ["no server", (s) => s.onclose?.({ code: 1006, reason: "" }), 0, "the server is not reachable"],
  ];
  for (const [name, happen, status, message] of cases) {
    const sockets: FakeSocket[] = [];
    const p = identify("ws://x/ws", "CODE", { openSocket: opener(sockets), minDelayMs: 1 });
    sockets[0].onopen?.({});
    happen(sockets[0]);
    await assert.rejects(p, (e: unknown) => e instanceof ApiError && e.status === status && e.message === message, name);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(sockets.length, 1, `${name}: no second attempt`);
  }
});

test("a batch is read as its events, with packed header fields restored, then its acks", async () => {
  const h = harness();
  h.conn.start();
  const s = h.sockets[0];
  s.onopen?.({});
  s.serve(welcome);
  const answer = h.conn.send({ kind: { case: "statement", value: { text: "hello" } } });
  const requestId = s.sent[1].requestId;
  s.serve({
    kind: {
      case: "batch",
      value: {
        events: [
          { seq: 7n, event: { atMs: 1000n, round: 2, phase: "talk", actor: "PAK", seat: 1, kind: { case: "statement", value: { text: "a" } } } },
          // seq 0: the next one; time relative, round, phase and actor carried over
          { event: { atMs: 5n, kind: { case: "statement", value: { text: "b" } } }, packing: 15 },
          // only the phase carried over; a clock event has no actor
          { seq: 10n, event: { atMs: 2000n, round: 3, kind: { case: "statement", value: { text: "c" } } }, packing: 2 },
        ],
        acks: [{ requestId, seq: 10n, events: 3 }],
      },
    },
  });
  assert.deepEqual(
    h.events.map((e) => [e.seq, e.event?.atMs, e.event?.round, e.event?.phase, e.event?.actor, e.event?.seat]),
    [
      [7n, 1000n, 2, "talk", "PAK", 1],
      [8n, 1005n, 2, "talk", "PAK", 1],
      [10n, 2000n, 3, "talk", "", 0],
    ],
  );
  assert.deepEqual(await answer, { ok: true, seq: 10n });
  h.conn.stop();
});

test("a frame the page cannot read closes the socket: later frames would be unpacked against it", async () => {
  const h = harness();
  h.conn.start();
  const s = h.sockets[0];
  s.onopen?.({});
  s.serve(welcome);
  const garbage = new Uint8Array([0xff, 0xff, 0xff]);
  s.onmessage?.({ data: garbage.buffer });
  assert.equal(s.closed, true);
  await until(() => h.sockets.length > 1);
  h.conn.stop();
});

test("packing runs across frames on one socket, own texts come back from the commands, and a new socket starts fresh", async () => {
  const h = harness();
  h.conn.start();
  let s = h.sockets[0];
  s.onopen?.({});
  const hello = s.sent[0].kind.value as { keepsOwnTexts: boolean };
  assert.equal(hello.keepsOwnTexts, true);
  s.serve(welcome);
  const answer = h.conn.send({ kind: { case: "sendMessage", value: { to: "KSA", text: "Rotation, if you fund it?" } } });
  const requestId = s.sent[1].requestId;
  const talk = (text: string) => ({ case: "statement" as const, value: { text } });
  s.serve({ kind: { case: "batch", value: { events: [{ seq: 7n, event: { atMs: 1000n, round: 2, phase: "talk", actor: "PAK", seat: 1, kind: talk("a") } }] } } });
  // The next frame borrows from the last event of the one before; seq 5 further on (RELATIVE_SEQ 16).
  // Our own message comes without its text (OWN_TEXT 32), and its ack says which command sent it.
  s.serve({
    kind: {
      case: "batch",
      value: {
        events: [{ seq: 5n, event: { atMs: 40n, kind: { case: "messageSent", value: { messageId: "m3", to: "KSA" } } }, packing: 16 | 32 | 15 }],
        acks: [{ requestId, seq: 12n, events: 1 }],
      },
    },
  });
  assert.deepEqual(await answer, { ok: true, seq: 12n });
  const own = h.events[1];
  assert.deepEqual([own.seq, own.event?.atMs, own.event?.round, own.event?.phase, own.event?.actor], [12n, 1040n, 2, "talk", "PAK"]);
  assert.equal(own.event?.kind.case, "messageSent");
  assert.equal((own.event?.kind.value as { text: string }).text, "Rotation, if you fund it?");

  // After a reconnect the first event stands alone, whatever its packing bits claim.
  s.onclose?.({ code: 1006, reason: "" });
  await until(() => h.sockets.length > 1);
  s = h.sockets[1];
  s.onopen?.({});
  s.serve(welcome);
  s.serve({ kind: { case: "batch", value: { events: [{ seq: 20n, event: { atMs: 3000n, round: 3, kind: talk("b") }, packing: 4 }] } } });
  const fresh = h.events[2];
  assert.deepEqual([fresh.seq, fresh.event?.atMs, fresh.event?.round, fresh.event?.actor], [20n, 3000n, 3, ""]);
  h.conn.stop();
});

test("a server that stops answering is noticed: the socket is dropped and the page reconnects, saying so", { timeout: 10_000 }, async () => {
  const sockets: FakeSocket[] = [];
  const statuses: { phase: string; detail: string }[] = [];
  const conn = new Connection("ws://x/ws", "CODE", {
    lastSeq: () => 0n,
    onWelcome: () => {},
    onSnapshot: () => {},
    onEvent: () => {},
    onError: () => {},
    onStatus: (s) => statuses.push({ phase: s.phase, detail: s.detail }),
  }, { openSocket: opener(sockets), minDelayMs: 1, maxDelayMs: 4, heartbeatMs: 5, silenceMs: 30 });
  conn.start();
  const s = sockets[0];
  s.onopen?.({});
  s.serve(welcome);
  // Heartbeats that are answered keep the socket.
  for (let answered = 0; answered < 3; ) {
    await until(() => s.sent.some((e) => e.kind.case === "sync" && !e.requestId.endsWith("#answered")));
    const beat = s.sent.find((e) => e.kind.case === "sync" && !e.requestId.endsWith("#answered"))!;
    s.serve({ kind: { case: "ack", value: { requestId: beat.requestId } } });
    beat.requestId += "#answered";
    answered += 1;
  }
  assert.equal(s.closed, false);
  assert.equal(sockets.length, 1);
  // Then the network goes quiet: no answer, no close from the browser.
  await until(() => s.closed);
  assert.equal(statuses.at(-1)?.phase === "reconnecting" || sockets.length > 1, true);
  assert.ok(statuses.some((x) => x.phase === "reconnecting" && x.detail === "the server stopped answering"));
  await until(() => sockets.length > 1);
  conn.stop();
});
