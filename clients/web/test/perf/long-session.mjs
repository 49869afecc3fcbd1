// Measures the browser client on a long session: fills a session with N events (private
// messages, then public statements) through the WebSocket (../fill-session.mjs), then opens
// the desk, the dashboard and the projector in headless Chromium and reports the time from
// navigation to a usable page (live, with the history loaded) and the time for one new event
// to show on each page.
//
//   node --experimental-websocket test/perf/long-session.mjs --base http://127.0.0.1:8080 --admin-token T
//        [--events 5000] [--runs 5] [--json]
// bench/run runs it and writes the figures into BENCHMARKS.md.
//
// Needs a running parley-server serving a built client (--web-dir) with the default --rate.
import { launchChromium } from "../e2e/harness.mjs";
import { median, parseArgs } from "./args.mjs";
import { fillSession, pump, post } from "../fill-session.mjs";

const args = parseArgs(process.argv.slice(2));
const base = args.base ?? "http://127.0.0.1:8080";
const total = Number(args.events ?? 5000);
const token = args["admin-token"];
const runs = Number(args.runs ?? 5);
if (!token || args.help) {
  console.error("usage: node --experimental-websocket test/perf/long-session.mjs --base URL --admin-token T [--events 5000] [--runs 5] [--json]");
  process.exit(2);
}
// With --json the figures go to stdout as one JSON object and the progress to stderr.
const log = (line) => (args.json ? console.error(line) : console.log(line));

const t0 = Date.now();
const { created, conns, white, lastSeq } = await fillSession({ base, adminToken: token, events: total });
log(`filled session ${created.session_id}: ${lastSeq} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const browser = await launchChromium();

// Long main-thread tasks (> 50 ms) block input; collected from the page's own observer.
const watchLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: true });
};
const blocking = async (page) => {
  const tasks = await page.evaluate(() => window.__longTasks.splice(0));
  return { longest: Math.round(Math.max(0, ...tasks)), total: Math.round(tasks.reduce((a, d) => a + (d - 50), 0)) };
};

/** Opens a view: ms to usable (state on screen, live) and to the whole history. */
async function open(code, testid, withHistory) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  await page.addInitScript(watchLongTasks);
  const start = Date.now();
  await page.goto(`${base}/join#${code}`);
  await page.getByTestId(testid).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="drafts-panel"]').waitFor({ timeout: 60_000 });
  const usable = Date.now() - start; // the state from the snapshot is on screen and commands can go
  if (withHistory) await page.locator('[data-testid="statement"]').first().waitFor({ timeout: 60_000 });
  return { ctx, page, usable, history: Date.now() - start };
}

const results = { events: lastSeq, views: [] };
// A fresh page of a small session: the usual classroom case.
const small = await post(base, "/api/sessions", { scenario: "collective-security-pact", title: "perf small" }, token);
const smallRuns = [];
for (let i = 0; i < runs; i++) {
  const v = await open(small.seats.find((s) => s.role === "KSA" && s.seat === 0).join_code, "desk", false);
  smallRuns.push(v.usable);
  await v.ctx.close();
}
results.small_session_usable_ms = median(smallRuns);
log(`fresh session, desk: usable ${results.small_session_usable_ms} ms after navigation (median of ${runs})`);

const views = [
  ["desk", created.seats.find((s) => s.role === "PAK" && s.seat === 1).join_code, "desk"],
  ["dashboard", created.facilitator_token, "dashboard"],
  ["projector", created.observer_code, "projector"],
];
for (const [name, c, testid] of views) {
  const loads = [];
  let v;
  for (let i = 0; i < runs; i++) {
    if (v) await v.ctx.close();
    v = await open(c, testid, true);
    loads.push(v);
  }
  const load = await blocking(v.page);
  // One new event, then a burst of 100 arriving as fast as the server sends them.
  const marker = `perf marker ${Math.random().toString(36).slice(2)}`;
  const sent = Date.now();
  await conns[0].send({ statement: { text: marker } });
  await v.page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 30_000 });
  const live = Date.now() - sent;
  const last = `perf burst end ${Math.random().toString(36).slice(2)}`;
  const burstStart = Date.now();
  await Promise.all(conns.map((conn, i) => pump(conn, 25, (k) => ({ statement: { text: i === 0 && k === 24 ? last : `burst ${k}` } }), 1000)));
  await v.page.waitForFunction((m) => document.body.innerText.includes(m), last, { timeout: 60_000 });
  const burst = Date.now() - burstStart;
  const during = await blocking(v.page);
  const nodes = await v.page.evaluate(() => document.getElementsByTagName("*").length);
  const r = {
    view: name,
    usable_ms: median(loads.map((x) => x.usable)),
    history_ms: median(loads.map((x) => x.history)),
    new_event_ms: live,
    burst_100_ms: burst,
    longest_task_load_ms: load.longest,
    longest_task_burst_ms: during.longest,
    blocking_burst_ms: during.total,
    dom_nodes: nodes,
  };
  results.views.push(r);
  log(`${name}: usable ${r.usable_ms} ms, whole history ${r.history_ms} ms (medians of ${runs}); a new statement shows in ${live} ms; ` +
      `100 more in ${burst} ms; longest task ${load.longest} ms loading, ${during.longest} ms in the burst; ${nodes} DOM nodes`);
  await v.ctx.close();
}
await browser.close();
for (const c of [white, ...conns]) c.close();
if (args.json) console.log(JSON.stringify(results));
