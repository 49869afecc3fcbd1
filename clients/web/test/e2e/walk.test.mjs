// The walk-through that found the misleading rules and desks, replayed in headless Chromium:
// three people at the Pakistan, Saudi Arabia and Turkey desks, bots in every other seat. The
// humans adopt a text in round 1; in round 2 the ballot says what is new, what is carried over
// and what silence does, and no text with fewer yes votes displaces theirs. Turkey goes
// offline mid-vote: its desk says so within 5 s, its vote waits, then goes out once. A join
// link opened in a tab that holds another seat switches the tab to the new seat.
//
// Environment: see harness.mjs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { EMOJI, bodyText, startStack, waitText, apiCall } from "./harness.mjs";

let stack, base, adminToken, ARTIFACTS;
before(async () => {
  stack = await startStack({ name: "web-walk" });
  ({ base, adminToken, artifacts: ARTIFACTS } = stack);
});
after(() => stack?.stop());

const HUMANS = ["PAK", "KSA", "TUR"];

const api = (method, path, token, body) => apiCall(base, method, path, token, body);

/** Every event of the session, as the white cell saw it. */
async function allEvents(id, token) {
  const out = [];
  for (let after = 0; after !== null; ) {
    const page = await api("GET", `/api/sessions/${id}/events?after=${after}`, token);
    out.push(...page.events);
    after = page.next_after;
  }
  return out;
}

async function clockText(white) {
  return white.locator('[data-testid="clock-controls"] [data-testid="clock"]').innerText();
}

async function advanceTo(white, round, phaseName) {
  for (let i = 0; i < 30; i++) {
    const clock = await clockText(white);
    if (clock.includes(`Round ${round}`) && clock.includes(phaseName)) return;
    await white.getByRole("button", { name: "Advance to next phase" }).click();
    await white.waitForFunction(
      (b) => document.querySelector('[data-testid="clock-controls"] [data-testid="clock"]')?.innerText.split("\n").slice(0, 2).join() !== b.split("\n").slice(0, 2).join(),
      clock,
    );
  }
  throw new Error(`could not reach round ${round} ${phaseName}`);
}

/** Tables a complete text from the desk's composer and returns its id. */
async function tableText(page, title, options) {
  await page.getByRole("button", { name: "Compose a new text" }).click();
  await page.locator("#compose-title").fill(title);
  for (const [issue, option] of Object.entries(options)) await page.locator(`#compose-${issue}`).selectOption(option);
  await page.getByRole("button", { name: "Table text" }).click();
  const row = page.locator('tr[data-testid^="draft-"]', { hasText: title });
  await row.waitFor();
  return (await row.getAttribute("data-testid")).slice("draft-".length);
}

async function voteYes(page, textId) {
  await page.getByTestId(`vote-${textId}`).getByRole("button", { name: "Yes", exact: true }).click();
  await waitText(page, `[data-testid="vote-${textId}"]`, "your vote: ✓ yes");
}

