// Small pieces every view shares: subscribing to the session, sending a command and showing
// its refusal next to the control, the connection banner, the clock, capped lists.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { renderSVG } from "uqr";
import type { CommandInit, Outcome } from "../protocol/connection";
import { SessionStatus, Stage, type Scenario } from "../protocol/schema";
import type { ViewState } from "../state/fold";
import { phaseName, roleName, statusName } from "../state/selectors";
import type { SessionClient } from "../session";

/** Re-renders the caller whenever the session changes. */
export function useSession(client: SessionClient): SessionClient {
  const [, setTick] = useState(0);
  useEffect(() => client.subscribe(() => setTick((t) => t + 1)), [client]);
  return client;
}

export interface CommandState {
  busy: boolean;
  refusal: { code: string; message: string } | null;
  ok: boolean;
}

/** Sends commands from one control; keeps its outcome so the refusal shows beside it. */
export function useCommand(client: SessionClient): [(c: CommandInit) => Promise<Outcome>, CommandState, () => void] {
  const [st, setSt] = useState<CommandState>({ busy: false, refusal: null, ok: false });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = async (c: CommandInit) => {
    setSt({ busy: true, refusal: null, ok: false });
    const o = await client.send(c);
    if (mounted.current) setSt(o.ok ? { busy: false, refusal: null, ok: true } : { busy: false, refusal: { code: o.code, message: o.message }, ok: false });
    return o;
  };
  return [run, st, () => setSt({ busy: false, refusal: null, ok: false })];
}

export function Refusal({ st }: { st: CommandState }) {
  if (st.busy) return <span class="sending" role="status">sending…</span>;
  if (!st.refusal) return null;
  return (
    <p class="refusal" role="alert" data-testid="refusal" data-code={st.refusal.code}>
      <strong>Refused</strong> ({st.refusal.code.toLowerCase().replace(/_/g, " ")}): {st.refusal.message}
    </p>
  );
}

export function ConnBanner({ client }: { client: SessionClient }) {
  const { status, pendingCount } = client;
  let text: string;
  switch (status.phase) {
    case "connecting":
      text = "connecting…";
      break;
    case "live":
      text = "live";
      break;
    case "reconnecting":
      text = `reconnecting… (attempt ${status.attempt})`;
      break;
    case "stopped":
      text = status.detail ? `disconnected: ${status.detail}` : "disconnected";
      break;
  }
  return (
    <div class={`conn conn-${status.phase}`} role="status" aria-live="polite" data-testid="conn" data-phase={status.phase}>
      <span aria-hidden="true">{status.phase === "live" ? "●" : "○"}</span> {text}
      {status.phase !== "live" && status.detail && status.phase !== "stopped" ? <span class="muted"> — {status.detail}</span> : null}
      {pendingCount > 0 ? <span class="muted"> · {pendingCount} waiting to send</span> : null}
    </div>
  );
}

