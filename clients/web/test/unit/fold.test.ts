import assert from "node:assert/strict";
import { test } from "node:test";
import { SessionStatus, VoteChoice, type Event } from "../../src/protocol/schema";
import { applyEvent, applyEvents, applySnapshot, emptyView, mergeHistory, messageTime, type SeqEvent, type TimedMessage } from "../../src/state/fold";
import { ev, initialState, msg, scenario, statement, tabled } from "./fixtures";

function numbered(events: Event[], from = 1): SeqEvent[] {
  return events.map((event, i) => ({ seq: from + i, event }));
}

const script: Event[] = [
  ev("A", { case: "seatClaimed", value: {} }),
  ev("W", { case: "sessionStarted", value: {} }),
  ev("", { case: "phaseStarted", value: { round: 1, phaseIndex: 0, phase: "talk", deadlineMs: 5000n } }),
  ev("", { case: "injectReleased", value: { injectId: "news1", title: "Headline", text: "Something happened" } }),
  msg("m1", "A", "B", "hello B"),
  statement("B", "we stand firm"),
  tabled("A", "T1", { X: "X1", Y: "Y1" }),
  tabled("B", "T2", { X: "X2", Y: "Y1" }, "T1"),
  ev("C", { case: "textCosponsored", value: { textId: "T1" } }),
  msg("m2", "B", "A", "hi A"),
  ev("", { case: "phaseStarted", value: { round: 1, phaseIndex: 1, phase: "vote", deadlineMs: 9000n } }, 1, "vote"),
  ev("A", { case: "voteCast", value: { textId: "T1", choice: VoteChoice.YES } }, 1, "vote"),
  ev("B", { case: "voteCast", value: { textId: "T1", choice: VoteChoice.NO } }, 1, "vote"),
  ev("", { case: "voteClosed", value: { adoptedTextId: "", standingTextId: "T0", outcome: "No text passed; T0 stands, adopted with 3 yes votes.", tallies: [{ textId: "T1", yes: 1, no: 1, voters: 3 }] } }, 1, "vote"),
];

function fresh() {
  return applySnapshot(emptyView(), 0, initialState());
}

test("a snapshot then events fold into the engine's shape of state and the logs", () => {
  const v = applyEvents(fresh(), scenario, numbered(script));
  assert.equal(v.seq, script.length);
  const s = v.state;
  assert.equal(s.status, SessionStatus.RUNNING);
  assert.equal(s.round, 1);
  assert.equal(s.phase, "vote");
  assert.equal(s.phaseIndex, 1);
  assert.deepEqual(s.roles[0].seatsClaimed, [0]);
  assert.deepEqual(s.releasedInjects, ["news1"]);
  assert.deepEqual(s.messages.map((m) => [m.messageId, m.from, m.to]), [["m1", "A", "B"], ["m2", "B", "A"]]);
  assert.deepEqual(s.texts.map((t) => [t.textId, t.author, t.parentId]), [["T1", "A", ""], ["T2", "B", "T1"]]);
  assert.deepEqual(s.texts[0].cosponsors, ["C"]);
  assert.deepEqual(s.texts[0].votes, {}, "votes are cleared when the vote closes");
  assert.equal(v.logs.statements.length, 1);
  assert.equal(v.logs.statements[0].text, "we stand firm");
  assert.equal(v.logs.news.length, 1);
  assert.equal(v.logs.votes.length, 1);
  assert.equal(v.logs.votes[0].tallies[0].no, 1);
  assert.equal(v.logs.votes[0].standing, "T0", "an earlier text that stands is shown as standing");
  assert.equal(v.logs.votes[0].outcome, "No text passed; T0 stands, adopted with 3 yes votes.");
  assert.ok(messageTime(s.messages[0]) > 0);
});

test("events one at a time give the same state as one batch", () => {
  let one = fresh();
  for (const { seq, event } of numbered(script)) one = applyEvent(one, scenario, seq, event);
  const batch = applyEvents(fresh(), scenario, numbered(script));
  assert.deepEqual(one.state, batch.state);
  assert.deepEqual(one.logs, batch.logs);
});

