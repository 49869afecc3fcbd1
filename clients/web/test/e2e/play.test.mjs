// End to end in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core;
// no browser download): the white cell creates a session on the admin page, three delegations
// and the projector join by link in separate browser contexts, and they play a round through
// the UI (table, amend, vote, sign). Private messages stay private; a refusal shows its reason;
// after kill -9 and a restart every page says it is reconnecting, then resumes with nothing
// duplicated or missing. Screenshots go to PARLEY_ARTIFACTS_DIR.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { EMOJI, bodyText, startStack, waitText } from "./harness.mjs";

let stack, base, adminToken, ARTIFACTS;
before(async () => {
  stack = await startStack({ name: "web-e2e" });
  ({ base, adminToken, artifacts: ARTIFACTS } = stack);
});
after(() => stack?.stop());

const newPage = (label, viewport) => stack.newPage(label, viewport);
const ids = (page, selector, attr) => page.$$eval(selector, (els, a) => els.map((e) => e.getAttribute(a)), attr);

async function snapshotLists(page) {
  return {
    messages: await ids(page, '[data-testid="message"]', "data-msg-id"),
    statements: await ids(page, '[data-testid="statement"]', "data-seq"),
    drafts: await ids(page, 'tr[data-testid^="draft-"]', "data-testid"),
    news: await ids(page, '[data-testid^="news-"]', "data-testid"),
    tallies: (await page.$$('[data-testid="tally"]')).length,
    signatures: (await page.$$('[data-testid="signature"]')).length,
  };
}

async function advanceTo(white, round, phaseName) {
  const want = `Round ${round}`;
  for (let i = 0; i < 20; i++) {
    const clock = await white.locator('[data-testid="clock-controls"] [data-testid="clock"]').innerText();
    if (clock.includes(want) && clock.includes(phaseName)) return;
    const before = clock;
    await white.getByRole("button", { name: "Advance to next phase" }).click();
    await white.waitForFunction(
      (b) => document.querySelector('[data-testid="clock-controls"] [data-testid="clock"]')?.innerText.split("\n").slice(0, 2).join() !== b.split("\n").slice(0, 2).join(),
      before,
    );
  }
  throw new Error(`could not reach ${want} ${phaseName}`);
}