test("three people and bots: the adopted text stands, the ballot says what it does, offline is honest, a new link switches the tab", async () => {
  const created = await api("POST", "/api/sessions", adminToken, { scenario: "collective-security-pact", title: "Walk" });
  const id = created.session_id;
  const token = created.facilitator_token;
  const code = (role, seat = 0) => created.seats.find((s) => s.role === role && s.seat === seat).join_code;

  const white = await stack.newPage("white");
  await white.goto(`/join#${token}`);
  await white.getByTestId("dashboard").waitFor();
  const pages = {};
  for (const who of HUMANS) {
    pages[who] = await stack.newPage(who);
    await pages[who].goto(`/join#${code(who)}`);
    await pages[who].getByTestId("desk").waitFor();
  }
  const { PAK, KSA, TUR } = pages;
  await waitText(white, '[data-testid="seat-TUR"]', "browser");

  // Bots take the seats that cannot vote on the humans' text (Iran outside its membership, the
  // outside powers); Azerbaijan and Qatar stay empty (silent) until round 2.
  await api("POST", `/api/sessions/${id}/bots`, token, { roles: ["IRN", "IND", "USA", "CHN"] });
  await white.waitForFunction(() => document.querySelector('[data-testid="bot-seats"]')?.innerText.includes("China"));

  // --- round 1: the three humans adopt their text
  await white.getByRole("button", { name: "Start", exact: true }).click();
  await advanceTo(white, 1, "Plenary");
  const first = await tableText(PAK, "Three capitals", { M: "M3", C: "C2", F: "F2", T: "T2", S: "S2", P: "P2", N: "N2" });
  await advanceTo(white, 1, "Vote");
  for (const p of [PAK, KSA, TUR]) {
    await waitText(p, '[data-testid="ballot-silence"]', "your silence counts as abstaining");
    await voteYes(p, first);
  }
  await advanceTo(white, 2, "Brief");
  const round1 = (await allEvents(id, token)).filter((e) => e.event.voteClosed);
  assert.equal(round1.length, 1);
  const standing = round1[0].event.voteClosed.standingTextId;
  const standingYes = round1[0].event.voteClosed.tallies.find((t) => t.textId === standing)?.yes ?? 0;
  assert.equal(standing, first, `the humans' text is not the adopted one: ${round1[0].event.voteClosed.outcome}`);

  // Bots fill every other seat now, never a person's, and the dashboard lists them with a way out.
  await white.getByRole("button", { name: "Fill empty seats with bots" }).click();
  await white.waitForFunction(() => document.querySelector('[data-testid="bot-seats"]')?.innerText.includes("Qatar"));
  const botLine = await white.getByTestId("bot-seats").innerText();
  assert.ok(botLine.includes("Azerbaijan"), botLine);
  for (const name of ["Pakistan", "Saudi Arabia", "Turkey"]) assert.ok(!botLine.includes(name), `a bot sits at ${name}'s desk: ${botLine}`);
  await white.getByRole("button", { name: "remove the bot playing Qatar" }).waitFor();

  // --- round 2: a new text; the ballot names the standing text and what is carried over
  await advanceTo(white, 2, "Plenary");
  const second = await tableText(PAK, "Second thoughts", { M: "M3", C: "C3", F: "F2", T: "T2", S: "S2", P: "P2", N: "N2" });
  await advanceTo(white, 2, "Vote");
  await waitText(PAK, '[data-testid="standing-text"]', `Standing text: ${first}`);
  await PAK.locator(`[data-testid="vote-${first}"] [data-testid="ballot-age"][data-age="carried"]`).waitFor();
  await PAK.locator(`[data-testid="vote-${second}"] [data-testid="ballot-age"][data-age="new"]`).waitFor();
  await waitText(PAK, '[data-testid="ballot-silence"]', "which you have not voted on, your silence counts as abstaining");
  await waitText(PAK, '[data-testid="ballot-now"]', "If the vote closed now:");
  await PAK.screenshot({ path: join(ARTIFACTS, "web-walk-ballot.png"), fullPage: false });

  // Turkey's network goes: within 5 s its desk stops saying "live".
  await TUR.context().setOffline(true);
  const lost = Date.now();
  await TUR.locator('[data-testid="conn"]:not([data-phase="live"])').waitFor({ timeout: 5_000 });
  assert.ok(Date.now() - lost <= 5_000);
  // A vote cast meanwhile waits, in words, then goes out once the network is back.
  await TUR.getByTestId(`vote-${second}`).getByRole("button", { name: "Yes", exact: true }).click();
  await waitText(TUR, `[data-testid="vote-${second}"] [data-testid="waiting"]`, "offline");
  await TUR.context().setOffline(false);
  await TUR.locator('[data-testid="conn"][data-phase="live"]').waitFor({ timeout: 60_000 });
  await waitText(TUR, `[data-testid="vote-${second}"] [data-testid="sent"]`, "sent");
  await waitText(TUR, `[data-testid="vote-${second}"]`, "your vote: ✓ yes");
  for (const p of [PAK, KSA]) await voteYes(p, second);

  await advanceTo(white, 3, "Brief");
  const events = await allEvents(id, token);
  const turVotes = events.filter((e) => e.event.voteCast && e.event.actor === "TUR" && e.event.voteCast.textId === second);
  assert.equal(turVotes.length, 1, "Turkey's vote from the offline tab was applied more than once");
  // Silence never displaces the standing text, and no text with fewer yes votes does.
  const closed = events.filter((e) => e.event.voteClosed)[1].event.voteClosed;
  const after2 = closed.standingTextId;
  if (after2 !== first) {
    const yes = closed.tallies.find((t) => t.textId === after2)?.yes ?? 0;
    assert.ok(yes >= standingYes, `${after2} with ${yes} yes displaced ${first}, adopted with ${standingYes}: ${closed.outcome}`);
  }
  await waitText(PAK, '[data-testid="tally"]', closed.outcome.slice(0, 20));

  // The white cell removes a bot; the seat is free for a person.
  await white.getByRole("button", { name: "remove the bot playing Qatar" }).click();
  await white.waitForFunction(() => !document.querySelector('[data-testid="bot-seats"]')?.innerText.includes("Qatar"));
  await waitText(white, '[data-testid="seat-QAT"]', "free");

  // A join link opened in a tab that holds another seat switches the tab to it.
  await TUR.goto(`/join#${code("QAT")}`);
  await waitText(TUR, "h1", "Qatar");
  await TUR.getByTestId("desk").waitFor();
  assert.ok(!(await TUR.locator("h1").innerText()).includes("Turkey"));
  await TUR.screenshot({ path: join(ARTIFACTS, "web-walk-switched.png"), fullPage: false });

  for (const [k, p] of Object.entries({ ...pages, white })) assert.doesNotMatch(await bodyText(p), EMOJI, `${k}: an emoji in the page`);
  const errors = Object.values({ ...pages, white }).flatMap((p) => p.errors);
  assert.deepEqual(errors, [], "uncaught errors in the pages");
});
