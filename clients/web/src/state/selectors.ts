// Read-only views of the state for the components. Nothing here decides a rule: the allowed
// actions come from the scenario's phase table, as the server reads it.
import {
  RoleKind,
  SessionStatus,
  Stage,
  type PrivateMessage,
  type Role,
  type Scenario,
  type SessionState,
} from "../protocol/schema";

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

/** The actions the current phase offers (empty unless the session is running). */
export function allowedActions(sc: Scenario, s: SessionState): Set<string> {
  if (s.status !== SessionStatus.RUNNING) return new Set();
  return new Set(currentPhase(sc, s)?.allowed ?? []);
}

export function phaseName(sc: Scenario, s: SessionState): string {
  if (s.stage === Stage.STRESS_TEST) return "Stress test";
  const p = currentPhase(sc, s);
  return p ? p.name || p.id : s.phase || "—";
}

export function statusName(s: SessionState): string {
  switch (s.status) {
    case SessionStatus.LOBBY:
      return "lobby";
    case SessionStatus.RUNNING:
      return "running";
    case SessionStatus.PAUSED:
      return "paused";
    case SessionStatus.ENDED:
      return "ended";
  }
  return "unknown";
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
