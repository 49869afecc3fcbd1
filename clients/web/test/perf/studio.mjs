// Measures the scenario studio: the validate + analysis round trip for the default scenario
// (as the studio sends it on every change), a 200-game rehearsal through the API, and how
// soon /studio is usable after navigation (the library listed) and a scenario is open in the
// editor with the server's verdict and analysis beside it, in headless Chromium.
//
//   node test/perf/studio.mjs --base http://127.0.0.1:8080 --admin-token T [--runs 20] [--json]
// bench/run runs it and writes the figures into BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../e2e/harness.mjs";
import { median, parseArgs } from "./args.mjs";

const args = parseArgs(process.argv.slice(2));
const base = args.base ?? "http://127.0.0.1:8080";
const token = args["admin-token"];
const runs = Number(args.runs ?? 20);
if (!token || args.help) {
  console.error("usage: node test/perf/studio.mjs --base URL --admin-token T [--runs 20] [--json]");
  process.exit(2);
}
const log = (line) => (args.json ? console.error(line) : console.log(line));
const here = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(here, "../../../../scenarios/collective-security-pact.textproto"), "utf8");
const auth = { Authorization: `Bearer ${token}` };
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

// The studio sends JSON: the same scenario as the form holds it.
const asJson = await (await fetch(`${base}/api/scenarios/validate`, { method: "POST", headers: { ...auth, "Content-Type": "text/plain" }, body: text })).json();
if (!asJson.valid) throw new Error(`the default scenario does not validate: ${JSON.stringify(asJson.problems)}`);
const body = JSON.stringify(asJson.scenario);
const validate = [];
for (let i = 0; i < runs; i++) {
  validate.push(await timed(async () => {
    const r = await fetch(`${base}/api/scenarios/validate`, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body });
    const v = await r.json();
    if (!v.valid || !v.analysis) throw new Error("validate did not answer the analysis");
  }));
}
log(`validate + analysis: median ${median(validate).toFixed(1)} ms over ${runs}`);

const rehearsal = [];
let played = 0;
for (let i = 0; i < 3; i++) {
  rehearsal.push(await timed(async () => {
    const r = await fetch(`${base}/api/scenarios/collective-security-pact/rehearse`, {
      method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ runs: 200, seed: i + 1 }),
    });
    const report = await r.json();
    if (r.status !== 200) throw new Error(`rehearse answered ${r.status}: ${JSON.stringify(report)}`);
    played = report.played;
  }));
}
log(`rehearsal of 200 runs: median ${(median(rehearsal) / 1000).toFixed(2)} s`);

const browser = await launchChromium();
const usable = [];
const editor = [];
for (let i = 0; i < 5; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await ctx.addInitScript((t) => sessionStorage.setItem("parley.adminToken", t), token);
  const page = await ctx.newPage();
  const start = Date.now();
  await page.goto(`${base}/studio`);
  await page.locator('[data-testid="library"] td').first().waitFor({ timeout: 60_000 });
  usable.push(Date.now() - start);
  const opened = Date.now();
  await page.locator("#copy-from").selectOption("collective-security-pact");
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await page.locator('[data-testid="analysis"]').waitFor({ timeout: 60_000 });
  editor.push(Date.now() - opened);
  await ctx.close();
}
await browser.close();
log(`studio usable ${median(usable)} ms after navigation; a scenario open with its analysis ${median(editor)} ms after the click`);

const out = {
  runs,
  validate_ms: { median: median(validate), p95: p95(validate) },
  rehearsal_200_s: { median: median(rehearsal) / 1000, played },
  studio_usable_ms: median(usable),
  editor_ready_ms: median(editor),
};
if (args.json) console.log(JSON.stringify(out));
