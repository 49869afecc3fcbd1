// The server's memory with many unfinished sessions nobody uses, and per command in a live one.
//
// 1. IDLE sessions are made (in the lobby) and half of them started and paused, with nobody
//    connected; the server's RSS and hosted-session count are read once they are made, and again
//    after the server's --keep-idle time (the server must run with a short one, e.g. 5 s, standing
//    in for "nobody has touched them for an hour").
// 2. One live session gets COMMANDS private messages from four delegations; its RSS growth per
//    command is reported (the server should run with MALLOC_CONF=dirty_decay_ms:0 so freed pages
//    are returned at once).
//
//   node --experimental-websocket test/perf/memory.mjs --base URL --admin-token T --server-pid PID
//        [--idle 2000] [--commands 50000] [--wait 8] [--json]
import { readFileSync } from "node:fs";
import { parseArgs } from "./args.mjs";
import { connect, post, pump } from "../fill-session.mjs";

const args = parseArgs(process.argv.slice(2));
const base = args.base ?? "http://127.0.0.1:8080";
const token = args["admin-token"];
const pid = Number(args["server-pid"] ?? 0);
const idle = Number(args.idle ?? 2000);
const commands = Number(args.commands ?? 50000);
const wait = Number(args.wait ?? 8);
if (!token || !pid || args.help) {
  console.error("usage: node --experimental-websocket test/perf/memory.mjs --base URL --admin-token T --server-pid PID [--idle 2000] [--commands 50000] [--wait 8] [--json]");
  process.exit(2);
}
const log = (line) => (args.json ? console.error(line) : console.log(line));
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const hosted = async () => Number(/parley_live_sessions (\d+)/.exec(await (await fetch(`${base}/metrics`)).text())[1]);
const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));

const start = { rss: rss(), hosted: await hosted() };
for (let i = 0; i < idle; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, idle - i) }, async (_, k) => {
      const s = await post(base, "/api/sessions", { scenario: "collective-security-pact", title: `idle ${i + k}` }, token);
      if ((i + k) % 2) return; // half stay in the lobby
      const white = await connect(base, s.facilitator_token);
      await white.send({ start: {} });
      await white.send({ pause: {} });
      white.close();
    }),
  );
  if (i % 500 === 0) log(`${i} idle sessions made`);
}
const made = { rss: rss(), hosted: await hosted() };
await sleep(wait);
const rested = { rss: rss(), hosted: await hosted() };
log(`idle: ${made.hosted} hosted at ${made.rss.toFixed(0)} MB, then ${rested.hosted} at ${rested.rss.toFixed(0)} MB`);

const live = await post(base, "/api/sessions", { scenario: "collective-security-pact", title: "memory per command" }, token);
const code = (role) => live.seats.find((s) => s.role === role && s.seat === 0).join_code;
const white = await connect(base, live.facilitator_token);
await white.send({ start: {} });
await white.send({ timeScale: { factor: 0.01 } }); // the brief lasts: messages all the way
const roles = ["PAK", "KSA", "TUR", "QAT"];
const conns = await Promise.all(roles.map((r) => connect(base, code(r))));
// Text like a delegation's, not one sentence with a counter: stored snapshots are compressed,
// and repeated words would flatter them.
const words = "we could accept the rotation if your side pays for the secretariat and the trigger stays consultative until a vote of all members agrees otherwise on host basing".split(" ");
const say = (i, k) => {
  let x = (i * 7919 + k * 104729) >>> 0;
  const out = [];
  for (let n = 0; n < 8; n++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(words[(x >>> 16) % words.length]);
  }
  return `${out.join(" ")} ${k}`;
};
const warm = 2000; // the log's window and the caches fill first
await Promise.all(conns.map((c, i) => pump(c, warm / 4, (k) => ({ sendMessage: { to: roles[(i + 1) % 4], text: say(i, k) } }), 0)));
const before = rss();
await Promise.all(conns.map((c, i) => pump(c, commands / 4, (k) => ({ sendMessage: { to: roles[(i + 1) % 4], text: say(i, k) } }), 0)));
const after = rss();
for (const c of [white, ...conns]) c.close();
const results = {
  idle_sessions: idle,
  rss_start_mb: Math.round(start.rss),
  rss_with_idle_hosted_mb: Math.round(made.rss),
  hosted_after_made: made.hosted,
  rss_after_idle_left_mb: Math.round(rested.rss),
  hosted_after_rest: rested.hosted,
  commands,
  bytes_per_command: Math.round(((after - before) * 1024 * 1024) / commands),
};
if (args.json) console.log(JSON.stringify(results));
else console.log(results);
