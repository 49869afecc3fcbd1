// Measures the browser client on a long session: fills a session with N events (private
// messages, then public statements) through the WebSocket, then opens the desk, the dashboard
// and the projector in headless Chromium and reports the time from navigation to a usable
// page (live, with the history loaded) and the time for one new event to show on each page.
//
//   node --experimental-websocket test/perf/long-session.mjs --base http://127.0.0.1:8080 --admin-token T [--events 5000]
//
// Needs a running parley-server serving a built client (--web-dir) with the default --rate.
import { chromium } from "playwright-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const base = args.base ?? "http://127.0.0.1:8080";
const total = Number(args.events ?? 5000);
const token = args["admin-token"];
if (!token) throw new Error("--admin-token is required");

const post = async (path, body, bearer) => {
  const r = await fetch(base + path, { method: "POST", headers: { Authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};

function connect(code) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/ws");
    const waiting = new Map();
    let n = 0;
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      const a = f.ack ?? f.rejection;
      if (f.welcome) resolve(api);
      if (a && waiting.has(a.requestId)) {
        waiting.get(a.requestId)(f);
        waiting.delete(a.requestId);
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

/** Sends `count` commands from one connection, at most `rate` per second, waiting for each answer. */
async function pump(conn, count, make, rate = 40) {
  let rejected = 0;
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const f = await conn.send(make(i));
    if (f.rejection) rejected++;
  }
  return rejected;
}

const created = await post("/api/sessions", { scenario: "collective-security-pact", title: `perf ${total}` }, token);
const code = (role) => created.seats.find((s) => s.role === role && s.seat === 0).join_code;
const white = await connect(created.facilitator_token);
const roles = ["PAK", "KSA", "TUR", "QAT"];
const conns = await Promise.all(roles.map((r) => connect(code(r))));
await white.send({ start: {} });
const t0 = Date.now();
const half = Math.floor(total / 2 / roles.length);
await Promise.all(conns.map((c, i) => pump(c, half, (k) => ({ sendMessage: { to: roles[(i + 1) % roles.length], text: `message ${k} from ${roles[i]}` } }))));
await white.send({ advance: {} });
await white.send({ advance: {} }); // plenary: statements allowed
await Promise.all(conns.map((c) => pump(c, half, (k) => ({ statement: { text: `statement ${k}` } }))));
const info = await (await fetch(`${base}/api/sessions/${created.session_id}`, { headers: { Authorization: `Bearer ${created.facilitator_token}` } })).json();
console.log(`filled session ${created.session_id}: ${info.last_seq} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const views = [
  ["desk (PAK adviser)", created.seats.find((s) => s.role === "PAK" && s.seat === 1).join_code, "desk"],
  ["dashboard", created.facilitator_token, "dashboard"],
  ["projector", created.observer_code, "projector"],
];
for (const [name, c, testid] of views) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const start = Date.now();
  await page.goto(`${base}/join#${c}`);
  await page.getByTestId(testid).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="drafts-panel"]').waitFor({ timeout: 60_000 });
  const usable = Date.now() - start; // the state from the snapshot is on screen and commands can go
  await page.locator('[data-testid="statement"]').first().waitFor({ timeout: 60_000 }); // history loaded
  const history = Date.now() - start;
  const marker = `perf marker ${Math.random().toString(36).slice(2)}`;
  const sent = Date.now();
  await conns[0].send({ statement: { text: marker } });
  await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 30_000 });
  const live = Date.now() - sent;
  const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  console.log(`${name}: usable ${usable} ms after navigation, history of the logs in ${history} ms; a new statement shows in ${live} ms; ${nodes} DOM nodes`);
  await ctx.close();
}
await browser.close();
for (const c of [white, ...conns]) c.close();
