// A class under load: a cohort of TABLES tables, PEOPLE connections a table speaking the browser
// protocol (JSON frames over the WebSocket, as fill-session.mjs), each sending a private message
// every INTERVAL seconds, while the class dashboard is open in headless Chromium. Reports the
// dashboard's load time (navigation to every table card on screen), its update latency (a table
// paused or resumed through the API until its card says so), the server's CPU and memory over
// the run, and a sample of real desks opened in Chromium at the same time.
//
//   node --experimental-websocket test/perf/class.mjs --base URL --admin-token T --server-pid PID
//        [--tables 50] [--people 6] [--interval 2] [--desks 10] [--json]
import { readFileSync } from "node:fs";
import { launchChromium } from "../e2e/harness.mjs";
import { median, parseArgs } from "./args.mjs";
import { connect, post } from "../fill-session.mjs";

const args = parseArgs(process.argv.slice(2));
const base = args.base ?? "http://127.0.0.1:8080";
const token = args["admin-token"];
const pid = Number(args["server-pid"] ?? 0);
const tables = Number(args.tables ?? 50);
const people = Number(args.people ?? 6);
const interval = Number(args.interval ?? 2);
const desks = Number(args.desks ?? 10);
if (!token || args.help) {
  console.error("usage: node --experimental-websocket test/perf/class.mjs --base URL --admin-token T --server-pid PID [--tables 50] [--people 6] [--interval 2] [--desks 10] [--json]");
  process.exit(2);
}
const log = (line) => (args.json ? console.error(line) : console.log(line));
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

/** The server's CPU seconds so far and its resident memory (MB), from /proc. */
function serverUsage() {
  if (!pid) return { cpu: 0, rss: 0 };
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14, 15)
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
  return { cpu: ticks / 100, rss };
}

const auth = { Authorization: `Bearer ${token}` };
const cohort = await post(base, "/api/cohorts", { scenario: "collective-security-pact", title: "Bench class", tables, count: tables * people }, token);
const ctoken = cohort.token;
const act = (body) => post(base, `/api/cohorts/${cohort.cohort_id}/actions`, body, ctoken);
log(`cohort ${cohort.cohort_id}: ${cohort.tables.length} tables, ${cohort.participants.length} people`);

// Everyone joins, the tables start, and the talking begins.
const conns = await Promise.all(cohort.participants.map((p) => connect(base, p.join_code)));
await act({ action: "start" });
const roles = [...new Set(cohort.participants.map((p) => p.role))];
let sent = 0;
let refused = 0;
let talking = true;
const talkers = conns.map(async (c, i) => {
  const me = cohort.participants[i].role;
  const to = roles[(roles.indexOf(me) + 1) % roles.length];
  await new Promise((r) => setTimeout(r, Math.random() * interval * 1000)); // spread over the interval
  while (talking) {
    const f = await c.send({ sendMessage: { to, text: `note ${sent} from ${me}` } });
    sent++;
    if (f.rejection) refused++;
    await new Promise((r) => setTimeout(r, interval * 1000));
  }
});
await new Promise((r) => setTimeout(r, 3000)); // the load settles
const before = serverUsage();
const started = Date.now();

// The class dashboard: load time, then update latency.
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const board = await ctx.newPage();
const loads = [];
for (let run = 0; run < 3; run++) {
  const t = Date.now();
  await board.goto(`${base}/cohort#${ctoken}`);
  await board.waitForFunction((n) => document.querySelectorAll('[data-testid^="cohort-table-"]').length === n, tables, { timeout: 60_000 });
  loads.push(Date.now() - t);
}
const latencies = [];
for (let k = 0; k < 10; k++) {
  const table = 1 + ((k * 7) % tables);
  for (const [action, state] of [["pause", "paused"], ["resume", "running"]]) {
    const t = Date.now();
    await act({ action, tables: [table] });
    await board.waitForFunction(
      ([n, s]) => document.querySelector(`[data-testid="cohort-table-${n}"] [data-testid="table-state"]`)?.textContent === s,
      [table, state],
      { timeout: 30_000, polling: 10 },
    );
    latencies.push(Date.now() - t);
  }
}

// Real desks beside the load: second tabs on some seats, opened one after another as
// students arrive (all at once, they would measure this machine's two cores, not the server).
const deskTimes = [];
for (const p of cohort.participants.slice(0, desks)) {
  const c = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await c.newPage();
  const t = Date.now();
  await page.goto(`${base}/join#${p.join_code}`);
  await page.getByTestId("desk").waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 60_000 });
  deskTimes.push(Date.now() - t);
}
const after = serverUsage();
const seconds = (Date.now() - started) / 1000;
talking = false;
await Promise.all(talkers);
await browser.close();
for (const c of conns) c.close();
await act({ action: "end" });

const results = {
  tables,
  people_per_table: people,
  connections: conns.length,
  commands: sent,
  refused,
  commands_per_second: Math.round(sent / ((Date.now() - started) / 1000 + 3)),
  dashboard_load_ms: { median: median(loads), all: loads },
  dashboard_update_ms: { median: median(latencies), p90: p90(latencies), max: Math.max(...latencies) },
  desks_usable_ms: { median: median(deskTimes), max: Math.max(...deskTimes), n: deskTimes.length },
  server_cpu_percent: Math.round(((after.cpu - before.cpu) / seconds) * 100),
  server_rss_mb: Math.round(after.rss),
};
if (args.json) console.log(JSON.stringify(results));
else console.log(results);
