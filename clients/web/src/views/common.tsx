// Small pieces every view shares: subscribing to the session, sending a command and showing
// its refusal next to the control, the connection banner, the clock, capped lists.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { renderSVG } from "uqr";
import { errorText } from "../protocol/api";
import type { CommandInit, Outcome } from "../protocol/connection";
import type { Scenario, Tally } from "../protocol/schema";
import type { ViewState } from "../state/fold";
import { isLoopbackHost, joinUrl as joinAt, normalizeBase, reviewUrl } from "../state/links";
import { clockParts, describeProfileChanges, memberOutcomeText, profileTitle, roleName } from "../state/selectors";
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
  /** Whether the connection was down while this command waited (so its answer reads as "sent"). */
  waited?: boolean;
  client?: SessionClient;
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
    const offline = client.status.phase !== "live";
    const drops = client.drops;
    setSt({ busy: true, refusal: null, ok: false, client, waited: offline });
    const o = await client.send(c);
    const waited = offline || client.drops !== drops;
    if (mounted.current) {
      setSt(o.ok ? { busy: false, refusal: null, ok: true, waited } : { busy: false, refusal: { code: o.code, message: o.message }, ok: false, waited });
    }
    return o;
  };
  return [run, st, () => setSt({ busy: false, refusal: null, ok: false })];
}

export function Refusal({ st }: { st: CommandState }) {
  if (st.busy) {
    const offline = st.client && st.client.status.phase !== "live";
    return (
      <span class="sending" role="status" data-testid={offline ? "waiting" : "sending"}>
        {offline ? "waiting: offline, it goes out when the connection is back" : "sending…"}
      </span>
    );
  }
  if (st.ok && st.waited) {
    return (
      <span class="sent small" role="status" data-testid="sent">
        ✓ sent
      </span>
    );
  }
  if (!st.refusal) return null;
  return (
    <p class="refusal" role="alert" data-testid="refusal" data-code={st.refusal.code}>
      <strong>Refused</strong> ({st.refusal.code.toLowerCase().replace(/_/g, " ")}): {st.refusal.message}
    </p>
  );
}

export function ConnBanner({ client }: { client: SessionClient }) {
  const { status, pendingCount } = client;
  if (client.replaying) {
    return (
      <div class="conn conn-stopped" role="status" data-testid="conn" data-phase="replay">
        <span aria-hidden="true">○</span> replay: read only
      </div>
    );
  }
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

/** The title of the open crisis, from its CrisisOpened (the state keeps only its id). */
export function openCrisisTitle(view: ViewState): string {
  const id = view.state.crisis?.injectId;
  if (!id) return "";
  for (let i = view.logs.crises.length - 1; i >= 0; i--) if (view.logs.crises[i].opened.injectId === id) return view.logs.crises[i].opened.title;
  return "";
}

/**
 * The clock as one line: "Round 2 · Plenary · 4:31 left", "Lobby — not started". The
 * separators are drawn by CSS (data-sep) so each part stays its own element: tests and
 * screen readers read the round, the phase and the time left separately.
 */
export function Clock({ client, big = false }: { client: SessionClient; big?: boolean }) {
  const s = client.view.state;
  const sc = client.scenario!;
  const [, setNow] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setNow((n) => n + 1), 500);
    return () => clearInterval(t);
  }, []);
  const p = clockParts(sc, s, client.serverNow(), openCrisisTitle(client.view));
  if (client.replaying) p.left = ""; // a recorded moment: time left then is not time left now
  const scale = s.timeScale && s.timeScale !== 1 ? `time ×${s.timeScale}` : "";
  return (
    <div class={big ? "clock big" : "clock"} data-testid="clock">
      <span class="round">{p.head}</span>
      <span class="phase" data-testid="phase" data-sep={p.sep}>
        {p.detail}
      </span>
      {p.left ? (
        <span class="left" data-sep="·" aria-label="time left">
          {p.left}
        </span>
      ) : null}
      {scale ? (
        <span class="muted" data-sep="·">
          {scale}
        </span>
      ) : null}
    </div>
  );
}

