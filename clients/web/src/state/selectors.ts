// Read-only views of the state for the components. Nothing here decides a rule: the allowed
// actions come from the scenario's phase table, as the server reads it.
import {
  RoleKind,
  SessionStatus,
  Stage,
  type MemberOutcome,
  type PrivateMessage,
  type Role,
  type Scenario,
  type SessionState,
} from "../protocol/schema";
import type { ProfileDelta, ProfileNews } from "./fold";

export function roleOf(sc: Scenario, id: string): Role | undefined {
  return sc.roles.find((r) => r.id === id);
}

export function roleName(sc: Scenario, id: string): string {
  return roleOf(sc, id)?.name || id;
}

export function optionLabel(sc: Scenario, optionId: string): string {
  for (const issue of sc.issues) {
    const o = issue.options.find((x) => x.id === optionId);
    if (o) return o.label || o.id;
  }
  return optionId;
}

/** The current phase of the scenario's structure, or null (lobby, stress test, ended). */
export function currentPhase(sc: Scenario, s: SessionState) {
  if (s.stage !== Stage.NEGOTIATION || s.round < 1) return null;
  return sc.structure?.rounds[s.round - 1]?.phases[s.phaseIndex] ?? null;
}

/** The actions the scenario's phase table lists for the current phase (empty unless running), for
 * the white cell's and the projector's boards. A seat's own actions come from its desk. */
export function phaseActions(sc: Scenario, s: SessionState): Set<string> {
  if (s.status !== SessionStatus.RUNNING) return new Set();
  return new Set(currentPhase(sc, s)?.allowed ?? []);
}

export function phaseName(sc: Scenario, s: SessionState): string {
  if (s.stage === Stage.STRESS_TEST) return "Stress test";
  const p = currentPhase(sc, s);
  return p ? p.name || p.id : s.phase || "—";
}

export function kindOf(sc: Scenario, role: string): RoleKind {
  return roleOf(sc, role)?.kind ?? RoleKind.ROLE_KIND_UNSPECIFIED;
}

export function delegations(sc: Scenario): Role[] {
  return sc.roles.filter((r) => r.kind === RoleKind.DELEGATION);
}

export function talkers(sc: Scenario): Role[] {
  return sc.roles.filter((r) => r.kind === RoleKind.DELEGATION || r.kind === RoleKind.OUTSIDE_POWER || r.kind === RoleKind.WHITE_CELL);
}

export interface Thread {
  key: string; // "dm:A|B" or "room:R1"
  title: string;
  roomId: string; // "" for direct messages
  members: string[];
  messages: PrivateMessage[];
}

/**
 * Private conversations as threads: one per pair of roles for direct messages, one per room.
 * Rooms come first in creation order, then pairs in order of their first message.
 */
export function threads(sc: Scenario, s: SessionState, me: string): Thread[] {
  const byKey = new Map<string, Thread>();
  for (const r of s.rooms) {
    byKey.set("room:" + r.roomId, { key: "room:" + r.roomId, title: r.name || r.roomId, roomId: r.roomId, members: r.members, messages: [] });
  }
  for (const m of s.messages) {
    if (m.roomId) {
      let t = byKey.get("room:" + m.roomId);
      if (!t) {
        t = { key: "room:" + m.roomId, title: "room " + m.roomId, roomId: m.roomId, members: [], messages: [] };
        byKey.set(t.key, t);
      }
      t.messages.push(m);
      continue;
    }
    const pair = [m.from, m.to].sort();
    const key = "dm:" + pair.join("|");
    let t = byKey.get(key);
    if (!t) {
      const other = m.from === me ? m.to : m.to === me ? m.from : "";
      const title = other ? roleName(sc, other) : `${roleName(sc, pair[0])} ↔ ${roleName(sc, pair[1])}`;
      t = { key, title, roomId: "", members: pair, messages: [] };
      byKey.set(key, t);
    }
    t.messages.push(m);
  }
  return [...byKey.values()];
}

export function fmtUtility(u: number): string {
  return (Math.round(u * 10) / 10).toFixed(1);
}

// ----------------------------------------------------------------- page chrome

