// Class mode in headless Chromium: an instructor makes a class of 4 tables from a 10-name roster
// on /admin, opens the cohort dashboard, prints the handout (PDF through Chromium's print, pages
// counted), two students join by short codes typed in capitals with spaces, bots fill the other
// head seats, the dashboard starts and advances every table and ends them, and the debrief
// across tables opens. Screenshots: cohort-1280.png, cohort-390.png, handout-a4.png,
// debrief-1280.png.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { bodyText, startStack, waitText } from "./harness.mjs";

let stack;
before(async () => {
  stack = await startStack({ name: "cohort-e2e" });
});
after(() => stack?.stop());

const ROSTER = [
  "name,group,role",
  "Ana Lima,,",
  "Ben Okafor,,",
  "Chen Wei,,",
  "Dana Cohen,,Midland",
  "Eli Park,,",
  "Fay Osei,,",
  "Gus Romero,,",
  "Hana Sato,,",
  "Ivo Novak,,",
  "Jo Reyes,,",
].join("\n");

/** The whole row of the handout CSV for a name. */
async function slip(id, token, name) {
  const res = await fetch(`${stack.base}/api/cohorts/${id}/handout?format=csv`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const line = (await res.text()).split("\n").find((l) => l.startsWith(`${name},`));
  const [, table, role, , link, short] = line.split(",");
  return { table: Number(table), role, link, short };
}

/** The number of pages in a PDF (its page objects). */
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

test("an instructor runs a class of four tables from a roster", async () => {
  const admin = await stack.newPage("admin");
  await admin.goto("/admin");
  await admin.getByLabel(/Admin token/).fill(stack.adminToken);
  await admin.getByLabel("Scenario", { exact: true }).first().waitFor();
  await admin.locator("#cohort-scenario").selectOption("river-basin-accord");
  await admin.getByLabel("Class title").fill("Politics 210");
  await admin.getByLabel("Tables").fill("4");
  await admin.getByLabel(/Class list/).fill(ROSTER);
  await admin.getByTestId("create-cohort").click();
  await waitText(admin, '[data-testid="cohort-created"]', "4 tables, 10 people, 6 seats for bots");
  const link = await admin.getByTestId("cohort-link").innerText();
  const token = link.slice(link.indexOf("#") + 1);
  const id = token.slice(0, token.indexOf("."));

  const board = await stack.newPage("cohort");
  // A class that does not exist says so, and does not keep saying "Loading…".
  const lost = await stack.newPage("lost");
  await lost.goto(`/cohort#${"0".repeat(16)}.${"0".repeat(32)}`);
  await lost.getByTestId("cohort-error").waitFor();
  assert.ok(!(await bodyText(lost)).includes("Loading"), "an unknown class still says Loading");
  await board.goto(`/cohort#${token}`);
  for (const t of [1, 2, 3, 4]) await board.getByTestId(`cohort-table-${t}`).waitFor();
  await waitText(board, '[data-testid="cohort-table-1"] [data-testid="table-seats"]', "0 of 3 joined, 0 online");

  // The handout, printed to PDF as a browser prints it: 10 slips, 8 to an A4 page.
  const [handout] = await Promise.all([board.context().waitForEvent("page"), board.getByTestId("handout-a4").click()]);
  await handout.waitForLoadState();
  await handout.getByText("Ana Lima").waitFor();
  assert.equal(await handout.locator("svg.qr").count(), 10, "a QR code on every slip");
  const pdf = await handout.pdf({ format: "A4", preferCSSPageSize: true });
  assert.equal(pageCount(pdf), 2, "10 slips print on two A4 pages");
  await handout.screenshot({ path: join(stack.artifacts, "handout-a4.png") });

  // Two students type their short codes in capitals with spaces on the front page.
  for (const name of ["Ana Lima", "Dana Cohen"]) {
    const s = await slip(id, token, name);
    const student = await stack.newPage(name, { width: 390, height: 800 });
    await student.goto("/");
    await student.getByLabel(/Your code/).fill(s.short.toUpperCase().replaceAll("-", " "));
    await student.getByRole("button", { name: "Join" }).click();
    await student.getByTestId("desk").waitFor();
    if (name === "Dana Cohen") assert.equal(s.role, "Midland", "a preference met");
    await waitText(board, `[data-testid="cohort-table-${s.table}"]`, `● ${name}`);
  }

  // Bots take the head seats nobody was given; then every table starts and advances.
  await board.getByTestId("bulk-bots").click();
  await waitText(board, '[data-testid="cohort-results"]', "Seat bots: 4 tables done");
  for (const t of [1, 2, 3, 4]) await waitText(board, `[data-testid="cohort-table-${t}"] [data-testid="table-seats"]`, "bots");
  await board.getByTestId("bulk-start").click();
  await waitText(board, '[data-testid="cohort-results"]', "Start: 4 tables done");
  for (const t of [1, 2, 3, 4]) await waitText(board, `[data-testid="cohort-table-${t}"] [data-testid="table-state"]`, "running");
  // Started, the tables whose people are missing say so.
  await waitText(board, '[data-testid="cohort-alerts"]', "no one has joined for");
  await board.getByTestId("bulk-advance").click();
  await waitText(board, '[data-testid="cohort-results"]', "Advance phase: 4 tables done");
  await board.screenshot({ path: join(stack.artifacts, "cohort-1280.png"), fullPage: true });
  const phone = await stack.newPage("cohort-phone", { width: 390, height: 800 });
  await phone.goto(`/cohort#${token}`);
  await phone.getByTestId("cohort-table-4").waitFor();
  await phone.screenshot({ path: join(stack.artifacts, "cohort-390.png"), fullPage: true });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the cohort dashboard scrolls sideways at 390 px by ${overflow} px`);

  // Table 2 alone ends, then the rest; the debrief compares them.
  board.on("dialog", (d) => d.accept());
  await board.getByTestId("cohort-table-2").getByRole("checkbox").check();
  await waitText(board, '[data-testid="cohort-scope"]', "1 chosen table");
  await board.getByRole("button", { name: "End" }).click();
  await waitText(board, '[data-testid="cohort-results"]', "End: 1 table done");
  await board.getByTestId("cohort-table-2").getByRole("checkbox").uncheck();
  await board.getByRole("button", { name: "End" }).click();
  await waitText(board, '[data-testid="cohort-results"]', "End: 3 tables done, 1 refused");
  const [debrief] = await Promise.all([board.context().waitForEvent("page"), board.getByTestId("open-debrief").click()]);
  await debrief.getByText("Each delegation against its BATNA").waitFor({ timeout: 120_000 });
  await debrief.getByText(/Your class beside \d+ bot games/).waitFor();
  await debrief.setViewportSize({ width: 1280, height: 720 });
  await debrief.screenshot({ path: join(stack.artifacts, "debrief-1280.png"), fullPage: true });
  for (const p of [admin, board, phone]) assert.deepEqual(p.errors, [], "uncaught errors");
});
