// The console on /admin in headless Chromium: the admin lists every session, finds one by its
// title, opens its dashboard in a new tab, and deletes a session made by mistake after typing
// its title; a running session refuses to be deleted, with the reason. Screenshot:
// console-1280.png.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startStack, waitText } from "./harness.mjs";

let stack;
before(async () => {
  stack = await startStack({ name: "console-e2e" });
});
after(() => stack?.stop());

async function create(page, title, before = "") {
  await page.getByLabel("Session title").fill(title);
  await page.getByRole("button", { name: "Create session" }).click();
  await page.waitForFunction((b) => {
    const h = document.querySelector('[data-testid="created"] h2')?.textContent ?? "";
    return h.startsWith("Session ") && h !== `Session ${b}`;
  }, before);
  return (await page.locator('[data-testid="created"] h2').innerText()).replace("Session ", "").trim();
}

test("the console lists, opens and deletes sessions", async () => {
  const page = await stack.newPage("admin");
  await page.goto("/admin");
  await page.getByLabel(/Admin token/).fill(stack.adminToken);
  const mistake = await create(page, "Made by mistake");
  const seminar = await create(page, "Seminar group B", mistake);
  await page.getByTestId(`console-${mistake}`).waitFor();
  await page.getByTestId(`console-${seminar}`).waitFor();

  // Search by title.
  await page.getByLabel("Search").fill("seminar");
  await page.locator(`[data-testid="console-${mistake}"]`).waitFor({ state: "detached" });
  await page.getByLabel("Search").fill("");
  await page.getByTestId(`console-${mistake}`).waitFor();

  // Its dashboard opens in a new tab, with a facilitator link minted for it; starting it there
  // shows on the console as running, and a running session is not deleted.
  const [dash] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("button", { name: "open the dashboard of Seminar group B" }).click(),
  ]);
  await dash.getByTestId("dashboard").waitFor();
  await dash.getByRole("button", { name: "Start", exact: true }).click();
  await waitText(dash, '[data-testid="clock-controls"] [data-testid="clock"]', "Round 1");
  await page.getByRole("button", { name: "Refresh" }).click();
  await waitText(page, `[data-testid="console-${seminar}"] [data-testid="console-state"]`, "running");
  const row = page.getByTestId(`console-${seminar}`);
  await row.getByRole("button", { name: "delete Seminar group B" }).click();
  await row.getByRole("textbox").fill("Seminar group B");
  await row.getByRole("button", { name: "Delete for good" }).click();
  await waitText(page, `[data-testid="console-${seminar}"] .refusal`, "end it before deleting it");

  // The mistake goes, once its title is typed.
  const gone = page.getByTestId(`console-${mistake}`);
  await gone.getByRole("button", { name: "delete Made by mistake" }).click();
  assert.ok(await gone.getByRole("button", { name: "Delete for good" }).isDisabled(), "deleting without typing the title");
  await gone.getByRole("textbox").fill("Made by mistake");
  await gone.getByRole("button", { name: "Delete for good" }).click();
  await gone.waitFor({ state: "detached" });
  await page.screenshot({ path: join(stack.artifacts, "console-1280.png"), fullPage: true });
  assert.deepEqual(page.errors, [], "uncaught errors in the admin page");
});
