// Replay, fork and compare in headless Chromium: the admin opens a played session's replay from
// the console, scrubs its timeline back to the start and forward, reads it as a delegation saw
// it (a read-only desk), forks it at an earlier moment, and compares sessions ticked in the
// console. Screenshots: replay-1280.png, replay-390.png, compare-1280.png.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startStack, waitText, apiCall } from "./harness.mjs";

let stack;
before(async () => {
  stack = await startStack({ name: "replay-e2e" });
});
after(() => stack?.stop());

/** A tab the page opened, collecting its uncaught errors as newPage's do. */
function watched(page, label) {
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(`${label}: ${e.message}`));
  return page;
}

const api = (path, body) => apiCall(stack.base, body ? "POST" : "GET", path, stack.adminToken, body);

test("a recorded session is replayed, forked and compared in the browser", async () => {
  // A session played a little: started, a statement, a phase advanced, then paused.
  const made = await api("/api/sessions", { scenario: "river-basin-accord", title: "Basin talks A" });
  const other = await api("/api/sessions", { scenario: "river-basin-accord", title: "Basin talks B" });
  const white = await stack.newPage("white");
  await white.goto(`/join#${made.facilitator_token}`);
  await white.getByTestId("dashboard").waitFor();
  await white.getByRole("button", { name: "Start", exact: true }).click();
  await waitText(white, '[data-testid="clock"]', "Round 1");
  const upr = made.seats.find((s) => s.role === "UPR" && s.seat === 0);
  const desk = await stack.newPage("upr");
  await desk.goto(`/join#${upr.join_code}`);
  await desk.getByTestId("desk").waitFor();

  const admin = await stack.newPage("admin");
  await admin.goto("/admin");
  await admin.getByLabel(/Admin token/).fill(stack.adminToken);
  await admin.getByTestId(`console-${made.session_id}`).waitFor();
  const [replay] = await Promise.all([
    admin.context().waitForEvent("page"),
    admin.getByRole("button", { name: "replay Basin talks A" }).click(),
  ]);
  watched(replay, "replay");
  await replay.getByTestId("replay").waitFor();
  await waitText(replay, '[data-testid="replay-at"]', "After event");
  const last = Number((await replay.getByTestId("replay-at").innerText()).match(/of (\d+)/)[1]);
  assert.ok(last >= 3, `the session has ${last} events`);
  await replay.getByTestId("dashboard").waitFor(); // the white cell's view by default

  // Back to the start: the lobby.
  await replay.getByTestId("replay-slider").focus();
  await replay.keyboard.press("Home");
  await waitText(replay, '[data-testid="replay-at"]', `After event 0 of ${last} · lobby`);
  // One step on, and as Upper Tessaro saw it: its desk, every action closed.
  await replay.getByRole("button", { name: "next event" }).click();
  await waitText(replay, '[data-testid="replay-at"]', `After event 1 of ${last}`);
  await replay.getByTestId("replay-role").selectOption("UPR");
  await replay.getByTestId("desk").waitFor();
  await replay.getByTestId("replay-slider").focus();
  await replay.keyboard.press("End");
  await waitText(replay, '[data-testid="replay-at"]', `After event ${last} of ${last} · round 1`);
  await replay.screenshot({ path: join(stack.artifacts, "replay-1280.png") });

  // Fork at event 2: a new session, in the console too.
  await replay.keyboard.press("Home");
  await replay.getByRole("button", { name: "next event" }).click();
  await replay.getByRole("button", { name: "next event" }).click();
  await waitText(replay, '[data-testid="replay-at"]', `After event 2 of ${last}`);
  await replay.getByTestId("fork-here").click();
  await waitText(replay, '[data-testid="fork-made"]', "made from event 2");
  const branch = (await replay.getByTestId("fork-made").innerText()).match(/Branch (\w+)/)[1];
  const phone = await stack.newPage("replay-phone", { width: 390, height: 800 });
  const f = await api(`/api/sessions/${made.session_id}/facilitators`, {});
  await phone.goto(`/replay?session=${made.session_id}#${f.facilitator_token}`);
  await waitText(phone, '[data-testid="replay-at"]', "After event");
  await phone.screenshot({ path: join(stack.artifacts, "replay-390.png") });

  // Compare the session, its branch and another, ticked in the console.
  await admin.getByRole("button", { name: "Refresh" }).click();
  await admin.getByTestId(`console-${branch}`).waitFor();
  for (const id of [made.session_id, branch, other.session_id]) {
    await admin.getByTestId(`console-${id}`).getByRole("checkbox").check();
  }
  const [compare] = await Promise.all([admin.context().waitForEvent("page"), admin.getByTestId("compare-picked").click()]);
  watched(compare, "compare");
  await compare.getByTestId("compare-table").waitFor();
  const table = await compare.getByTestId("compare-table").innerText();
  for (const title of ["Basin talks A", "Basin talks B", "(branch at 2)"]) assert.ok(table.includes(title), `${title} in the comparison`);
  await compare.screenshot({ path: join(stack.artifacts, "compare-1280.png"), fullPage: true });
  for (const p of [white, desk, admin, replay, phone, compare]) assert.deepEqual(p.errors, [], "uncaught errors");
});
