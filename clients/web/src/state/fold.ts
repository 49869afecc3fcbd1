// The page's state: the fold of the events it received, the same idea as the engine's
// (core/engine/event_fold.cpp), plus append-only logs of what the engine's state does not
// keep (statements, news, tallies, signatures, crisis openings and outcomes).
//
// Pure: every function takes a ViewState and returns a new one, sharing what did not change
// (Preact compares by identity). Events at or below `seq` are ignored, so a resume that
// replays what the page already has adds nothing. A batch copies each array it touches once,
// so a burst of N events costs O(N + size) rather than O(N * size).
//
// The fold decides nothing: it records what the server decided. It runs over the role's
// view (what the server sent), so counters that depend on unseen events are not tracked.
import {
  RoleStateSchema,
  SessionStateSchema,
  SessionStatus,
  SignatureStatus,
  Stage,
  create,
  type ObjectiveRating,
  type CrisisOpened,
  type CrisisResolved,
  type Effect,
  type Event,
  type PrivateMessage,
  type ProfileChanged,
  type RoleState,
  type Scenario,
  type SessionState,
  type SignatureClosed,
  type Tally,
  type TreatyText,
} from "../protocol/schema";

export interface LogBase {
  seq: number;
  atMs: number;
  round: number;
  phase: string;
  actor: string;
}
export interface NewsItem extends LogBase {
  kind: "inject" | "leak" | "crisis" | "resolved" | "ended" | "profile" | "ruling";
  id: string; // inject id, message id, ruling id, or "" (ended)
  title: string; // for "profile": the title of the inject that changed it
  text: string;
  audience: string[];
  profile?: ProfileNews; // kind "profile"
}

/** One effect of a ProfileChanged, with the values before and after when the page knew them. */
export type ProfileDelta =
  | { kind: "batna"; delta: number; from: number | null; to: number | null }
  | { kind: "weight"; fromIssue: string; toIssue: string; amount: number; from: [number, number] | null; to: [number, number] | null }
  | { kind: "score"; option: string; delta: number; set: boolean; from: number | null; to: number | null };

export interface ProfileNews {
  role: string;
  injectId: string;
  changes: ProfileDelta[];
}
export interface StatementItem extends LogBase {
  text: string;
}
export interface VoteResult extends LogBase {
  tallies: Tally[];
  adopted: string; // adopted by this vote ("": none; an earlier text may stand)
  standing: string; // the adopted text after this vote
  outcome: string; // what the vote did, in the engine's sentence ("" in sessions recorded before it said)
  rule: string; // how the adopted text was picked among those that passed
}
export interface SignatureItem extends LogBase {
  signed: boolean;
  breaksRedLine: boolean;
}
export interface Logs {
  news: NewsItem[];
  statements: StatementItem[];
  votes: VoteResult[];
  signatures: SignatureItem[];
  closures: (LogBase & { closed: SignatureClosed })[];
  crises: (LogBase & { opened: CrisisOpened })[];
  outcomes: (LogBase & { resolved: CrisisResolved })[];
  /** The white cell's private notes (only the white cell receives them). */
  notes: (LogBase & { text: string })[];
  /** The white cell's ratings of the scenario's objectives, in order (the latest of each counts). */
  ratings: (LogBase & { objective: number; rating: ObjectiveRating; comment: string })[];
}

/** The engine's PrivateMessage plus when it was sent (0 if unknown), which the engine does not keep. */
export type TimedMessage = PrivateMessage & { atMs?: number };

/** When a message was sent, if the page knows. */
export function messageTime(m: PrivateMessage): number {
  return (m as TimedMessage).atMs ?? 0;
}

export interface ViewState {
  /** The last event folded (or the snapshot's seq). */
  seq: number;
  state: SessionState;
  logs: Logs;
  /** Log entries are missing for seq in (after, upto] until history fills them (after a snapshot). */
  gap: Gap | null;
  /** Bumped whenever texts change, so views can refetch derived data. */
  textsVersion: number;
}

