// One AI seat's latest model calls for the white cell: what the model was told (every message
// of the request, as sent), what it answered, and what its calls became. Loaded when opened
// and on Refresh, not polled: a request holds the seat's whole briefing.
import { useState } from "preact/hooks";
import { type AgentCall, api, errorText } from "../protocol/api";

const LATEST = 10;

function outcome(c: AgentCall): string {
  const r = c.record;
  if (r.error) return `failed: ${r.error}${r.fallback ? ` (${r.fallback === "bot" ? "the rule-based policy played" : "the seat waited"})` : ""}`;
  if (r.budget_spent) return "its budget was spent; it stopped acting";
  const acts = (r.actions ?? []).map((a) =>
    a.refused ? `${a.tool} refused: ${a.refused}` : a.proposed ? `${a.tool} proposed (#${a.proposed})` : `${a.tool} ${a.result ?? ""}`.trim(),
  );
  const head = r.approved_proposal ? `approved proposal #${r.approved_proposal}: ` : "";
  return head + (acts.length ? acts.join("; ") : "no tool called");
}

function answerText(answer: unknown): string {
  const message = (answer as { choices?: { message?: unknown }[] })?.choices?.[0]?.message;
  return JSON.stringify(message ?? answer, null, 2);
}

export function ModelCalls({ id, token, role }: { id: string; token: string; role: string }) {
  const [calls, setCalls] = useState<AgentCall[] | null>(null);
  const [err, setErr] = useState("");
  const load = async () => {
    try {
      setCalls(await api.agentCalls(id, token, role, LATEST));
      setErr("");
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <details class="model-calls" data-testid={`model-calls-${role}`} onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
      <summary>Model calls (latest {LATEST})</summary>
      {err ? (
        <p class="refusal" role="alert">
          {err}
        </p>
      ) : null}
      <button type="button" class="small" onClick={load}>
        Refresh
      </button>
      {calls && !calls.length ? <p class="small muted">No call recorded yet.</p> : null}
      <ol>
        {(calls ?? []).map((c, i) => (
          <li key={`${c.at}-${i}`} data-testid="model-call">
            <span class="small muted">
              {c.at.slice(11, 19)} UTC
              {c.record.latency_ms !== undefined ? ` · ${c.record.latency_ms} ms` : ""}
              {c.record.prompt_tokens !== undefined ? ` · ${c.record.prompt_tokens}+${c.record.completion_tokens ?? 0} tokens` : ""}
            </span>{" "}
            {outcome(c)}
            {c.record.request?.messages ? (
              <details>
                <summary>What it was told</summary>
                {c.record.request.messages.map((m, j) => (
                  <pre key={j} class="prompt">
                    <strong>{m.role}:</strong> {m.content}
                  </pre>
                ))}
              </details>
            ) : null}
            {c.record.answer !== undefined ? (
              <details>
                <summary>What it answered</summary>
                <pre class="prompt">{answerText(c.record.answer)}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