/** A link to the after-action review with this page's own code, in a new tab. */
export function ReviewLink({ client, label }: { client: SessionClient; label: string }) {
  return (
    <p class="small">
      <a href={reviewUrl(client.code, client.me?.sessionId)} target="_blank" rel="noopener" data-testid="review-link">
        {label}
      </a>{" "}
      <span class="muted">(the after-action report, in a new tab)</span>
    </p>
  );
}

export interface NavItem {
  id: string; // a Section's id
  label: string;
}

/** In-page links to the sections; scrolls without touching location.hash (it holds join codes). */
export function SectionNav({ items }: { items: NavItem[] }) {
  return (
    <nav class="secnav" aria-label="sections of this page" data-testid="section-nav">
      {items.map((i) => (
        <a
          key={i.id}
          href={`#${i.id}`}
          onClick={(e) => {
            e.preventDefault();
            const el = document.getElementById(i.id);
            if (!el) return;
            el.scrollIntoView({ block: "start" });
            const h = document.getElementById(i.id + "-h");
            if (h) {
              h.tabIndex = -1;
              h.focus({ preventScroll: true });
            }
          }}
        >
          {i.label}
        </a>
      ))}
    </nav>
  );
}

/**
 * The page's header (who, the session, what can be done) and, below it, a bar that stays on
 * screen: the clock, the connection state and the section links. The bar's height is kept in
 * --bar-h so that sections scrolled to are not hidden under it.
 */