test("a resume that replays events the page has adds nothing", () => {
  const all = numbered(script);
  const first = applyEvents(fresh(), scenario, all.slice(0, 10));
  // The reconnect resumes from seq 7 (as if an ack raced a drop): 7..14 arrive again.
  const resumed = applyEvents(first, scenario, all.slice(6));
  const once = applyEvents(fresh(), scenario, all);
  assert.deepEqual(resumed.state, once.state);
  assert.deepEqual(resumed.logs, once.logs);
  assert.equal(resumed.state.messages.length, 2);
  assert.equal(resumed.logs.statements.length, 1);
});

test("the same event twice, or an older seq, is ignored and returns the same object", () => {
  const v = applyEvents(fresh(), scenario, numbered(script.slice(0, 6)));
  assert.equal(applyEvent(v, scenario, 5, script[4]), v);
  assert.equal(applyEvent(v, scenario, 6, script[5]), v);
});

test("an earlier state object is never changed by later events", () => {
  const v1 = applyEvents(fresh(), scenario, numbered(script.slice(0, 5)));
  const before = JSON.stringify(v1, (_, x) => (typeof x === "bigint" ? x.toString() : x));
  applyEvents(v1, scenario, numbered(script.slice(5), 6));
  assert.equal(JSON.stringify(v1, (_, x) => (typeof x === "bigint" ? x.toString() : x)), before);
});

test("history fills the logs a snapshot left out, without duplicates, in seq order", () => {
  const all = numbered(script);
  const full = applyEvents(fresh(), scenario, all);
  // A fresh client: snapshot at seq 10 (the engine's state then), live events 11..14.
  const folded = applyEvents(fresh(), scenario, all.slice(0, 10)).state;
  // The server's snapshot has no message times.
  const snapState = { ...folded, messages: folded.messages.map((m) => { const c = { ...m } as TimedMessage; delete c.atMs; return c; }) };
  let v = applySnapshot(emptyView(), 10, snapState);
  assert.deepEqual([v.gap?.after, v.gap?.upto], [0, 10]);
  v = applyEvents(v, scenario, all.slice(10));
  // History arrives late and holds everything, including events after the snapshot.
  v = mergeHistory(v, scenario, all);
  assert.equal(v.gap, null);
  assert.deepEqual(v.state, full.state);
  assert.deepEqual(v.logs.statements, full.logs.statements);
  assert.deepEqual(v.logs.news, full.logs.news);
  assert.deepEqual(v.logs.votes, full.logs.votes);
  assert.deepEqual(v.state.messages.map(messageTime), full.state.messages.map(messageTime), "history gives snapshot messages their time");
  // A second history (a retry) changes nothing.
  assert.equal(mergeHistory(v, scenario, all), v);
});

test("a snapshot on resume keeps earlier logs and asks only for the gap", () => {
  const all = numbered(script);
  let v = applyEvents(fresh(), scenario, all.slice(0, 6)); // has statement at seq 6
  const snap = applyEvents(fresh(), scenario, all.slice(0, 12)).state;
  v = applySnapshot(v, 12, snap);
  assert.deepEqual([v.gap?.after, v.gap?.upto], [6, 12]);
  v = mergeHistory(v, scenario, all.slice(6));
  assert.equal(v.logs.statements.length, 1);
  assert.equal(v.state.texts.length, 2);
});

test("profile changes apply to the own role like the engine does", () => {
  let v = fresh();
  v = applyEvent(v, scenario, 1, ev("", { case: "profileChanged", value: { role: "A", effects: [{ role: "A", weightShift: { fromIssue: "X", toIssue: "Y", amount: 100 } }] } }));
  assert.deepEqual(v.state.roles[0].weights, [0, 100], "a shift moves at most what the issue has");
  v = applyEvent(v, scenario, 2, ev("", { case: "profileChanged", value: { role: "A", effects: [{ role: "A", score: { option: "Y1", delta: 90 } }, { role: "A", batnaDelta: -50 }] } }));
  assert.equal(v.state.roles[0].scores[1].scores[0], 100, "scores are clamped to 100");
  assert.equal(v.state.roles[0].batna, 0, "BATNA is clamped to 0");
  // A role without weights in this view is left alone.
  v = applyEvent(v, scenario, 3, ev("", { case: "profileChanged", value: { role: "B", effects: [{ role: "B", batnaDelta: 5 }] } }));
  assert.equal(v.state.roles[1].batna, 0);
});

