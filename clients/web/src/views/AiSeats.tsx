// The white cell's hold on the seats a language model plays: each seat's mode (acts on its own,
// proposes each move, paused, taken over by a person), the moves waiting for approval, and each
// seat's latest model calls.
// Polls the server every 3 s; a model sends an approved move itself, and the engine judges it.
import { useState } from "preact/hooks";
import { type AgentMode, type AgentProposal, api, errorText } from "../protocol/api";
import type { SessionClient } from "../session";
import { roleName } from "../state/selectors";
import { Section, usePolled } from "./common";
import { ModelCalls } from "./ModelCalls";

const MODES: [AgentMode, string][] = [
  ["act", "acts on its own"],
  ["propose", "proposes each move"],
  ["paused", "is paused"],
  ["human", "taken over"],
];


/** The arguments a model wrote, as "to: PAK · text: …" rather than raw JSON when they parse. */
function argumentsText(p: AgentProposal): string {
  try {
    const a = JSON.parse(p.arguments) as Record<string, unknown>;
    return Object.entries(a)
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" · ");
  } catch {
    return p.arguments;
  }
}

export function AiSeats({ client, roles }: { client: SessionClient; roles: string[] }) {
  const sc = client.scenario!;
  const id = client.me?.sessionId ?? "";
  const [control, err, refresh] = usePolled(id && !client.replaying ? () => api.agentControl(id, client.code) : null, [id]);
  const [msg, setMsg] = useState("");
  const all = [...new Set([...roles, ...(control?.seats.map((s) => s.role) ?? [])])];
  if (!all.length) return null;
  const modeOf = (role: string) => control?.seats.find((s) => s.role === role)?.mode ?? "act";
  const setMode = async (role: string, mode: AgentMode) => {
    try {
      await api.setAgentMode(id, client.code, role, mode);
      setMsg(mode === "human" ? `${roleName(sc, role)}'s model stands aside: open the seat's link (Seats, "Issue a join code") to play it yourself` : `${roleName(sc, role)}'s model ${MODES.find((m) => m[0] === mode)![1]}`);
      refresh();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  const decide = async (p: AgentProposal, decision: "approve" | "reject") => {
    try {
      await api.decideProposal(id, client.code, p.id, decision);
      setMsg(`${decision === "approve" ? "approved" : "rejected"}: ${roleName(sc, p.role)}'s ${p.tool}`);
      refresh();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  const pending = control?.proposals.filter((p) => p.status === "pending") ?? [];
  return (
    <Section title="AI delegations" id="ai-seats" testid="ai-seats">
      {err ? (
        <p class="refusal" role="alert">
          {err}
        </p>
      ) : null}
      <ul class="seatboard">
        {all.map((role) => (
          <li key={role} data-testid={`ai-seat-${role}`}>
            <label for={`ai-mode-${role}`}>
              <strong>{roleName(sc, role)}</strong>
            </label>{" "}
            <select id={`ai-mode-${role}`} value={modeOf(role)} onChange={(e) => setMode(role, (e.target as HTMLSelectElement).value as AgentMode)}>
              {MODES.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
            <ModelCalls id={id} token={client.code} role={role} />
          </li>
        ))}
      </ul>
      <h3>Waiting for approval</h3>
      {pending.length ? (
        <ul data-testid="ai-proposals">
          {pending.map((p) => (
            <li key={p.id} data-testid={`proposal-${p.id}`}>
              <strong>{roleName(sc, p.role)}</strong> wants to <code>{p.tool}</code> {argumentsText(p)}{" "}
              <button type="button" class="small" onClick={() => decide(p, "approve")}>
                Approve
              </button>{" "}
              <button type="button" class="small" onClick={() => decide(p, "reject")}>
                Reject
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="small muted">No move is waiting. A seat in "proposes" mode puts each move here first.</p>
      )}
      <p role="status" class="small" data-testid="ai-control-status">
        {msg}
      </p>
    </Section>
  );
}
