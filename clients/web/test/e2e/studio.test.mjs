// The scenario studio end to end in Debian's headless Chromium: an author starts from a
// template, sees the server's weight-sum problem at the grid's field, fixes it, sees the
// analysis change, imports injects from a spreadsheet (a bad row named by row and column),
// publishes, creates a session in one click, and a delegation's desk of that session shows
// the brief written in the studio. Screenshots at 1280×720 and 390 px go to PARLEY_ARTIFACTS_DIR.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { EMOJI, bodyText, startStack, waitText, apiCall } from "./harness.mjs";

let stack;
before(async () => {
  stack = await startStack({ name: "studio-e2e" });
});
after(() => stack?.stop());

const status = (page) => page.getByTestId("studio-status").innerText();

async function waitValid(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="studio-status"]')?.textContent ?? "";
    return s.includes("✓ valid") && !s.includes("checking");
  });
}

test("an author writes, checks, publishes and plays a scenario from the studio", async () => {
  const page = await stack.newPage("author");
  await page.goto("/admin");
  await page.getByTestId("studio-link").click();
  await page.getByLabel("Admin token").fill(stack.adminToken);
  await page.getByRole("button", { name: "Open the studio" }).click();
  await page.getByTestId("library").waitFor();
  await waitText(page, '[data-testid="library"]', "collective-security-pact");

  await page.getByTestId("template-bilateral").click();
  await page.getByTestId("scenario-id").waitFor();
  await waitValid(page);
  await page.getByTestId("scenario-id").fill("studio-case");
  await page.getByTestId("scenario-title").fill("A case written in the studio");

  await page.getByTestId("tab-roles").click();
  const brief = "Northland's brief, written in the studio for this test.";
  await page.getByTestId("private-brief-NORTH").fill(brief);

  // A weight that breaks the sum: the server's problem shows at the sum under NORTH's column.
  await page.getByTestId("tab-preferences").click();
  await waitValid(page);
  const acceptableBefore = await page.getByTestId("acceptable").innerText();
  await page.getByTestId("weight-NORTH-ACC").fill("75");
  await waitText(page, '[data-testid="weight-sum-NORTH"]', "sum is 105, must be 100");
  assert.match(await page.getByTestId("weight-sum-NORTH").innerText(), /105/);
  assert.match(await status(page), /1 problem/);
  assert.equal(await page.getByTestId("save").isDisabled(), true, "an invalid scenario cannot be saved");
  await page.screenshot({ path: join(stack.artifacts, "studio-problem.png") });

  // Fixed; then a higher BATNA for NORTH narrows the zone of agreement, and the analysis says so.
  await page.getByTestId("weight-NORTH-ACC").fill("70");
  await waitValid(page);
  assert.doesNotMatch(await page.getByTestId("weight-sum-NORTH").innerText(), /must be 100/);
  // A decimal typed key by key stays as typed (the field holds "45." while it is being typed).
  await page.getByTestId("batna-SOUTH").fill("");
  await page.getByTestId("batna-SOUTH").pressSequentially("45.5");
  assert.equal(await page.getByTestId("batna-SOUTH").inputValue(), "45.5");
  await page.getByTestId("batna-NORTH").fill("69");
  await waitValid(page);
  await page.waitForFunction((before) => document.querySelector('[data-testid="acceptable"]')?.textContent !== before, acceptableBefore);
  assert.notEqual(await page.getByTestId("acceptable").innerText(), acceptableBefore);
  await page.getByTestId("rehearsal").locator('[data-testid="in-force"]').waitFor();

  // Injects from a spreadsheet: a bad row is named by row and column, a good file replaces the list.
  await page.getByTestId("tab-injects").click();
  await page.getByTestId("import-csv").setInputFiles({
    name: "msel.csv", mimeType: "text/csv",
    buffer: Buffer.from("number,round,phase,title,text,kind\nopening,1,talks,Talks open,The chair opens the talks.,news\nbad,x,talks,Bad,Bad row.,news\n"),
  });
  await waitText(page, '[data-testid="csv-error"]', "row 3, column round");
  await page.getByTestId("import-csv").setInputFiles({
    name: "msel.csv", mimeType: "text/csv",
    buffer: Buffer.from("number,round,phase,title,text,kind\nopening,1,talks,Talks open,The chair opens the talks.,news\nreport,,,Market report,Demand rises.,held\n"),
  });
  await waitText(page, "main", "2 injects read from msel.csv");
  await waitValid(page);

  // The author keeps model-played seats from the participants' view.
  await page.getByTestId("tab-general").click();
  await page.getByTestId("hide-model-seats").check();
  await waitValid(page);

  // A named outcome: a role the scenario does not have is refused at its field; fixed, it is valid.
  await page.getByTestId("tab-outcomes").click();
  await page.getByTestId("add-outcome").click();
  const outcome = page.getByTestId("outcome-0");
  await outcome.getByTestId("outcome-id").fill("north-deal");
  await outcome.getByTestId("outcome-name").fill("North gets its deal");
  await outcome.getByTestId("condition-signed").fill("NORTH, WEST");
  await waitText(page, '[data-testid="outcome-0"] .field-problems', "unknown role 'WEST'");
  await outcome.getByTestId("condition-signed").fill("NORTH");
  await waitValid(page);
  await page.screenshot({ path: join(stack.artifacts, "studio-outcomes.png"), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("outcome-0").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(stack.artifacts, "studio-outcomes-390.png"), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByTestId("publish").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="studio-status"]')?.textContent?.includes("version 1 (published)"));
  const published = await (await fetch(`${stack.base}/api/scenarios/studio-case?format=textproto&version=1`, {
    headers: { Authorization: `Bearer ${stack.adminToken}` },
  })).text();
  assert.match(published, /hide_model_seats: true/);
  assert.match(published, /outcomes \{\s*id: "north-deal"\s*name: "North gets its deal"/);
  await page.screenshot({ path: join(stack.artifacts, "studio-1280.png"), fullPage: false });

  await page.getByTestId("create-session").click();
  await page.getByTestId("studio-created").waitFor();
  const seatLink = await page.getByTestId("studio-link-NORTH").locator("input").inputValue();

  const desk = await stack.newPage("north");
  await desk.goto(seatLink);
  await waitText(desk, "body", brief);
  assert.ok((await bodyText(desk)).includes("A case written in the studio"));

  // Another session's link pasted into the same tab (only the fragment changes): the tab switches to it.
  const other = await apiCall(stack.base, "POST", "/api/sessions", stack.adminToken, { scenario: "river-basin-accord", title: "Another table" });
  const midCode = other.seats.find((x) => x.role === "MID" && x.seat === 0).join_code;
  await desk.evaluate((url) => { location.href = url; }, `${stack.base}/join#${midCode}`);
  await waitText(desk, "body", "Another table");
  assert.ok(!(await bodyText(desk)).includes(brief), "the old session's brief is gone");

  // The network goes away without a close: within 5 s the desk stops saying "live", and comes back after.
  await desk.locator('[data-testid="conn"][data-phase="live"]').waitFor();
  await desk.context().setOffline(true);
  const lost = Date.now();
  await desk.locator('[data-testid="conn"][data-phase="reconnecting"]').waitFor({ timeout: 10_000 });
  assert.ok(Date.now() - lost <= 5_500, `the desk said "live" for ${Date.now() - lost} ms after the network went away`);
  await desk.context().setOffline(false);
  await desk.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 20_000 });

  // The library lists it as published, from any page load.
  const listed = await (await fetch(`${stack.base}/api/scenarios`)).json();
  assert.ok(listed.scenarios.some((s) => s.id === "studio-case" && s.version === 1 && s.origin === "library"));

  // The multi-party template on a wide screen: the grid, the analysis and the rehearsal side by side.
  await page.getByRole("button", { name: "Start another" }).click();
  await page.getByTestId("template-treaty").click();
  await waitValid(page);
  // Its injects go out to a spreadsheet and come back the same, crises with two-word attackers included.
  await page.getByTestId("tab-injects").click();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const exported = await readFile(await csv.path(), "utf8");
  assert.match(exported, /attacker=armed group/);
  await page.getByTestId("import-csv").setInputFiles({ name: "round-trip.csv", mimeType: "text/csv", buffer: Buffer.from(exported) });
  await waitText(page, "main", "2 injects read from round-trip.csv");
  await waitValid(page);
  await page.getByTestId("tab-preferences").click();
  await page.getByTestId("rehearsal").locator('[data-testid="in-force"]').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(stack.artifacts, "studio-grid-1280.png") });

  const phone = await stack.newPage("phone", { width: 390, height: 844 });
  await phone.goto("/studio");
  await phone.getByLabel("Admin token").fill(stack.adminToken);
  await phone.getByRole("button", { name: "Open the studio" }).click();
  await waitText(phone, '[data-testid="library"]', "studio-case");
  await phone.getByTestId("template-treaty").click();
  await waitValid(phone);
  await phone.getByTestId("tab-preferences").click();
  await phone.screenshot({ path: join(stack.artifacts, "studio-390.png"), fullPage: true });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow} px at 390 px (only the grid may)`);

  for (const p of [page, desk, phone]) {
    assert.deepEqual(p.errors, []);
    assert.doesNotMatch(await bodyText(p), EMOJI);
  }
});