test("pledges reserve and settle budget; leaks mark the message", () => {
  let v = fresh();
  v = applyEvents(v, scenario, numbered([
    ev("A", { case: "pledgeMade", value: { pledgeId: "P1", to: "B", points: 4n, condition: 1 } }),
    ev("A", { case: "pledgeMade", value: { pledgeId: "P2", to: "C", points: 3n, condition: 1 } }),
    ev("", { case: "pledgeSettled", value: { pledgeId: "P1", from: "A", to: "B", points: 4n, paid: true } }),
    ev("", { case: "pledgeSettled", value: { pledgeId: "P2", from: "A", to: "C", points: 3n, paid: false } }),
    msg("m1", "A", "B", "secret"),
    ev("W", { case: "messageLeaked", value: { messageId: "m1", from: "A", to: "B", text: "secret" } }),
  ]));
  const a = v.state.roles[0];
  assert.equal(a.budget, 6n, "10 - 4 paid - 3 reserved + 3 returned");
  assert.equal(a.paid, 4n);
  assert.deepEqual(v.state.pledges.map((p) => [p.pledgeId, p.settled, p.paid]), [["P1", true, true], ["P2", true, false]]);
  assert.equal(v.state.messages[0].leaked, true);
  assert.equal(v.logs.news[0].kind, "leak");
});

test("signatures and the stress test", () => {
  let v = fresh();
  v = applyEvents(v, scenario, numbered([
    ev("A", { case: "treatySigned", value: { breaksRedLine: true } }),
    ev("B", { case: "treatyDeclined", value: {} }),
    ev("", { case: "signatureClosed", value: { textId: "T1", signatories: ["A"], inForce: false, reason: "too few" } }),
    ev("", { case: "crisisOpened", value: { injectId: "X1", title: "Crisis", inScope: true, deadlineMs: 77n } }),
    ev("A", { case: "crisisResponse", value: { injectId: "X1", response: { commit: true } } }),
    ev("", { case: "crisisResolved", value: { injectId: "X1", held: false, members: [{ role: "A", cost: 5, penalty: 2 }] } }),
  ]));
  assert.equal(v.state.roles[0].signature, 1);
  assert.equal(v.state.roles[0].signedRedLine, true);
  assert.equal(v.state.roles[1].signature, 2);
  assert.equal(v.state.signatureClosed, true);
  assert.equal(v.state.inForce, false);
  assert.equal(v.state.phase, "stress-test");
  assert.equal(v.state.crisis, undefined);
  assert.equal(v.state.crisisOutcomes.length, 1);
  assert.equal(v.state.roles[0].crisisCost, 5);
  assert.deepEqual(v.logs.signatures.map((s) => [s.actor, s.signed]), [["A", true], ["B", false]]);
  assert.equal(v.logs.closures.length, 1);
  assert.equal(v.logs.crises.length, 1);
});