export interface Gap {
  after: number;
  upto: number;
  /** The roles' state at `after` (empty: the scenario's start), to tell what a profile change changed. */
  roles: RoleState[];
}

export function emptyLogs(): Logs {
  return { news: [], statements: [], votes: [], signatures: [], closures: [], crises: [], outcomes: [], notes: [], ratings: [] };
}

export function emptyView(): ViewState {
  return { seq: 0, state: create(SessionStateSchema, { status: SessionStatus.LOBBY }), logs: emptyLogs(), gap: null, textsVersion: 0 };
}

/** Takes the server's snapshot as the state; logs before it come from history (see mergeHistory). */
export function applySnapshot(view: ViewState, seq: number, state: SessionState): ViewState {
  if (seq < view.seq) return view; // older than what the page has: nothing to learn
  const covered = view.gap ? view.gap.after : view.seq;
  const roles = view.gap ? view.gap.roles : view.state.roles;
  const gap = seq > covered ? { after: covered, upto: seq, roles } : null;
  return { seq, state, logs: view.logs, gap, textsVersion: view.textsVersion + 1 };
}

export interface SeqEvent {
  seq: number;
  event: Event;
}

export function applyEvent(view: ViewState, scenario: Scenario, seq: number, event: Event): ViewState {
  return applyEvents(view, scenario, [{ seq, event }]);
}

export function applyEvents(view: ViewState, scenario: Scenario, items: SeqEvent[]): ViewState {
  let d: Draft | null = null;
  for (const { seq, event } of items) {
    if (seq <= (d ? d.seq : view.seq)) continue; // already folded (a resume overlaps)
    d ??= new Draft(view);
    d.seq = seq;
    const draft = d;
    foldLogs(d, scenario, seq, event, (id) => draft.s.roles.find((r) => r.role === id)); // roles as before the event
    foldState(d, scenario, event);
  }
  return d ? d.finish() : view;
}

/**
 * Adds the log entries of history events (from GET /events) that fall in the gap a snapshot
 * left; the state is not touched (the snapshot already holds it).
 */
export function mergeHistory(view: ViewState, scenario: Scenario, items: SeqEvent[]): ViewState {
  if (!view.gap) return view;
  const { after, upto } = view.gap;
  const h = new Draft({ ...view, logs: emptyLogs() });
  // The own profile as it was at `after`, carried forward so each change shows its before and after.
  const roles = new Map((view.gap.roles.length ? view.gap.roles : initialRoles(scenario)).map((r) => [r.role, r]));
  const earlierNews = view.logs.news;
  for (const { seq, event } of items) {
    if (seq <= after || seq > upto) continue;
    foldLogs(h, scenario, seq, event, (id) => roles.get(id), earlierNews);
    if (event.kind.case === "profileChanged") {
      const rs = roles.get(event.kind.value.role);
      if (rs) {
        const next = { ...rs };
        for (const eff of event.kind.value.effects) applyEffect(scenario, next, eff);
        roles.set(rs.role, next);
      }
    }
  }
  const fresh = h.finish().logs;
  const merge = <T extends { seq: number }>(old: T[], add: T[]): T[] => {
    if (add.length === 0) return old;
    const before = old.filter((x) => x.seq <= after);
    const later = old.filter((x) => x.seq > after);
    return before.concat(add, later);
  };
  const logs: Logs = {
    news: merge(view.logs.news, fresh.news),
    statements: merge(view.logs.statements, fresh.statements),
    votes: merge(view.logs.votes, fresh.votes),
    signatures: merge(view.logs.signatures, fresh.signatures),
    closures: merge(view.logs.closures, fresh.closures),
    crises: merge(view.logs.crises, fresh.crises),
    outcomes: merge(view.logs.outcomes, fresh.outcomes),
    notes: merge(view.logs.notes, fresh.notes),
    ratings: merge(view.logs.ratings, fresh.ratings),
  };
  // Messages in a snapshot carry no time: take it from history.
  const times = new Map<string, number>();
  for (const { event } of items) {
    const k = event.kind;
    if (k.case === "messageSent" || k.case === "roomMessage") times.set(k.value.messageId, Number(event.atMs));
  }
  let state = view.state;
  if (state.messages.some((m) => !messageTime(m) && times.has(m.messageId))) {
    const messages = state.messages.map((m) => (!messageTime(m) && times.has(m.messageId) ? ({ ...m, atMs: times.get(m.messageId) } as TimedMessage) : m));
    state = { ...state, messages };
  }
  return { ...view, state, logs, gap: null };
}

