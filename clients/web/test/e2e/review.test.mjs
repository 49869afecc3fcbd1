// End to end: the after-action review of a long session. A session is filled over the WebSocket
// to about 5,000 events (test/fill-session.mjs, as the perf script fills one) and ended. Its HTML
// review, downloaded with the facilitator token, is under 1 MB and is a page by itself: opened
// from a file in headless Chromium it makes no request, logs no error, and has a title and
// charts. The browser client's /review page shows it in a sandboxed frame, lets the white cell
// pick a delegation's view and download it; a delegation's desk links to its own review, which
// shows its view only. Screenshots (review-report.png, review-page.png,
// review-page-delegation.png) go to PARLEY_ARTIFACTS_DIR.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EMOJI, TIMEOUT, bodyText, startStack, waitText } from "./harness.mjs";

const EVENTS = 5000;
const TITLE = "Review e2e";
let stack, session, tmp;

/**
 * Runs test/fill-session.mjs with a WebSocket (Node 20 has it only behind a flag, which this
 * test's own process is not started with) and returns what it printed.
 */
function fillLongSession(args) {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL("../fill-session.mjs", import.meta.url));
    const child = spawn(process.execPath, ["--experimental-websocket", "--no-warnings", script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`fill-session.mjs exited with ${code}: ${err}`))));
  });
}

before(async () => {
  // No rate limit on this server: the session fills as fast as it commits.
  stack = await startStack({ name: "review-e2e", serverArgs: ["--rate", "100000"] });
  tmp = mkdtempSync(join(tmpdir(), "parley-review-e2e-"));
  const filled = await fillLongSession([
    "--base", stack.base,
    "--admin-token", stack.adminToken,
    "--events", String(EVENTS),
    "--rate", "0",
    "--title", TITLE,
    "--end", "The exercise is over.",
  ]);
  session = filled.session;
  assert.ok(filled.last_seq >= EVENTS * 0.95, `the session holds only ${filled.last_seq} events`);
});

