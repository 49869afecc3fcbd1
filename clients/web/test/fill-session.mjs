// A long session, made over the WebSocket (JSON frames) the way a class fills one: four
// delegations send private messages in the brief, then public statements in the plenary, until
// the log holds about `events` events. The perf script measures the pages on it; the review
// end-to-end test reports on it.
//
// As a module (needs a global WebSocket: Node 22, or node --experimental-websocket on Node 20):
//   fillSession({ base, adminToken, events, rate }) -> { created, white, conns, lastSeq }
// As a command, for a test that runs without that flag:
//   node --experimental-websocket test/fill-session.mjs --base URL --admin-token T
//        [--events 5000] [--rate 40] [--title T] [--end REASON]
// prints {"session": <the POST /api/sessions answer>, "last_seq": N} and closes its sockets.
//
// `rate` is commands per second per connection; the server's default --rate is 50, so 40 stays
// under it. 0 sends each command as soon as the previous one is answered.
import { pathToFileURL } from "node:url";

/** POST with a bearer token; the JSON answer, or an error with the server's. */
export async function post(base, path, body, bearer) {
  const r = await fetch(base + path, { method: "POST", headers: { Authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** A connection that said hello with `code`; send(command) resolves with the ack or rejection frame. */
export function connect(base, code) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/ws");
    const waiting = new Map();
    let n = 0;
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.welcome) resolve(api);
      if (f.error) reject(new Error(`hello refused: ${f.error.message}`));
      // An ack comes alone or inside a batch with the events it produced.
      const answers = [...(f.batch?.acks ?? []).map((ack) => ({ ack })), ...(f.ack ? [{ ack: f.ack }] : []), ...(f.rejection ? [f] : [])];
      for (const a of answers) {
        const id = (a.ack ?? a.rejection).requestId;
        if (waiting.has(id)) {
          waiting.get(id)(a);
          waiting.delete(id);
        }
      }
    };
    ws.onerror = reject;
    ws.onopen = () => ws.send(JSON.stringify({ requestId: "h", hello: { code, lastSeq: "0", client: "perf" } }));
    const api = {
      send(command) {
        const requestId = `r${++n}`;
        ws.send(JSON.stringify({ requestId, command }));
        return new Promise((r) => waiting.set(requestId, r));
      },
      close: () => ws.close(),
    };
  });
}

/** Sends `count` commands from one connection, at most `rate` per second (0: no limit), waiting for each answer. */
export async function pump(conn, count, make, rate = 40) {
  let rejected = 0;
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = rate > 0 ? start + (i * 1000) / rate : 0;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now())); // pacing under the server's rate limit
    const f = await conn.send(make(i));
    if (f.rejection) rejected++;
  }
  return rejected;
}

/** A new collective-security-pact session filled with about `events` events; its connections stay open. */
export async function fillSession({ base, adminToken, events = 5000, rate = 40, title = `perf ${events}` }) {
  const created = await post(base, "/api/sessions", { scenario: "collective-security-pact", title }, adminToken);
  const code = (role) => created.seats.find((s) => s.role === role && s.seat === 0).join_code;
  const white = await connect(base, created.facilitator_token);
  const roles = ["PAK", "KSA", "TUR", "QAT"];
  const conns = await Promise.all(roles.map((r) => connect(base, code(r))));
  await white.send({ start: {} });
  const half = Math.floor(events / 2 / roles.length);
  await Promise.all(conns.map((c, i) => pump(c, half, (k) => ({ sendMessage: { to: roles[(i + 1) % roles.length], text: `message ${k} from ${roles[i]}` } }), rate)));
  await white.send({ advance: {} });
  await white.send({ advance: {} }); // plenary: statements allowed
  await Promise.all(conns.map((c) => pump(c, half, (k) => ({ statement: { text: `statement ${k}` } }), rate)));
  const info = await (await fetch(`${base}/api/sessions/${created.session_id}`, { headers: { Authorization: `Bearer ${created.facilitator_token}` } })).json();
  return { created, white, conns, lastSeq: Number(info.last_seq) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
  );
  if (!args.base || !args["admin-token"]) {
    console.error("usage: node --experimental-websocket test/fill-session.mjs --base URL --admin-token T [--events 5000] [--rate 40] [--title T] [--end REASON]");
    process.exit(2);
  }
  const filled = await fillSession({
    base: args.base,
    adminToken: args["admin-token"],
    events: Number(args.events ?? 5000),
    rate: Number(args.rate ?? 40),
    title: args.title,
  });
  if (args.end !== undefined) {
    const f = await filled.white.send({ end: { reason: args.end } });
    if (f.rejection) throw new Error(`ending the session was refused: ${f.rejection.message}`);
  }
  for (const c of [filled.white, ...filled.conns]) c.close();
  console.log(JSON.stringify({ session: filled.created, last_seq: filled.lastSeq }));
}