/** The roles' preferences as the engine starts them (state_access.cpp), from the scenario's profiles. */
export function initialRoles(sc: Scenario): RoleState[] {
  return sc.roles.map((r) => {
    const p = r.profile;
    const prefs = sc.issues.map((i) => p?.issues.find((x) => x.issue === i.id));
    return create(RoleStateSchema, {
      role: r.id,
      weights: p ? prefs.map((x) => x?.weight ?? 0) : [],
      scores: p ? prefs.map((x, i) => ({ scores: sc.issues[i].options.map((_, o) => x?.scores[o] ?? 0) })) : [],
      batna: p?.batna ?? 0,
      budget: p?.pledgeBudget ?? 0n,
    });
  });
}

/** What each effect of a profile change does to `before` (null: this page does not know the values). */
export function profileDeltas(sc: Scenario, before: RoleState | undefined, pc: ProfileChanged): ProfileNews {
  const known = !!before && before.weights.length > 0;
  const rs: RoleState | null = known ? { ...before!, weights: [...before!.weights], scores: before!.scores.map((x) => ({ ...x, scores: [...x.scores] })) } : null;
  const changes: ProfileDelta[] = [];
  for (const e of pc.effects) {
    if (e.weightShift) {
      const w = e.weightShift;
      const from = issueIndex(sc, w.fromIssue);
      const to = issueIndex(sc, w.toIssue);
      const was: [number, number] | null = rs && from >= 0 && to >= 0 ? [rs.weights[from], rs.weights[to]] : null;
      if (rs) applyEffect(sc, rs, e);
      const now: [number, number] | null = rs && was ? [rs.weights[from], rs.weights[to]] : null;
      changes.push({ kind: "weight", fromIssue: w.fromIssue, toIssue: w.toIssue, amount: was && now ? was[0] - now[0] : w.amount, from: was, to: now });
    } else if (e.score) {
      const at = optionIndex(sc, e.score.option);
      const was = rs && at ? (rs.scores[at[0]]?.scores[at[1]] ?? null) : null;
      if (rs) applyEffect(sc, rs, e);
      const now = rs && at ? (rs.scores[at[0]]?.scores[at[1]] ?? null) : null;
      changes.push({ kind: "score", option: e.score.option, delta: e.score.delta, set: e.score.set, from: was, to: now });
    } else if (e.batnaDelta !== 0) {
      const was = rs ? rs.batna : null;
      if (rs) applyEffect(sc, rs, e);
      changes.push({ kind: "batna", delta: e.batnaDelta, from: was, to: rs ? rs.batna : null });
    }
  }
  return { role: pc.role, injectId: pc.injectId, changes };
}

// ----------------------------------------------------------------- internals

type StateArrays = "roles" | "messages" | "rooms" | "texts" | "pledges" | "releasedInjects" | "chosenCrises" | "crisisQueue" | "crisisOutcomes";
type LogArrays = keyof Logs;