after(async () => {
  await stack?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const seatCode = (role) => session.seats.find((s) => s.role === role && s.seat === 0).join_code;
const frameOf = (page) => page.frameLocator('[data-testid="review-frame"]');

/** Waits until the report's title shows in the page's frame; fails at once with the page's error if it shows one. */
async function reportShown(page) {
  const error = page.getByTestId("review-error");
  const shown = frameOf(page).locator("h1").first().waitFor();
  const refused = error.waitFor();
  const first = await Promise.race([shown.then(() => "report"), refused.then(() => "error")]);
  shown.catch(() => {});
  refused.catch(() => {});
  if (first === "error") assert.fail(`the review page shows an error: ${await error.innerText()}`);
}

/** Opens /review#CODE and waits until the report shows. */
async function openReview(label, code) {
  const page = await stack.newPage(label);
  await page.goto(`/review#${code}`);
  await reportShown(page);
  assert.equal(new URL(page.url()).hash, "", `${label}: the code leaves the address bar`);
  return page;
}

/** Waits until the frame shows a report other than `before` (the request for it has finished). */
async function nextReport(page, before) {
  await page.waitForFunction(
    (b) => {
      const f = document.querySelector('[data-testid="review-frame"]');
      return f && f.getAttribute("aria-busy") === "false" && f.srcdoc !== b;
    },
    before,
    { timeout: TIMEOUT },
  );
  await reportShown(page);
}

const srcdoc = (page) => page.locator('[data-testid="review-frame"]').evaluate((f) => f.srcdoc);

test("the HTML review of a 5,000-event session stands alone: no request, no error, a title and charts", async () => {
  const res = await fetch(`${stack.base}/api/sessions/${session.session_id}/review?format=html`, {
    headers: { Authorization: `Bearer ${session.facilitator_token}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, bytes.toString("utf8", 0, 500));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  assert.ok(bytes.length < 1_000_000, `the review is ${bytes.length} bytes`);
  const file = join(tmp, "review.html");
  writeFileSync(file, bytes);
  const url = pathToFileURL(file).href;

  const page = await stack.newPage("report file");
  const consoleErrors = [];
  const requests = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);

  assert.deepEqual(requests.filter((u) => u !== url), [], "requests beyond the file itself");
  assert.ok(await page.locator("h1").first().isVisible(), "a visible <h1>");
  assert.ok((await page.locator("h1").first().innerText()).trim().length > 0, "the <h1> says something");
  const charts = await page.locator("svg").evaluateAll((svgs) => svgs.filter((s) => s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().height > 0).length);
  assert.ok(charts >= 2, `${charts} visible <svg> charts`);
  assert.equal(await page.locator("script").count(), 0, "no script: the client shows it where none may run");
  const text = await bodyText(page);
  assert.ok(text.includes(TITLE), "the report names the session");
  assert.doesNotMatch(text, EMOJI, "an emoji in the report");
  await page.screenshot({ path: join(stack.artifacts, "review-report.png"), fullPage: true });
  assert.deepEqual(consoleErrors, [], "console errors");
  assert.deepEqual(page.errors, [], "uncaught errors");
});

test("the white cell reads the review in the browser client, picks a delegation's view and downloads it", async () => {
  // The dashboard links to it (a new tab) with the session's id and the facilitator's token.
  const dash = await stack.newPage("dashboard");
  await dash.goto(`/join#${session.facilitator_token}`);
  await dash.getByTestId("dashboard").waitFor();
  const link = dash.getByRole("link", { name: "After-action review" });
  assert.equal(await link.getAttribute("href"), `/review?session=${session.session_id}#${session.facilitator_token}`);
  assert.equal(await link.getAttribute("target"), "_blank");

  // After the end the white cell rates an objective on the dashboard, for the HSEEP section.
  const objective = dash.getByTestId("objective-0");
  await objective.locator("select").selectOption({ label: "partly met" });
  await objective.getByPlaceholder("why (for the review)").fill("the bloc formed late");
  await objective.getByRole("button", { name: "Rate" }).click();
  await waitText(dash, '[data-testid="objective-0"] [data-testid="rating"]', "partly met");

  // The bare /review#TOKEN finds its session by itself.
  const page = await openReview("white review", session.facilitator_token);
  assert.equal(await page.title(), `${TITLE} · After-action review — Parley`);
  await waitText(page, '[data-testid="review-view"]', "Everyone (white cell)");
  const picker = page.getByLabel("Whose view");
  assert.equal(await picker.inputValue(), "");
  await page.screenshot({ path: join(stack.artifacts, "review-page.png") });

  const everyone = await srcdoc(page);
  assert.ok(everyone.includes("the bloc formed late") && everyone.includes("partly met"), "the rating is not in the review's HSEEP section");
  await picker.selectOption("PAK");
  await nextReport(page, everyone);
  await waitText(page, '[data-testid="review-view"]', "Pakistan's view");

  // Downloads are of the view on screen, named after the session and the role.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Markdown" }).click()]);
  assert.equal(download.suggestedFilename(), `parley-review-${session.session_id}-PAK.md`);
  assert.ok(readFileSync(await download.path(), "utf8").includes("#"), "a Markdown document");
  await waitText(page, '[data-testid="review-saved"]', `saved parley-review-${session.session_id}-PAK.md`);
  await picker.selectOption({ label: "Everyone (white cell)" });
  const [html] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download HTML" }).click()]);
  assert.equal(html.suggestedFilename(), `parley-review-${session.session_id}.html`);

  assert.doesNotMatch(await bodyText(page), EMOJI, "an emoji in the page");
  assert.deepEqual([...dash.errors, ...page.errors], [], "uncaught errors");
});

test("a delegation's desk links to its review once the session has ended; the review shows its own view only, also after a restart", async () => {
  const code = seatCode("PAK");
  const desk = await stack.newPage("PAK desk");
  await desk.goto(`/join#${code}`);
  await desk.getByTestId("desk").waitFor();
  const link = desk.getByRole("link", { name: "Review", exact: true });
  assert.equal(await link.getAttribute("href"), `/review?session=${session.session_id}#${code}`);
  const [tab] = await Promise.all([desk.context().waitForEvent("page"), link.click()]);
  tab.setDefaultTimeout(TIMEOUT);
  tab.errors = [];
  tab.on("pageerror", (e) => tab.errors.push(`PAK review tab: ${e.message}`));
  await reportShown(tab);
  await waitText(tab, '[data-testid="review-view"]', "Pakistan's view");

  const page = await openReview("PAK review", code);
  await waitText(page, '[data-testid="review-view"]', "Pakistan's view");
  assert.equal(await page.locator("#review-as").count(), 0, "no choice of view for a delegation");
  assert.ok((await frameOf(page).locator("body").innerText()).includes("Pakistan"), "the report names whose view it is");
  await page.screenshot({ path: join(stack.artifacts, "review-page-delegation.png") });

  // With message texts: its own conversations, never another delegation's.
  const without = await srcdoc(page);
  await page.getByLabel("Include message texts").check();
  await nextReport(page, without);
  const report = await frameOf(page).locator("body").textContent(); // the event log's rounds are folded <details>
  assert.ok(report.includes("from QAT"), "a message Pakistan received");
  assert.ok(!report.includes("from KSA") && !report.includes("from TUR"), "another delegation's message in Pakistan's review");

  // A code of no session is told so, in the server's words.
  const stranger = await stack.newPage("stranger");
  await stranger.goto(`/review?session=${session.session_id}#${"0".repeat(32)}`);
  await waitText(stranger, '[data-testid="review-error"]', "This code does not open the review. The server says:");

  // After a restart the ended session is no longer in memory, but its review is kept: the desk's
  // link (the session's id in the query, the code in the tab) still opens it on a reload, and so
  // does a bare /review#CODE, whose hello has the server host the ended session again.
  await stack.stopServer();
  await stack.startServer();
  await tab.reload();
  await reportShown(tab);
  await waitText(tab, '[data-testid="review-view"]', "Pakistan's view");
  const bare = await stack.newPage("bare link after restart");
  await bare.goto(`/review#${code}`);
  await reportShown(bare);
  await waitText(bare, '[data-testid="review-view"]', "Pakistan's view");

  assert.deepEqual([...desk.errors, ...tab.errors, ...page.errors, ...stranger.errors, ...bare.errors], [], "uncaught errors");
});