/** A duration as m:ss or h:mm:ss (never negative). */
export function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return `${h ? h + ":" : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

/**
 * The clock as three parts that read as one line: "Round 2 · Plenary · 4:31 left",
 * "Lobby — not started", "Ended — the stress test is complete", "Stress test · <crisis> ·
 * Paused · 1:10 left". `sep` goes before `detail`; `left` is empty when no clock runs.
 */
export interface ClockParts {
  head: string;
  sep: "—" | "·";
  detail: string;
  left: string;
}

export function clockParts(sc: Scenario, s: SessionState, nowMs: number, crisisTitle = ""): ClockParts {
  if (s.status === SessionStatus.ENDED) return { head: "Ended", sep: "—", detail: s.endReason || "the session is over", left: "" };
  if (s.status === SessionStatus.LOBBY) return { head: "Lobby", sep: "—", detail: "not started", left: "" };
  let head: string;
  let detail: string;
  if (s.stage === Stage.STRESS_TEST) {
    head = "Stress test";
    detail = s.crisis?.injectId ? crisisTitle || `crisis ${s.crisis.injectId}` : "between crises";
  } else {
    head = s.round ? `Round ${s.round}` : "Starting";
    detail = phaseName(sc, s);
  }
  let left = "";
  if (s.status === SessionStatus.PAUSED) left = `Paused · ${fmtDuration(Number(s.remainingMs))} left`;
  else if (s.deadlineMs > 0n) left = `${fmtDuration(Number(s.deadlineMs) - nowMs)} left`;
  return { head, sep: "·", detail, left };
}

/** The window title: the session's title (or the scenario's), whose page it is, Parley. */
export function pageTitle(sessionTitle: string, scenarioTitle: string, who: string): string {
  return [sessionTitle || scenarioTitle, who].filter(Boolean).join(" · ") + " — Parley";
}

/** What a seat is called: a delegation has a head and advisers, an outside power a head of mission. */
export function seatLabel(kind: RoleKind, seat: number): string {
  switch (kind) {
    case RoleKind.DELEGATION:
      return seat === 0 ? "head of delegation" : `adviser (seat ${seat})`;
    case RoleKind.OUTSIDE_POWER:
      return seat === 0 ? "head of mission" : `adviser (seat ${seat})`;
    case RoleKind.WHITE_CELL:
      return seat === 0 ? "lead facilitator" : `facilitator (seat ${seat})`;
    case RoleKind.OBSERVER:
      return seat === 0 ? "projector" : `observer (seat ${seat})`;
    default:
      return seat === 0 ? "head" : `seat ${seat}`;
  }
}

/** The RoleKind of the HTTP API's spelling ("OUTSIDE_POWER"). */
export function kindFromName(name: string): RoleKind {
  const k = (RoleKind as unknown as Record<string, RoleKind | undefined>)[name];
  return typeof k === "number" ? k : RoleKind.ROLE_KIND_UNSPECIFIED;
}

/** Who is connected to a seat, from the seats board's client string ("bot:boulware", "browser"). */
export function describeClient(c: string): string {
  if (c.startsWith("bot:")) return `bot · ${c.slice(4) || "default"}`;
  if (c.startsWith("bot")) return "bot";
  if (c.startsWith("agent:")) return `AI · ${c.slice(6) || "default"}`;
  return c ? `person · ${c}` : "person";
}

/** Whether a connected client is a language model (parley agents joins as "agent:MODEL"). */
export function isModelClient(c: string): boolean {
  return c.startsWith("agent:");
}

/** [1, 2, 3, 5, 7, 8] -> "1–3, 5, 7–8" */
export function compressRanges(ns: number[]): string {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

// ----------------------------------------------------------------- profile changes

/** 45 -> "45", 12.25 -> "12.3" */
export function fmtNum(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function signed(x: number): string {
  return (x >= 0 ? "+" : "−") + fmtNum(Math.abs(x));
}

export function issueName(sc: Scenario, id: string): string {
  return sc.issues.find((i) => i.id === id)?.name || id;
}

/** "Your profile changed after <inject>" (or "Pakistan's profile …" for the white cell). */
export function profileTitle(sc: Scenario, p: ProfileNews, me: string, injectTitle: string): string {
  const who = p.role === me ? "Your profile" : `${roleName(sc, p.role)}'s profile`;
  return `${who} changed after ${injectTitle || p.injectId}`;
}

/** "BATNA 45 → 40; weight Command 20 → 15, Cost-sharing 10 → 15; score for “Voluntary” 30 → 50" */
export function describeProfileChanges(sc: Scenario, changes: ProfileDelta[]): string {
  return changes
    .map((c) => {
      switch (c.kind) {
        case "batna":
          return c.from !== null && c.to !== null ? `BATNA ${fmtNum(c.from)} → ${fmtNum(c.to)}` : `BATNA ${signed(c.delta)}`;
        case "weight": {
          const f = issueName(sc, c.fromIssue);
          const t = issueName(sc, c.toIssue);
          return c.from && c.to
            ? `weight of ${f} ${fmtNum(c.from[0])} → ${fmtNum(c.to[0])}, of ${t} ${fmtNum(c.from[1])} → ${fmtNum(c.to[1])}`
            : `weight ${fmtNum(c.amount)} moved from ${f} to ${t}`;
        }
        case "score": {
          const what = `score for “${optionLabel(sc, c.option)}”`;
          if (c.from !== null && c.to !== null) return `${what} ${fmtNum(c.from)} → ${fmtNum(c.to)}`;
          return c.set ? `${what} set to ${fmtNum(c.delta)}` : `${what} ${signed(c.delta)}`;
        }
      }
    })
    .join("; ");
}

// ----------------------------------------------------------------- crisis outcomes

/** Every flag of a member's crisis outcome that is true, then what it cost. */
export function memberOutcomeText(m: MemberOutcome, lead: string): string {
  const flags: string[] = [];
  if (m.obliged) flags.push("obliged");
  if (m.committed) flags.push("✓ committed");
  if (lead && lead === m.role) flags.push("led the response");
  if (m.exempt) flags.push("exempt");
  if (m.optedOut) flags.push("opted out");
  if (m.defected) flags.push("✗ defected");
  if (flags.length === 0) flags.push("did not act");
  if (m.cost) flags.push(`cost ${fmtNum(m.cost)}`);
  if (m.penalty) flags.push(`penalty ${fmtNum(m.penalty)}`);
  return flags.join(" · ");
}