/** A batch's working copy: each array is copied the first time it is written. */
class Draft {
  seq: number;
  s: SessionState;
  logs: Logs;
  textsChanged = false;
  private readonly copied = new Set<string>();
  constructor(private readonly base: ViewState) {
    this.seq = base.seq;
    this.s = { ...base.state };
    this.logs = { ...base.logs };
  }
  arr<K extends StateArrays>(k: K): SessionState[K] {
    if (!this.copied.has(k)) {
      this.copied.add(k);
      (this.s as Record<K, unknown>)[k] = [...(this.s[k] as unknown[])];
    }
    return this.s[k];
  }
  log<K extends LogArrays>(k: K): Logs[K] {
    const key = "log:" + k;
    if (!this.copied.has(key)) {
      this.copied.add(key);
      (this.logs as Record<K, unknown>)[k] = [...(this.logs[k] as unknown[])];
    }
    return this.logs[k];
  }
  role(id: string): RoleState | null {
    const roles = this.arr("roles");
    const i = roles.findIndex((r) => r.role === id);
    if (i < 0) return null;
    roles[i] = { ...roles[i] };
    return roles[i];
  }
  text(id: string): TreatyText | null {
    const texts = this.arr("texts");
    const i = texts.findIndex((t) => t.textId === id);
    if (i < 0) return null;
    texts[i] = { ...texts[i] };
    this.textsChanged = true;
    return texts[i];
  }
  finish(): ViewState {
    return {
      seq: this.seq,
      state: this.s,
      logs: this.logs,
      gap: this.base.gap,
      textsVersion: this.base.textsVersion + (this.textsChanged ? 1 : 0),
    };
  }
}

function base(seq: number, e: Event): LogBase {
  return { seq, atMs: Number(e.atMs), round: e.round, phase: e.phase, actor: e.actor };
}

function issueIndex(sc: Scenario, id: string): number {
  return sc.issues.findIndex((i) => i.id === id);
}