function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return `${h ? h + ":" : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

export function Clock({ client, big = false }: { client: SessionClient; big?: boolean }) {
  const s = client.view.state;
  const sc = client.scenario!;
  const [, setNow] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setNow((n) => n + 1), 500);
    return () => clearInterval(t);
  }, []);
  let left = "";
  if (s.status === SessionStatus.RUNNING && s.deadlineMs > 0n) left = fmtDuration(Number(s.deadlineMs) - client.serverNow());
  else if (s.status === SessionStatus.PAUSED) left = fmtDuration(Number(s.remainingMs));
  const scale = s.timeScale && s.timeScale !== 1 ? ` · time ×${s.timeScale}` : "";
  return (
    <div class={big ? "clock big" : "clock"} data-testid="clock" aria-label="clock">
      <span class="round">{s.stage === Stage.STRESS_TEST ? "Stress test" : s.round ? `Round ${s.round}` : "Lobby"}</span>
      <span class="phase" data-testid="phase">
        {s.stage === Stage.STRESS_TEST ? (s.crisis?.injectId ? `crisis ${s.crisis.injectId}` : "between crises") : s.round ? phaseName(sc, s) : "not started"}
      </span>
      <span class="left" aria-label="time left">
        {left ? left + (s.status === SessionStatus.PAUSED ? " (paused)" : " left") : statusName(s)}
      </span>
      <span class="muted">{scale}</span>
      {s.status === SessionStatus.ENDED ? <span class="ended">ended{s.endReason ? `: ${s.endReason}` : ""}</span> : null}
    </div>
  );
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; open?: boolean; testid?: string }) {
  return (
    <section class="panel" aria-labelledby={props.id ? props.id + "-h" : undefined} data-testid={props.testid}>
      <h2 id={props.id ? props.id + "-h" : undefined}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** The newest `cap` items, newest first, with a button for older ones. */
export function Capped<T>(props: { items: T[]; cap?: number; render: (t: T) => preact.JSX.Element; empty: string; label: string }) {
  const [shown, setShown] = useState(props.cap ?? 50);
  const n = props.items.length;
  const slice = useMemo(() => props.items.slice(Math.max(0, n - shown)).reverse(), [props.items, shown, n]);
  if (n === 0) return <p class="muted">{props.empty}</p>;
  return (
    <>
      <ol class="log" aria-label={props.label} reversed>
        {slice.map(props.render)}
      </ol>
      {n > shown ? (
        <button type="button" class="link" onClick={() => setShown(shown + 100)}>
          show older ({n - shown} more)
        </button>
      ) : null}
    </>
  );
}

export function timeOf(ms: number): string {
  if (!ms) return "";
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function NewsList({ view, sc }: { view: ViewState; sc: Scenario }) {
  return (
    <Capped
      items={view.logs.news}
      label="news and injects"
      empty="No news yet."
      render={(n) => (
        <li key={n.seq} data-testid={`news-${n.seq}`} class={`news news-${n.kind}`}>
          <span class="tag">{n.kind === "inject" ? "news" : n.kind}</span> <strong>{n.title}</strong>
          {n.audience.length ? <span class="muted"> (to {n.audience.map((a) => roleName(sc, a)).join(", ")})</span> : null}
          <span class="muted"> · R{n.round} {timeOf(n.atMs)}</span>
          <p>{n.text}</p>
        </li>
      )}
    />
  );
}

export function Statements({ view, sc }: { view: ViewState; sc: Scenario }) {
  return (
    <Capped
      items={view.logs.statements}
      label="public statements"
      empty="No statements yet."
      render={(st) => (
        <li key={st.seq} data-testid="statement" data-seq={st.seq}>
          <strong>{roleName(sc, st.actor)}</strong> <span class="muted">R{st.round} {timeOf(st.atMs)}</span>
          <p>{st.text}</p>
        </li>
      )}
    />
  );
}

export function VoteResults({ view }: { view: ViewState }) {
  return (
    <Capped
      items={view.logs.votes}
      label="vote results"
      empty="No vote has closed yet."
      cap={10}
      render={(v) => (
        <li key={v.seq} data-testid="tally">
          <strong>Round {v.round} vote:</strong> {v.adopted ? `text ${v.adopted} adopted` : "nothing adopted"}
          <ul>
            {v.tallies.map((t) => (
              <li key={t.textId}>
                {t.textId}: {t.yes} yes, {t.no} no, {t.abstain} abstain of {t.voters} — {t.passed ? "✓ passed" : "✗ failed"}
              </li>
            ))}
          </ul>
        </li>
      )}
    />
  );
}

export function Signatures({ view, sc }: { view: ViewState; sc: Scenario }) {
  const close = view.logs.closures[view.logs.closures.length - 1];
  return (
    <div data-testid="signatures">
      <Capped
        items={view.logs.signatures}
        label="signatures"
        empty="Nobody has signed or declined yet."
        render={(s) => (
          <li key={s.seq} data-testid="signature">
            <strong>{roleName(sc, s.actor)}</strong> {s.signed ? "✓ signed" : "✗ declined"}
            {s.breaksRedLine ? " (crossing its own red line)" : ""}
          </li>
        )}
      />
      {close ? (
        <p data-testid="closure">
          Signature closed on {close.closed.textId}: {close.closed.inForce ? "✓ in force" : `✗ not in force${close.closed.reason ? " — " + close.closed.reason : ""}`}
          {close.closed.signatories.length ? ` · signatories: ${close.closed.signatories.map((r) => roleName(sc, r)).join(", ")}` : ""}
        </p>
      ) : null}
    </div>
  );
}

export function CrisisOutcomes({ view, sc }: { view: ViewState; sc: Scenario }) {
  const outs = view.state.crisisOutcomes;
  if (outs.length === 0) return <p class="muted">No crisis resolved yet.</p>;
  return (
    <ol class="log" aria-label="crisis outcomes">
      {outs.map((c) => (
        <li key={c.injectId} data-testid="crisis-outcome">
          <strong>{c.injectId}</strong>: {c.held ? "✓ the pact held" : "✗ the pact failed"} · {c.inScope ? "in scope" : "out of scope"} ·{" "}
          {c.obligation ? "members obliged" : "no obligation"}
          {c.lead ? ` · lead ${roleName(sc, c.lead)}` : ""} · strength {c.strength.toFixed(0)} · {c.funded ? "funded" : "unfunded"}
          {c.votesYes + c.votesNo ? ` · vote ${c.votesYes}–${c.votesNo}` : ""}
          <ul>
            {c.members.map((m) => (
              <li key={m.role}>
                {roleName(sc, m.role)}: {m.exempt ? "exempt" : m.optedOut ? "opted out" : m.committed ? "✓ committed" : m.defected ? "✗ defected" : "did not act"}
                {m.cost ? ` · cost ${m.cost.toFixed(1)}` : ""}
                {m.penalty ? ` · penalty ${m.penalty.toFixed(1)}` : ""}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A read-only link with a copy button and a QR code in a dialog. */
export function LinkField({ label, url, testid }: { label: string; url: string; testid?: string }) {
  const [copied, setCopied] = useState("");
  const [qr, setQr] = useState(false);
  const dlg = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useMemo(() => "lf-" + Math.random().toString(36).slice(2), []);
  return (
    <div class="linkfield" data-testid={testid}>
      <label for={id}>{label}</label>
      <input id={id} ref={input} readOnly value={url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      <button
        type="button"
        onClick={async () => {
          const ok = await copyText(url);
          if (!ok) input.current?.select();
          setCopied(ok ? "copied" : "select and copy (Ctrl+C)");
        }}
        aria-label={`copy ${label}`}
      >
        Copy
      </button>
      <button
        type="button"
        onClick={() => {
          setQr(true);
          dlg.current?.showModal();
        }} aria-label={`QR code for ${label}`}>
        QR
      </button>
      <span class="muted" role="status">
        {copied}
      </span>
      <dialog ref={dlg} aria-label={`QR code for ${label}`}>
        <p>{label}</p>
        {qr ? <div class="qr" dangerouslySetInnerHTML={{ __html: renderSVG(url, { border: 2 }) }} /> : null}
        <p class="mono small">{url}</p>
        <form method="dialog">
          <button>Close</button>
        </form>
      </dialog>
    </div>
  );
}

export function joinUrl(code: string): string {
  return `${location.origin}/join#${code}`;
}