test("5,000 events fold in well under a second", () => {
  const events: SeqEvent[] = [];
  for (let i = 1; i <= 5000; i++) events.push({ seq: i, event: i % 2 ? msg("m" + i, "A", "B", "x") : statement("A", "s" + i) });
  const t0 = performance.now();
  let v = fresh();
  for (const e of events) v = applyEvents(v, scenario, [e]); // the worst case: one event per render
  const ms = performance.now() - t0;
  assert.equal(v.state.messages.length, 2500);
  assert.equal(v.logs.statements.length, 2500);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

test("a profile change becomes a news item with the values before and after, live and from history alike", () => {
  const events = numbered([
    ev("", { case: "injectReleased", value: { injectId: "news1", title: "Headline", text: "Something happened", audience: ["A"] } }),
    ev("", { case: "profileChanged", value: { role: "A", injectId: "news1", effects: [
      { role: "A", batnaDelta: -5 },
      { role: "A", weightShift: { fromIssue: "X", toIssue: "Y", amount: 10 } },
      { role: "A", score: { option: "Y1", delta: 20 } },
    ] } }),
    ev("", { case: "profileChanged", value: { role: "A", injectId: "news1", effects: [{ role: "A", batnaDelta: -50 }] } }),
  ]);
  const live = applyEvents(fresh(), scenario, events);
  const items = live.logs.news.filter((n) => n.kind === "profile");
  assert.equal(items.length, 2);
  assert.equal(items[0].title, "Headline", "the inject's title");
  assert.deepEqual(items[0].audience, ["A"]);
  assert.deepEqual(items[0].profile?.changes, [
    { kind: "batna", delta: -5, from: 40, to: 35 },
    { kind: "weight", fromIssue: "X", toIssue: "Y", amount: 10, from: [60, 40], to: [50, 50] },
    { kind: "score", option: "Y1", delta: 20, set: false, from: 25, to: 45 },
  ]);
  assert.deepEqual(items[1].profile?.changes, [{ kind: "batna", delta: -50, from: 35, to: 0 }], "clamped like the engine");
  assert.equal(live.state.roles[0].batna, 0);

  // A page that joins later gets a snapshot, then the same items from history (starting from the scenario's profile).
  let late = applySnapshot(emptyView(), 3, live.state);
  late = mergeHistory(late, scenario, events);
  assert.deepEqual(late.logs.news, live.logs.news);

  // A role this page has no profile for: the change shows without values.
  const other = applyEvents(fresh(), scenario, numbered([ev("", { case: "profileChanged", value: { role: "B", injectId: "zz", effects: [{ role: "B", batnaDelta: 5 }] } })]));
  assert.deepEqual(other.logs.news[0].profile?.changes, [{ kind: "batna", delta: 5, from: null, to: null }]);
  assert.equal(other.logs.news[0].title, "zz", "an unknown inject is named by its id");
});

test("a resume's history starts from the roles the page had before the snapshot", () => {
  const first = numbered([ev("", { case: "profileChanged", value: { role: "A", injectId: "news1", effects: [{ role: "A", batnaDelta: -10 }] } })]);
  const second = numbered([ev("", { case: "profileChanged", value: { role: "A", injectId: "news1", effects: [{ role: "A", batnaDelta: -10 }] } })], 2);
  let v = applyEvents(fresh(), scenario, first); // BATNA 40 -> 30
  const server = applyEvents(v, scenario, second).state; // 30 -> 20
  v = applySnapshot(v, 2, server);
  v = mergeHistory(v, scenario, [...first, ...second]);
  const changes = v.logs.news.filter((n) => n.kind === "profile").map((n) => n.profile?.changes[0]);
  assert.deepEqual(changes, [
    { kind: "batna", delta: -10, from: 40, to: 30 },
    { kind: "batna", delta: -10, from: 30, to: 20 },
  ]);
});

test("an adopted text's yes votes are kept with it, as the engine keeps them, and a vote that adopts nothing leaves it standing", () => {
  const adopting = [
    ...script.slice(0, 13),
    ev("", { case: "voteClosed", value: { adoptedTextId: "T1", standingTextId: "T1", outcome: "T1 is adopted with 2 yes votes.", tallies: [{ textId: "T1", yes: 2, no: 0, voters: 3 }] } }, 1, "vote"),
    ev("", { case: "voteClosed", value: { adoptedTextId: "", standingTextId: "T1", outcome: "T2 passed with 1 yes vote but does not displace T1", tallies: [{ textId: "T2", yes: 1, no: 0, voters: 3, passed: true }] } }, 2, "vote"),
  ];
  const s = applyEvents(fresh(), scenario, numbered(adopting)).state;
  assert.equal(s.adoptedTextId, "T1");
  assert.equal(s.adoptedYes, 2);
});