function optionIndex(sc: Scenario, id: string): [number, number] | null {
  for (let i = 0; i < sc.issues.length; i++) {
    const o = sc.issues[i].options.findIndex((x) => x.id === id);
    if (o >= 0) return [i, o];
  }
  return null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** engine: state_access.cpp apply_effect */
function applyEffect(sc: Scenario, rs: RoleState, e: Effect): void {
  if (rs.weights.length === 0) return;
  if (e.weightShift) {
    const from = issueIndex(sc, e.weightShift.fromIssue);
    const to = issueIndex(sc, e.weightShift.toIssue);
    if (from < 0 || to < 0) return;
    const amount = Math.min(e.weightShift.amount, rs.weights[from]);
    rs.weights = [...rs.weights];
    rs.weights[from] -= amount;
    rs.weights[to] += amount;
  } else if (e.score) {
    const at = optionIndex(sc, e.score.option);
    if (!at) return;
    const [i, o] = at;
    rs.scores = [...rs.scores];
    const scores = [...rs.scores[i].scores];
    scores[o] = clamp(e.score.set ? e.score.delta : scores[o] + e.score.delta, 0, 100);
    rs.scores[i] = { ...rs.scores[i], scores };
  } else if (e.batnaDelta !== 0) {
    rs.batna = clamp(rs.batna + e.batnaDelta, 0, 100);
  }
}

function bump(d: Draft, prefix: string): void {
  d.s.idCounters = { ...d.s.idCounters, [prefix]: (d.s.idCounters[prefix] ?? 0n) + 1n };
}

function removeFirst(list: string[], v: string): void {
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
}

/** engine: event_fold.cpp apply_event, on the role's view. */
function foldState(d: Draft, sc: Scenario, e: Event): void {
  const s = d.s;
  s.nowMs = e.atMs;
  s.eventsApplied += 1n;
  const k = e.kind;
  switch (k.case) {
    case "seatClaimed": {
      const rs = d.role(e.actor);
      if (rs) {
        rs.seatsClaimed = [...rs.seatsClaimed, e.seat];
        if (k.value.byBot) rs.seatsClaimedByBots = [...rs.seatsClaimedByBots, e.seat];
        if (k.value.byModel) rs.seatsClaimedByModels = [...rs.seatsClaimedByModels, e.seat];
      }
      return;
    }
    case "seatReleased": {
      const rs = d.role(k.value.role);
      if (rs) {
        rs.seatsClaimed = rs.seatsClaimed.filter((x) => x !== k.value.seat);
        rs.seatsClaimedByBots = rs.seatsClaimedByBots.filter((x) => x !== k.value.seat);
        rs.seatsClaimedByModels = rs.seatsClaimedByModels.filter((x) => x !== k.value.seat);
      }
      return;
    }
    case "sessionStarted":
      s.status = SessionStatus.RUNNING;
      return;
    case "phaseStarted":
      s.stage = Stage.NEGOTIATION;
      s.round = k.value.round;
      s.phaseIndex = k.value.phaseIndex;
      s.phase = k.value.phase;
      s.deadlineMs = k.value.deadlineMs;
      return;
    case "sessionPaused":
      s.status = SessionStatus.PAUSED;
      s.remainingMs = k.value.remainingMs;
      return;
    case "sessionResumed":
      s.status = SessionStatus.RUNNING;
      s.remainingMs = 0n;
      s.deadlineMs = k.value.deadlineMs;
      return;
    case "phaseExtended":
      s.deadlineMs = k.value.deadlineMs;
      return;
    case "timeScaleSet":
      s.timeScale = k.value.factor;
      if (s.status === SessionStatus.RUNNING) s.deadlineMs = k.value.deadlineMs;
      if (s.status === SessionStatus.PAUSED) s.remainingMs = k.value.deadlineMs - e.atMs;
      return;
    case "sessionEnded":
      s.status = SessionStatus.ENDED;
      s.endReason = k.value.reason;
      if (k.value.outcome) s.outcome = k.value.outcome;
      s.deadlineMs = 0n;
      return;
    case "injectReleased": {
      d.arr("releasedInjects").push(k.value.injectId);
      const inj = sc.injects.find((i) => i.id === k.value.injectId);
      if (!inj || !inj.crisis) return;
      if (s.stage === Stage.STRESS_TEST) d.arr("crisisQueue").push(inj.id);
      else d.arr("chosenCrises").push(inj.id);
      return;
    }
    case "profileChanged": {
      const rs = d.role(k.value.role);
      if (rs) for (const eff of k.value.effects) applyEffect(sc, rs, eff);
      return;
    }
    case "messageSent":
      d.arr("messages").push(msg(k.value.messageId, e.actor, k.value.to, "", k.value.text, e.atMs));
      bump(d, "m");
      return;
    case "roomCreated":
      d.arr("rooms").push({ ...k.value, $typeName: "parley.v1.Room", roomId: k.value.roomId, name: k.value.name, members: [...k.value.members] });
      bump(d, "R"); // counts rooms (named ones need no number)
      return;
    case "roomMessage":
      d.arr("messages").push(msg(k.value.messageId, e.actor, "", k.value.roomId, k.value.text, e.atMs));
      bump(d, "m");
      return;
    case "statement":
    case "noteRecorded":
    case "objectiveRated":
      return; // the log keeps it
    case "ruling":
      bump(d, "AJ");
      return;
    case "textTabled":
      d.arr("texts").push({
        $typeName: "parley.v1.TreatyText",
        textId: k.value.textId,
        parentId: k.value.parentId,
        author: e.actor,
        title: k.value.title,
        options: { ...k.value.options },
        cosponsors: [],
        withdrawn: false,
        votes: {},
        round: e.round,
      });
      d.textsChanged = true;
      bump(d, "DR");
      return;
    case "textWithdrawn": {
      const t = d.text(k.value.textId);
      if (t) t.withdrawn = true;
      return;
    }
    case "textCosponsored": {
      const t = d.text(k.value.textId);
      if (t) t.cosponsors = [...t.cosponsors, e.actor];
      return;
    }
    case "voteCast": {
      const t = d.text(k.value.textId);
      if (t) t.votes = { ...t.votes, [e.actor]: k.value.choice };
      return;
    }
    case "voteClosed": {
      const texts = d.arr("texts");
      for (let i = 0; i < texts.length; i++) if (Object.keys(texts[i].votes).length) texts[i] = { ...texts[i], votes: {} };
      d.textsChanged = true;
      if (k.value.adoptedTextId) {
        s.adoptedTextId = k.value.adoptedTextId;
        s.adoptedYes = k.value.tallies.find((t) => t.textId === k.value.adoptedTextId)?.yes ?? 0;
      }
      return;
    }
    case "pledgeMade": {
      d.arr("pledges").push({
        $typeName: "parley.v1.Pledge",
        pledgeId: k.value.pledgeId,
        from: e.actor,
        to: k.value.to,
        points: k.value.points,
        condition: k.value.condition,
        settled: false,
        paid: false,
      });
      const rs = d.role(e.actor);
      if (rs) rs.budget -= k.value.points;
      bump(d, "PL");
      return;
    }
    case "treatySigned": {
      const rs = d.role(e.actor);
      if (rs) {
        rs.signature = SignatureStatus.SIGNED;
        rs.signedRedLine = k.value.breaksRedLine;
      }
      return;
    }
    case "treatyDeclined": {
      const rs = d.role(e.actor);
      if (rs) rs.signature = SignatureStatus.DECLINED;
      return;
    }
    case "signatureClosed":
      s.signatureClosed = true;
      s.inForce = k.value.inForce;
      return;
    case "pledgeSettled": {
      const p = k.value;
      const pledges = d.arr("pledges");
      for (let i = 0; i < pledges.length; i++) {
        if (pledges[i].pledgeId === p.pledgeId) pledges[i] = { ...pledges[i], settled: true, paid: p.paid };
      }
      const from = d.role(p.from);
      if (p.paid) {
        const to = d.role(p.to);
        if (to) {
          to.budget += p.points;
          to.received += p.points;
        }
        if (from) from.paid += p.points;
      } else if (from) {
        from.budget += p.points;
      }
      return;
    }
    case "messageLeaked": {
      const ms = d.arr("messages");
      for (let i = 0; i < ms.length; i++) if (ms[i].messageId === k.value.messageId) ms[i] = { ...ms[i], leaked: true };
      return;
    }
    case "crisisOpened": {
      if (s.stage === Stage.NEGOTIATION) {
        const chosen = s.chosenCrises.length ? s.chosenCrises : (sc.stressTest?.defaultCrises ?? []);
        s.crisisQueue = [...chosen];
        d.arr("crisisQueue");
      }
      removeFirst(d.arr("crisisQueue"), k.value.injectId);
      s.stage = Stage.STRESS_TEST;
      s.phase = "stress-test";
      s.deadlineMs = k.value.deadlineMs;
      s.crisis = { $typeName: "parley.v1.CrisisState", injectId: k.value.injectId, inScope: k.value.inScope, responses: {}, votes: {}, rotationHolder: "" };
      return;
    }
    case "crisisResponse": {
      const c = s.crisis ?? { $typeName: "parley.v1.CrisisState", injectId: "", inScope: false, responses: {}, votes: {}, rotationHolder: "" };
      if (k.value.response) s.crisis = { ...c, responses: { ...c.responses, [e.actor]: k.value.response } };
      return;
    }
    case "crisisVote": {
      const c = s.crisis ?? { $typeName: "parley.v1.CrisisState", injectId: "", inScope: false, responses: {}, votes: {}, rotationHolder: "" };
      s.crisis = { ...c, votes: { ...c.votes, [e.actor]: k.value.yes } };
      return;
    }
    case "crisisResolved": {
      for (const m of k.value.members) {
        const rs = d.role(m.role);
        if (rs) {
          rs.crisisCost += m.cost;
          rs.penalty += m.penalty;
        }
      }
      d.arr("crisisOutcomes").push(k.value);
      s.crisis = undefined;
      s.rotationNext += 1;
      return;
    }
    case undefined:
      return;
  }
}

function msg(id: string, from: string, to: string, roomId: string, text: string, atMs: bigint): TimedMessage {
  return { $typeName: "parley.v1.PrivateMessage", messageId: id, from, to, roomId, text, leaked: false, atMs: Number(atMs) };
}

function injectTitle(sc: Scenario, id: string, ...news: NewsItem[][]): string {
  for (const list of news) {
    for (let i = list.length - 1; i >= 0; i--) if (list[i].kind === "inject" && list[i].id === id) return list[i].title;
  }
  return sc.injects.find((i) => i.id === id)?.title || id;
}

/** Adds `e`'s log entries; `roleBefore` gives a role's state just before `e`. */
function foldLogs(d: Draft, sc: Scenario, seq: number, e: Event, roleBefore: (id: string) => RoleState | undefined, earlierNews: NewsItem[] = []): void {
  const k = e.kind;
  const b = base(seq, e);
  switch (k.case) {
    case "profileChanged": {
      const profile = profileDeltas(sc, roleBefore(k.value.role), k.value);
      if (profile.changes.length === 0) return;
      const title = k.value.rulingId ? `ruling ${k.value.rulingId}` : injectTitle(sc, k.value.injectId, d.logs.news, earlierNews);
      d.log("news").push({ ...b, kind: "profile", id: k.value.injectId || k.value.rulingId, title, text: "", audience: [k.value.role], profile });
      return;
    }
    case "ruling":
      d.log("news").push({ ...b, kind: "ruling", id: k.value.rulingId, title: `Ruling ${k.value.rulingId}`, text: k.value.text, audience: [...k.value.audience] });
      return;
    case "noteRecorded":
      d.log("notes").push({ ...b, text: k.value.text });
      return;
    case "objectiveRated":
      d.log("ratings").push({ ...b, objective: k.value.objective, rating: k.value.rating, comment: k.value.comment });
      return;
    case "injectReleased":
      d.log("news").push({ ...b, kind: "inject", id: k.value.injectId, title: k.value.title, text: k.value.text, audience: [...k.value.audience] });
      return;
    case "messageLeaked":
      d.log("news").push({
        ...b,
        kind: "leak",
        id: k.value.messageId,
        title: `Leaked: ${k.value.from} to ${k.value.to || "room " + k.value.roomId}`,
        text: k.value.text,
        audience: [],
      });
      return;
    case "crisisOpened":
      d.log("crises").push({ ...b, opened: k.value });
      d.log("news").push({ ...b, kind: "crisis", id: k.value.injectId, title: k.value.title, text: k.value.text, audience: [] });
      return;
    case "crisisResolved":
      d.log("outcomes").push({ ...b, resolved: k.value });
      return;
    case "sessionEnded":
      d.log("news").push({ ...b, kind: "ended", id: "", title: "The session has ended", text: k.value.reason, audience: [] });
      return;
    case "statement":
      d.log("statements").push({ ...b, text: k.value.text });
      return;
    case "voteClosed":
      d.log("votes").push({
        ...b,
        tallies: k.value.tallies,
        adopted: k.value.adoptedTextId,
        standing: k.value.standingTextId || k.value.adoptedTextId,
        outcome: k.value.outcome,
        rule: k.value.rule,
      });
      return;
    case "treatySigned":
      d.log("signatures").push({ ...b, signed: true, breaksRedLine: k.value.breaksRedLine });
      return;
    case "treatyDeclined":
      d.log("signatures").push({ ...b, signed: false, breaksRedLine: false });
      return;
    case "signatureClosed":
      d.log("closures").push({ ...b, closed: k.value });
      return;
    default:
      return;
  }
}