test("a round played through the browser, private talk, a refusal, and a restart", async () => {
  // --- the facilitator creates the session on the admin page
  const white = await newPage("white");
  await white.goto("/admin");
  await white.getByLabel("Admin token").fill(adminToken);
  await white.getByLabel("Session title").fill("Browser e2e");
  await white.getByRole("button", { name: "Create session" }).click();
  await white.getByTestId("created").waitFor();
  const link = (id) => white.getByTestId(id).locator("input").inputValue();
  const links = {
    white: await link("link-facilitator"),
    observer: await link("link-observer"),
    PAK: await link("link-PAK-0"),
    KSA: await link("link-KSA-0"),
    TUR: await link("link-TUR-0"),
  };
  for (const l of Object.values(links)) assert.match(l, new RegExp(`^${base}/join#[0-9a-f]+$`));
  // Each seat also has a short code to read aloud: three groups of four.
  const spoken = await white.getByTestId("link-KSA-1").getByTestId("short-code").innerText();
  assert.match(spoken, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await white.getByTestId("open-dashboard").click();
  await white.getByTestId("dashboard").waitFor();
  await white.locator('[data-testid="conn"][data-phase="live"]').waitFor();

  const pages = { white };
  for (const who of ["PAK", "KSA", "TUR"]) {
    pages[who] = await newPage(who);
    await pages[who].goto(links[who]);
    await pages[who].getByTestId("desk").waitFor();
  }
  pages.observer = await newPage("observer");
  await pages.observer.goto(links.observer);
  await pages.observer.getByTestId("projector").waitFor();
  const { PAK, KSA, TUR, observer } = pages;
  assert.equal(new URL(PAK.url()).hash, "", "the code leaves the address bar");

  // The seats board sees the three heads connected from browsers.
  await waitText(white, '[data-testid="seat-PAK"]', "person · browser");
  // The session's title names the window and the pages; the clock reads cleanly in the lobby.
  assert.equal(await PAK.title(), "Browser e2e · Pakistan — Parley");
  assert.equal(await observer.title(), "Browser e2e — Parley");
  await waitText(observer, "h1", "Browser e2e");
  assert.equal((await PAK.getByTestId("clock").innerText()).replace(/\s+/g, " "), "Lobby not started");

  // --- start; private message PAK -> KSA in the brief
  await white.getByRole("button", { name: "Start", exact: true }).click();
  await waitText(PAK, '[data-testid="phase"]', "Brief");
  const secret = "Rotation if you fund the pot - " + randomBytes(4).toString("hex");
  await PAK.locator("#msg-to").selectOption("KSA");
  await PAK.locator("#msg-text").fill(secret);
  await PAK.getByRole("button", { name: "Send privately" }).click();
  await waitText(PAK, '[data-testid="message"]', secret);
  await waitText(KSA, '[data-testid="message"]', secret);
  await waitText(white, '[data-testid="message"]', secret); // the white cell sees all

  // --- plenary: table, amend, a refused amendment, a statement
  await advanceTo(white, 1, "Plenary");
  await waitText(PAK, '[data-testid="phase"]', "Plenary");
  await PAK.getByRole("button", { name: "Compose a new text" }).click();
  const text1 = { M: "M3", C: "C2", F: "F4", T: "T2", S: "S3", P: "P2", N: "N2" };
  await PAK.locator("#compose-title").fill("Islamabad draft");
  for (const [issue, option] of Object.entries(text1)) await PAK.locator(`#compose-${issue}`).selectOption(option);
  await PAK.getByRole("button", { name: "Table text" }).click();
  await KSA.getByTestId("draft-DR1").waitFor();
  await waitText(KSA, '[data-testid="draft-DR1"]', "Core bloc"); // option labels, not ids
  await waitText(KSA, '[data-testid="draft-DR1"] [data-testid="utility"]', "BATNA");

  await KSA.getByRole("button", { name: "amend DR1" }).click();
  await KSA.locator("#amend-C").selectOption("C3");
  await KSA.locator("#amend-title").fill("Council command");
  await KSA.getByRole("button", { name: "Table amendment" }).click();
  await TUR.getByTestId("draft-DR2").waitFor();
  await waitText(TUR, '[data-testid="draft-DR2"]', "amends DR1");
  await waitText(TUR, '[data-testid="draft-DR2"]', "Joint council");

  // An amendment that changes nothing is refused, with the server's reason next to the form.
  await TUR.getByRole("button", { name: "amend DR1" }).click();
  await TUR.getByRole("button", { name: "Table amendment" }).click();
  await waitText(TUR, '[data-testid="amend-form"] [data-testid="refusal"]', "changes nothing");

  await TUR.locator("#stmt-text").fill("Turkey supports a council.");
  await TUR.getByRole("button", { name: "Make statement" }).click();
  await waitText(observer, '[data-testid="statement"]', "Turkey supports a council.");

  // --- the white cell rules for everyone and keeps a note for itself alone
  const ruling = "The chair rules that the ceasefire map stands.";
  await white.locator("#ruling-text").fill(ruling);
  await white.getByRole("button", { name: "Issue ruling" }).click();
  await waitText(PAK, '[data-testid="news"]', ruling);
  await waitText(observer, '[data-testid="news"]', ruling);
  const note = "Turkey pushes a council; watch Riyadh";
  await white.locator("#note-text").fill(note);
  await white.getByRole("button", { name: "Keep note" }).click();
  await waitText(white, '[data-testid="note"]', note);

  // --- vote
  await advanceTo(white, 1, "Vote");
  for (const p of [PAK, KSA, TUR]) {
    await waitText(p, '[data-testid="phase"]', "Vote");
    await waitText(p, '[data-testid="vote-DR2"] [data-testid="utility"]', "BATNA"); // each text's utility, where the vote is cast
    await p.getByTestId("vote-DR2").getByRole("button", { name: "Yes", exact: true }).click();
    await waitText(p, '[data-testid="vote-DR2"]', "your vote: ✓ yes");
  }
  await waitText(white, '[data-testid="draft-DR2"]', "TUR ✓ yes");
  await advanceTo(white, 2, "Brief");
  await waitText(observer, '[data-testid="tally"]', "DR2 is adopted with");
  // Silence is visible: the roll call names who did not vote, and the rule says what it counted as.
  await waitText(observer, '[data-testid="roll-call"]', "did not vote");
  await waitText(observer, '[data-testid="tally"]', "did not vote and count as abstaining");
  await waitText(PAK, '[data-testid="adoption-rule"]', "a delegation that does not vote counts as abstaining");
  await waitText(PAK, '[data-testid="draft-DR2"]', "adopted");

  // --- on to the signature phase of the last round, and sign
  await advanceTo(white, 4, "Signature");
  for (const p of [PAK, KSA, TUR]) {
    await p.getByTestId("sign-panel").waitFor();
    await waitText(p, '[data-testid="sign-panel"] [data-testid="clauses"]', "Joint council"); // what is being signed
    await p.getByRole("button", { name: "Sign the treaty" }).click();
    // Nothing is sent until the delegation confirms, having read what it commits to.
    await waitText(p, '[data-testid="confirm"]', "cannot be undone");
    await p.getByRole("button", { name: "Yes, sign" }).click();
    await waitText(p, '[data-testid="sign-panel"]', "You have signed");
  }
  await waitText(observer, '[data-testid="signatures"]', "Turkey ✓ signed");
  // An inject changed Pakistan's preferences: its desk says so, with the values before and after.
  await waitText(PAK, '[data-testid="profile-change"]', "→");
  await waitText(PAK, '[data-testid="news"]', "Your profile changed after");
  // The projector lists the parties at the table only, and its drafts fit a 1280 px screen.
  assert.ok(!(await observer.getByTestId("at-table").innerText()).includes("White cell"));
  const spill = await observer.evaluate(() => { const w = document.querySelector(".drafts-wrap"); return w.scrollWidth - w.clientWidth; });
  assert.ok(spill <= 1, `the projector's drafts table overflows by ${spill} px at 1280 px`);

  // --- privacy: the secret never reached TUR or the projector
  for (const p of [TUR, observer]) assert.ok(!(await bodyText(p)).includes(secret), "a private message leaked into another page");
  for (const p of [PAK, KSA, TUR, observer]) assert.ok(!(await bodyText(p)).includes(note), "the white cell's note reached a player");

  // --- kill -9 and restart: reconnecting, then resumed with no duplicate and nothing missing
  const watched = { PAK, KSA, TUR, observer, white };
  const before = {};
  for (const [k, p] of Object.entries(watched)) before[k] = await snapshotLists(p);
  assert.deepEqual(before.PAK.messages, before.KSA.messages);
  assert.equal(before.TUR.messages.length, 0);

  await stack.stopServer("SIGKILL");
  for (const p of Object.values(watched)) {
    await p.locator('[data-testid="conn"][data-phase="reconnecting"]').waitFor();
    await waitText(p, '[data-testid="conn"]', "reconnecting");
  }
  // A message written while the server is down waits, then goes exactly once.
  const late = "Sent during the outage " + randomBytes(3).toString("hex");
  await PAK.locator("#msg-to").selectOption("KSA");
  await PAK.locator("#msg-text").fill(late);
  await PAK.getByRole("button", { name: "Send privately" }).click();
  await waitText(PAK, '[data-testid="conn"]', "waiting to send");

  await stack.startServer();
  for (const p of Object.values(watched)) await p.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 60_000 });
  await waitText(KSA, '[data-testid="message"]', late);
  await waitText(PAK, '[data-testid="message"]', late);

  for (const [k, p] of Object.entries(watched)) {
    const now = await snapshotLists(p);
    const extra = k === "PAK" || k === "KSA" || k === "white" ? 1 : 0;
    assert.equal(new Set(now.messages).size, now.messages.length, `${k}: duplicate messages after the restart`);
    assert.equal(now.messages.length, before[k].messages.length + extra, `${k}: messages after the restart`);
    assert.deepEqual(now.messages.slice(0, before[k].messages.length), before[k].messages, `${k}: messages kept in order`);
    assert.deepEqual(now.statements, before[k].statements, `${k}: statements`);
    assert.deepEqual(now.drafts, before[k].drafts, `${k}: drafts`);
    assert.deepEqual(now.news, before[k].news, `${k}: news`);
    assert.equal(now.tallies, before[k].tallies, `${k}: tallies`);
    assert.equal(now.signatures, before[k].signatures, `${k}: signatures`);
  }
  assert.ok(!(await bodyText(TUR)).includes(late));
  assert.ok(!(await bodyText(observer)).includes(late));

  // A reload keeps the seat (the code lives in the tab's storage) and shows the same record.
  await KSA.reload();
  await KSA.getByTestId("desk").waitFor();
  await waitText(KSA, '[data-testid="message"]', late);
  await waitText(KSA, '[data-testid="statement"]', "Turkey supports a council.");
  await waitText(KSA, '[data-testid="news"]', "Your profile changed after"); // rebuilt from history
  const reloaded = await snapshotLists(KSA);
  assert.deepEqual(reloaded.messages, (await snapshotLists(PAK)).messages);

  // --- signature closes with the treaty in force; the stress test opens its first crisis
  await white.getByRole("button", { name: "Advance to next phase" }).click();
  await waitText(observer, '[data-testid="closure"]', "✓ in force");
  await PAK.getByTestId("crisis-form").waitFor();
  await waitText(PAK, '[data-testid="allowed"]', "A crisis is open: respond");
  // One choice, not two boxes; no opt-out for a member without a conflicting commitment.
  assert.equal(await PAK.getByTestId("crisis-form").locator('input[type="radio"]').count(), 2);
  // The adopted text (DR2: joint council, voluntary cost-sharing, a qualified-majority trigger,
  // terrorism only) decides what is offered, and the panel says what the engine says: the
  // first crisis (state aggression) is outside the scope, so nobody is obliged, yet members
  // may commit, offer a contribution, nominate a lead and vote.
  await waitText(PAK, '[data-testid="crisis-scope"]', "Outside the treaty's scope (Threat scope: Terrorism)");
  await waitText(PAK, '[data-testid="crisis-obligation"]', "Nobody is obliged to commit");
  await waitText(PAK, '[data-testid="crisis-ask"]', "You are not obliged");
  await PAK.locator("#crisis-contrib").waitFor();
  await PAK.locator("#crisis-lead").waitFor();
  await PAK.getByRole("group", { name: "crisis vote" }).waitFor();
  assert.ok(!(await PAK.getByTestId("crisis-panel").innerText()).includes("You are obliged"), "the panel contradicts itself on the obligation");
  await PAK.getByTestId("crisis-form").getByRole("button", { name: "Send response" }).click();
  await waitText(PAK, '[data-testid="crisis-form"] [data-testid="confirm"]', "final for this crisis");
  await PAK.getByTestId("crisis-form").getByRole("button", { name: "Yes, send this response" }).click();
  await waitText(PAK, '[data-testid="crisis-panel"]', "Your response: ✓ committed");
  await waitText(white, '[data-testid="crisis-board"]', "Pakistan: ✓ commits");

  // At 1280 px the dashboard's analysis shows every column without scrolling sideways.
  await white.getByTestId("analysis-table").waitFor();
  const analysisSpill = await white.evaluate(() => { const w = document.querySelector(".analysis-wrap"); return w.scrollWidth - w.clientWidth; });
  assert.ok(analysisSpill <= 1, `the dashboard's analysis scrolls sideways at 1280 px by ${analysisSpill} px`);
  await TUR.screenshot({ path: join(ARTIFACTS, "web-desk.png"), fullPage: true });
  await white.screenshot({ path: join(ARTIFACTS, "web-dashboard.png"), fullPage: true });
  await observer.screenshot({ path: join(ARTIFACTS, "web-projector.png"), fullPage: true });

  // The desk at phone width.
  const phone = await newPage("phone", { width: 390, height: 844 });
  await phone.goto(links.TUR);
  await phone.getByTestId("desk").waitFor();
  await phone.screenshot({ path: join(ARTIFACTS, "web-desk-phone.png"), fullPage: false });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the desk scrolls sideways at 390 px by ${overflow} px`);
  // The drafts are cards that fit the width, and every section link is on screen (the menu wraps).
  const drafts = await phone.evaluate(() => { const w = document.querySelector(".drafts-wrap"); return w.scrollWidth - w.clientWidth; });
  assert.ok(drafts <= 1, `the drafts scroll sideways at 390 px by ${drafts} px`);
  const offscreen = await phone.$$eval(".secnav a", (as) => as.filter((a) => a.getBoundingClientRect().right > window.innerWidth + 1).map((a) => a.textContent));
  assert.deepEqual(offscreen, [], "section links off screen at 390 px");
  await phone.getByTestId("drafts-panel").scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(ARTIFACTS, "web-desk-phone-drafts.png"), fullPage: false });

  // A student types the short code off the projector, in lower case with spaces: the seat's desk.
  const student = await newPage("student");
  await student.goto("/");
  await student.getByLabel(/Your code/).fill(spoken.toLowerCase().replace(/-/g, " ") + ".");
  await student.getByRole("button", { name: "Join" }).click();
  await student.getByTestId("desk").waitFor();
  await waitText(student, "h1", "Saudi Arabia");

  // The front page takes a pasted link; an unknown code says so and stops.
  const stranger = await newPage("stranger");
  await stranger.goto("/");
  await stranger.getByLabel(/Your code/).fill(`${base}/join#00000000000000000000000000000000`);
  await stranger.getByRole("button", { name: "Join" }).click();
  await waitText(stranger, '[data-testid="invalid"]', "This code is not valid");

  // The white cell ends the session: the projector names the scenario's outcome the engine gave it.
  white.once("dialog", (d) => d.accept());
  await white.getByRole("button", { name: "End session" }).click();
  await observer.getByTestId("outcome-reached").waitFor();
  const reached = await observer.getByTestId("outcome-reached").innerText();
  const scenarioText = readFileSync(join(process.env.PARLEY_SCENARIOS_DIR, "collective-security-pact.textproto"), "utf8");
  const names = [...scenarioText.matchAll(/^outcomes \{\n  id: "[^"]+" name: "([^"]+)"/gm)].map((m) => m[1]);
  assert.ok(names.length >= 5, "the default scenario names its outcomes");
  assert.ok(names.concat(["Other"]).some((n) => reached.startsWith(`This table reached: ${n}`)), `the projector says: ${reached}`);
  await observer.screenshot({ path: join(ARTIFACTS, "web-projector-outcome.png"), fullPage: false });
  // On a phone the outcome stays on screen without sideways scrolling.
  const small = await newPage("projector-phone", { width: 390, height: 844 });
  await small.goto(links.observer);
  await small.getByTestId("outcome-reached").waitFor();
  const outcomeSpill = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(outcomeSpill <= 1, `the projector scrolls sideways at 390 px by ${outcomeSpill} px`);
  await small.screenshot({ path: join(ARTIFACTS, "web-projector-outcome-390.png"), fullPage: false });
  // The white cell's review says the same in its summary.
  const review = await newPage("review");
  await review.goto(`/review#${links.white.split("#")[1]}`);
  await review.waitForFunction(
    (t) => document.querySelector('[data-testid="review-frame"]')?.srcdoc?.includes(t),
    reached.split("\n")[0],
    { timeout: 60_000 },
  );
  await review.screenshot({ path: join(ARTIFACTS, "web-review-outcome.png"), fullPage: false });

  for (const [k, p] of Object.entries({ ...pages, phone })) assert.doesNotMatch(await bodyText(p), EMOJI, `${k}: an emoji in the page`);

  const errors = Object.values(pages).flatMap((p) => p.errors).concat(phone.errors, stranger.errors, student.errors, review.errors, small.errors);
  assert.deepEqual(errors, [], "uncaught errors in the pages");
});