export function PageHeader(props: { client: SessionClient; title: ComponentChildren; sub: string; note?: ComponentChildren; nav?: NavItem[]; big?: boolean }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const set = () => document.documentElement.style.setProperty("--bar-h", `${el.offsetHeight}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <>
      <header class="top">
        <div class="ident">
          <h1>{props.title}</h1>
          {props.sub ? <p class="small muted">{props.sub}</p> : null}
        </div>
        {props.note}
      </header>
      <div class={props.big ? "bar big" : "bar"} ref={bar}>
        <Clock client={props.client} big={props.big} />
        <ConnBanner client={props.client} />
        {props.nav?.length ? <SectionNav items={props.nav} /> : null}
      </div>
    </>
  );
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; open?: boolean; testid?: string }) {
  return (
    <section class="panel" id={props.id} aria-labelledby={props.id ? props.id + "-h" : undefined} data-testid={props.testid}>
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

/** News, injects, leaks, crises, the end, and profile changes (a desk passes `me`: only its own). */
export function NewsList({ view, sc, me = "" }: { view: ViewState; sc: Scenario; me?: string }) {
  const items = useMemo(() => (me ? view.logs.news.filter((n) => n.kind !== "profile" || n.profile?.role === me) : view.logs.news), [view.logs.news, me]);
  return (
    <Capped
      items={items}
      label="news and injects"
      empty="No news yet."
      render={(n) =>
        n.kind === "profile" && n.profile ? (
          <li key={n.seq} data-testid={`news-${n.seq}`} class="news news-profile">
            <span class="tag">{n.profile.role === me ? "your profile" : "profile"}</span> <strong>{profileTitle(sc, n.profile, me, n.title)}</strong>
            <span class="muted"> · R{n.round} {timeOf(n.atMs)}</span>
            <p data-testid="profile-change">{describeProfileChanges(sc, n.profile.changes)}</p>
          </li>
        ) : (
          <li key={n.seq} data-testid={`news-${n.seq}`} class={`news news-${n.kind}`}>
            <span class="tag">{n.kind === "inject" ? "news" : n.kind}</span> <strong>{n.title}</strong>
            {n.audience.length ? <span class="muted"> (to {n.audience.map((a) => roleName(sc, a)).join(", ")})</span> : null}
            <span class="muted"> · R{n.round} {timeOf(n.atMs)}</span>
            <p>{n.text}</p>
          </li>
        )
      }
    />
  );
}

export function Statements({ view, sc, hide }: { view: ViewState; sc: Scenario; hide?: Set<string> }) {
  return (
    <Capped
      items={hide?.size ? view.logs.statements.filter((st) => !hide.has(st.actor)) : view.logs.statements}
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

/** Every eligible delegation under one heading, so silence is never invisible. */
function RollCall({ tally }: { tally: Tally }) {
  const rows: [string, string[]][] = [
    ["yes", tally.yesRoles],
    ["no", tally.noRoles],
    ["abstain", tally.abstainRoles],
    ["did not vote", tally.notVoted],
  ];
  return (
    <dl class="roll-call" data-testid="roll-call">
      {rows.map(([label, roles]) => (
        <div key={label}>
          <dt>{label}:</dt> <dd>{roles.length ? roles.join(", ") : "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

export function VoteResults({ view, rule }: { view: ViewState; rule?: string }) {
  return (
    <>
    {rule ? (
      <p class="small" data-testid="adoption-rule">
        <strong>How texts are adopted:</strong> {rule}
      </p>
    ) : null}
    <Capped
      items={view.logs.votes}
      label="vote results"
      empty="No vote has closed yet."
      cap={10}
      render={(v) => (
        <li key={v.seq} data-testid="tally">
          <strong>Round {v.round} vote:</strong>{" "}
          {v.outcome ? <span data-testid="vote-outcome">{v.outcome}</span> : v.adopted ? `text ${v.adopted} adopted` : "nothing adopted"}
          <ul>
            {v.tallies.map((t) => (
              <li key={t.textId}>
                {t.textId}: {t.yes} yes, {t.no} no, {t.abstain} abstain of {t.voters} — {t.passed ? "✓ " : "✗ "}
                {t.reason || (t.passed ? "passed" : "failed")}
                <RollCall tally={t} />
              </li>
            ))}
          </ul>
        </li>
      )}
    />
    </>
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

/** The server's outcome word with a mark that does not rely on colour. */
function outcomeText(outcome: string, held: boolean): string {
  if (outcome === "not invoked") return "– the pact was not invoked";
  if (outcome === "failed" || (!outcome && !held)) return "✗ the pact failed";
  return "✓ the pact held";
}

export function CrisisOutcomes({ view, sc }: { view: ViewState; sc: Scenario }) {
  const outs = view.state.crisisOutcomes;
  if (outs.length === 0) return <p class="muted">No crisis resolved yet.</p>;
  const titles = new Map(view.logs.crises.map((c) => [c.opened.injectId, c.opened.title]));
  return (
    <ol class="log" aria-label="crisis outcomes">
      {outs.map((c) => (
        <li key={c.injectId} data-testid="crisis-outcome">
          <strong>{titles.get(c.injectId) || c.injectId}</strong>: {outcomeText(c.outcome, c.held)} · {c.inScope ? "in scope" : "out of scope"} ·{" "}
          {c.obligation ? "members obliged" : "no obligation"}
          {c.lead ? ` · lead ${roleName(sc, c.lead)}` : ""} · strength {c.strength.toFixed(0)} · {c.funded ? "funded" : "unfunded"}
          {c.votesYes + c.votesNo ? ` · vote ${c.votesYes}–${c.votesNo}` : ""}
          <ul>
            {c.members.map((m) => (
              <li key={m.role} data-testid={`member-outcome-${m.role}`}>
                {roleName(sc, m.role)}: {memberOutcomeText(m, c.lead)}
              </li>
            ))}
          </ul>
          {c.reasons.length ? (
            <div data-testid="crisis-reasons">
              <strong>Why: {c.outcome}</strong>
              {c.decidingIssue ? <span class="muted"> (decided by clause {c.decidingIssue})</span> : null}
              <ol class="reasons">
                {c.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ol>
            </div>
          ) : null}
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
export function LinkField({ label, url, testid, short }: { label: string; url: string; testid?: string; short?: string }) {
  const [copied, setCopied] = useState("");
  const [qr, setQr] = useState(false);
  const dlg = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useMemo(() => "lf-" + Math.random().toString(36).slice(2), []);
  return (
    <div class="linkfield" data-testid={testid}>
      <div class="lf-head">
        <label for={id}>{label}</label>
        <span class="muted small" role="status">
          {copied}
        </span>
      </div>
      <div class="lf-row">
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
      </div>
      {short ? (
        <p class="small muted">
          or type the code <span class="mono" data-testid="short-code">{short}</span> on the front page
        </p>
      ) : null}
      <dialog ref={dlg} aria-label={`QR code for ${label}`}>
        <p>{label}</p>
        {qr ? <div class="qr" dangerouslySetInnerHTML={{ __html: renderSVG(url, { border: 2 }) }} /> : null}
        <p class="mono small">{url}</p>
        {short ? <p class="mono">{short}</p> : null}
        <form method="dialog">
          <button>Close</button>
        </form>
      </dialog>
    </div>
  );
}

// The base URL of join links and QR codes: this page's origin unless the facilitator typed
// another (phones cannot open 127.0.0.1). Kept for the tab, shared by every link on the page.
const BASE_KEY = "parley.linkBase";
let linkBase = "";
const baseListeners = new Set<() => void>();

export function currentBase(): string {
  if (!linkBase) {
    let saved = "";
    try {
      saved = sessionStorage.getItem(BASE_KEY) ?? "";
    } catch {
      /* ignore */
    }
    linkBase = normalizeBase(saved, location.origin);
  }
  return linkBase;
}

function setLinkBase(base: string): void {
  linkBase = base;
  try {
    sessionStorage.setItem(BASE_KEY, base);
  } catch {
    /* ignore */
  }
  for (const fn of baseListeners) fn();
}

/** The join link of a code, at the base the facilitator chose; re-renders when it changes. */
export function useJoinUrl(): (code: string) => string {
  const [, setTick] = useState(0);
  useEffect(() => {
    const fn = () => setTick((t) => t + 1);
    baseListeners.add(fn);
    return () => {
      baseListeners.delete(fn);
    };
  }, []);
  const base = currentBase();
  return (code) => joinAt(code, base);
}

/** The base URL field, with a hint when this page runs on an address phones cannot reach. */
export function LinkBaseField() {
  const [text, setText] = useState(() => currentBase());
  const input = useRef<HTMLInputElement>(null);
  const id = useMemo(() => "lb-" + Math.random().toString(36).slice(2), []);
  useEffect(() => {
    // Another field on the page changed the base: show it here too (unless being typed in).
    const fn = () => {
      if (document.activeElement !== input.current) setText(currentBase());
    };
    baseListeners.add(fn);
    return () => {
      baseListeners.delete(fn);
    };
  }, []);
  const loopback = isLoopbackHost(location.hostname);
  const normalized = normalizeBase(text, location.origin);
  return (
    <div class="linkbase" data-testid="link-base">
      {loopback ? (
        <p class="small hint" data-testid="loopback-hint">
          Phones cannot open {location.hostname}: start the server with <code>--listen 0.0.0.0:8080</code> and put this machine's address
          below (e.g. http://192.168.1.20:8080).
        </p>
      ) : null}
      <div class="row">
        <label for={id}>Links and QR codes use</label>
        <input
          id={id}
          ref={input}
          class="mono"
          value={text}
          spellcheck={false}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setText(v);
            setLinkBase(normalizeBase(v, location.origin));
          }}
          onBlur={() => setText(normalized)}
        />
        {normalized !== location.origin ? (
          <button type="button" class="small" onClick={() => { setText(location.origin); setLinkBase(location.origin); }}>
            Use {location.origin}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Calls `fetch` now and every `everyMs`, keeping the latest answer and the latest refusal's text;
 * the third value asks for a fresh call at once. A null `fetch` polls nothing.
 */
export function usePolled<T>(fetch: (() => Promise<T>) | null, deps: unknown[], everyMs = 3000): [T | null, string, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [err, setErr] = useState("");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!fetch) return;
    let live = true;
    const poll = async () => {
      try {
        const v = await fetch();
        if (live) {
          setValue(v);
          setErr("");
        }
      } catch (e) {
        if (live) setErr(errorText(e));
      }
    };
    poll();
    const t = setInterval(poll, everyMs);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [...deps, tick, fetch === null]);
  return [value, err, () => setTick((t) => t + 1)];
}
