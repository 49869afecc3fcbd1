// The cohort dashboard (/cohort#TOKEN): every table of a class at a glance — phase and clock,
// who of the roster has joined, votes and signatures awaited, alerts — with actions on all or
// some tables (each table answers for itself), each table's own dashboard one click away, and
// the handout and debrief. The hash holds the cohort's token ("ID.SECRET"), or just the id when
// this tab holds the admin token.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, type CohortAction, type CohortActionResult, type CohortStatus, type CohortTable, errorText } from "../protocol/api";
import { codeInHash } from "../state/links";
import { currentBase, LinkBaseField } from "./common";

// The server answers a status request when a table changes (or after 20 s); between two answers
// the page waits at least this long, so a busy class costs a few requests a second, not hundreds.
const MIN_GAP_MS = 150;
const RETRY_MS = 2000;

const ACTION_WORDS: Record<string, string> = {
  start: "Start",
  pause: "Pause",
  resume: "Resume",
  advance: "Advance phase",
  extend: "Extend",
  time_scale: "Time scale",
  inject: "Release inject",
  bots: "Seat bots",
  end: "End",
};

function credentials(): { id: string; token: string } {
  const hash = codeInHash(location.hash);
  if (hash.includes(".")) return { id: hash.slice(0, hash.indexOf(".")), token: hash };
  let admin = "";
  try {
    admin = sessionStorage.getItem("parley.adminToken") ?? "";
  } catch {
    /* ignore */
  }
  return { id: hash, token: admin };
}

function left(t: CohortTable, skew: number): string {
  if (t.state !== "running" || !t.deadline_ms) return "";
  const ms = Math.max(0, t.deadline_ms - (Date.now() + skew));
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
}

/** Opens a document the server renders (handout, debrief) in a new tab: fetched with the token, shown from memory. */
async function openDocument(id: string, token: string, kind: "handout" | "debrief", query: Record<string, string>, setErr: (s: string) => void) {
  const tab = window.open("", "_blank");
  try {
    const res = await api.cohortDocument(id, token, kind, query);
    const blob = new Blob([await res.arrayBuffer()], { type: res.headers.get("content-type") ?? "text/html" });
    const url = URL.createObjectURL(blob);
    if (query.format === "csv") {
      tab?.close();
      const a = document.createElement("a");
      a.href = url;
      a.download = `${kind}.csv`;
      a.click();
    } else if (tab) tab.location.href = url;
    else location.href = url;
  } catch (e) {
    tab?.close();
    setErr(errorText(e));
  }
}

function TableCard({ t, skew, picked, onPick }: { t: CohortTable; skew: number; picked: boolean; onPick: (on: boolean) => void }) {
  const people = t.people.filter((p) => p.kind !== "observer");
  const joined = people.filter((p) => p.joined).length;
  const here = people.filter((p) => p.connected).length;
  const names = new Map([...t.people.map((p) => [p.role, p.role_name] as const), ...t.bots.map((b) => [b.role, b.role_name] as const)]);
  const named = (roles: string[]) => roles.map((r) => names.get(r) ?? r).join(", ");
  const botsHere = t.bots.filter((b) => b.connected).length;
  const clock = left(t, skew);
  return (
    <article class={`cohort-table state-${t.state ?? "unknown"}`} data-testid={`cohort-table-${t.table}`}>
      <header class="row">
        <label class="row">
          <input type="checkbox" checked={picked} onChange={(e) => onPick((e.target as HTMLInputElement).checked)} />
          <strong>Table {t.table}</strong>
        </label>
        <span class="badge" data-testid="table-state">
          {t.state ?? "unreachable"}
        </span>
      </header>
      <p class="small" data-testid="table-phase">
        {t.round ? `Round ${t.round} · ${t.phase}` : t.state === "lobby" ? "Waiting to start" : ""}
        {clock ? <span class="muted"> · {clock}</span> : null}
        {t.time_scale && t.time_scale !== 1 ? <span class="muted"> · time ×{t.time_scale}</span> : null}
      </p>
      <p class="small" data-testid="table-seats">
        {joined} of {people.length} joined, {here} online
        {t.bots.length ? ` · bots ${botsHere} of ${t.bots.length} seated` : ""}
      </p>
      <ul class="small people">
        {t.people.map((p) => {
          const state = p.connected ? "online" : p.joined ? "joined, offline" : p.kind === "observer" ? "observer" : "not joined yet";
          return (
            <li key={`${p.role}/${p.seat}/${p.name}`} class={p.connected ? "on" : p.joined ? "away" : "off"} title={state}>
              <span aria-hidden="true">{p.connected ? "●" : p.joined ? "◐" : "○"}</span> {p.name || p.typed_name || "(unnamed)"}
              {p.name && p.typed_name && p.typed_name !== p.name ? ` (“${p.typed_name}”)` : ""}{" "}
              <span class="muted">
                — {p.role_name}
                {p.seat ? ` adviser ${p.seat}` : ""} · {state}
              </span>
            </li>
          );
        })}
      </ul>
      {t.awaiting && (t.awaiting.votes.length || t.awaiting.signatures.length) ? (
        <p class="small">
          {t.awaiting.votes.length ? `Yet to vote: ${named(t.awaiting.votes)}. ` : ""}
          {t.awaiting.signatures.length ? `Yet to sign: ${named(t.awaiting.signatures)}.` : ""}
        </p>
      ) : null}
      {t.error ? <p class="small refusal">{t.error}</p> : null}
      <a class="small" href={`/join#${t.facilitator_token}`} target="_blank" rel="noopener" data-testid="table-dashboard">
        Open Table {t.table}'s dashboard ↗
      </a>
    </article>
  );
}

function Results({ r }: { r: CohortActionResult }) {
  return (
    <div class="small" role="status" data-testid="cohort-results">
      <p>
        {ACTION_WORDS[r.action] ?? r.action}: {r.done} {r.done === 1 ? "table" : "tables"} done{r.refused ? `, ${r.refused} refused` : ""}
      </p>
      <ul>
        {r.results.map((x) => (
          <li key={x.table} class={x.ok ? "" : "refusal"}>
            Table {x.table}: {x.ok ? (x.roles ? `${x.roles.length} ${x.roles.length === 1 ? "bot" : "bots"} seated` : "done") : x.error}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Cohort() {
  const [{ id, token }, setCreds] = useState(credentials);
  const [pasted, setPasted] = useState("");
  const [preparing, setPreparing] = useState("");
  const [status, setStatus] = useState<CohortStatus | null>(null);
  const [err, setErr] = useState("");
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [result, setResult] = useState<CohortActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [scale, setScale] = useState("60");
  const [inject, setInject] = useState("");
  const [skew, setSkew] = useState(0);
  const [, setTick] = useState(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    let timer = 0;
    let version = 0;
    const poll = async () => {
      const asked = Date.now();
      let wait = RETRY_MS;
      try {
        const s = await api.cohort(id, token, version);
        if (!alive.current) return;
        version = s.version;
        setStatus(s);
        setSkew(s.now_ms - Date.now());
        setErr("");
        document.title = `${s.title} — class — Parley`;
        wait = Math.max(0, MIN_GAP_MS - (Date.now() - asked));
      } catch (e) {
        if (alive.current) setErr(errorText(e));
      }
      if (alive.current) timer = window.setTimeout(poll, wait);
    };
    if (id && token) poll();
    const clock = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      alive.current = false;
      clearTimeout(timer);
      clearInterval(clock);
    };
  }, [id, token]);
  if (!id || !token) {
    return (
      <main class="admin">
        <h1>Class dashboard</h1>
        {id ? (
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              try {
                sessionStorage.setItem("parley.adminToken", pasted.trim());
              } catch {
                /* this load still has it */
              }
              setCreds({ id, token: pasted.trim() });
            }}
          >
            <label for="cohort-admin">Admin token (the class's own link, ending in #{id}.…, works without it)</label>
            <input id="cohort-admin" type="password" value={pasted} autoComplete="off" onInput={(e) => setPasted((e.target as HTMLInputElement).value)} />
            <button type="submit" disabled={!pasted.trim()}>
              Open the class
            </button>
          </form>
        ) : (
          <p class="refusal" role="alert">
            This page needs the class's link (it ends in #ID.SECRET), as /admin shows it when the class is made; /admin also lists earlier classes.
          </p>
        )}
      </main>
    );
  }
  const act = async (body: CohortAction) => {
    setBusy(true);
    try {
      const targets = picked.size ? { tables: [...picked].sort((a, b) => a - b) } : {};
      setResult(await api.cohortAction(id, token, { ...body, ...targets }));
      setStatus(await api.cohort(id, token));
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const pick = (table: number, on: boolean) =>
    setPicked((p) => {
      const n = new Set(p);
      if (on) n.add(table);
      else n.delete(table);
      return n;
    });
  const scope = picked.size ? `${picked.size} chosen table${picked.size === 1 ? "" : "s"}` : "every table";
  return (
    <main class="cohort" data-testid="cohort">
      <h1>{status?.title ?? "Class"}</h1>
      <p class="small muted">
        {status
          ? `${status.scenario_title ?? status.scenario}${status.scenario_version ? ` (version ${status.scenario_version})` : ""} · ${status.tables.length} tables`
          : err
            ? "" // nothing to wait for: the refusal below says why
            : "Loading…"}
      </p>
      {err ? (
        <p class="refusal" role="alert" data-testid="cohort-error">
          {err}
        </p>
      ) : null}
      <section class="cohort-docs row wrap" aria-label="Handout and debrief">
        <LinkBaseField />
        <button type="button" onClick={() => openDocument(id, token, "handout", { paper: "a4", base: currentBase() }, setErr)} data-testid="handout-a4">
          Handout (A4)
        </button>
        <button type="button" onClick={() => openDocument(id, token, "handout", { paper: "letter", base: currentBase() }, setErr)}>
          Handout (Letter)
        </button>
        <button type="button" onClick={() => openDocument(id, token, "handout", { format: "csv", base: currentBase() }, setErr)}>
          Handout CSV
        </button>
        <button
          type="button"
          disabled={!!preparing}
          onClick={async () => {
            setPreparing("Preparing the debrief: every table's review, and bot games to compare with (run once per scenario, some seconds)…");
            await openDocument(id, token, "debrief", {}, setErr);
            setPreparing("");
          }}
          data-testid="open-debrief"
        >
          Debrief across tables
        </button>
        {preparing ? (
          <span class="small muted" role="status">
            {preparing}
          </span>
        ) : null}
      </section>
      <section class="cohort-actions" aria-label="Actions on tables">
        <p class="small">
          Acts on <strong data-testid="cohort-scope">{scope}</strong> (tick tables to choose some).
        </p>
        <div class="row wrap">
          <button type="button" disabled={busy} onClick={() => act({ action: "start" })} data-testid="bulk-start">
            Start
          </button>
          <button type="button" disabled={busy} onClick={() => act({ action: "pause" })}>
            Pause
          </button>
          <button type="button" disabled={busy} onClick={() => act({ action: "resume" })}>
            Resume
          </button>
          <button type="button" disabled={busy} onClick={() => act({ action: "advance" })} data-testid="bulk-advance">
            Advance phase
          </button>
          <button type="button" disabled={busy} onClick={() => act({ action: "bots" })} data-testid="bulk-bots">
            Seat bots
          </button>
          <span class="row">
            <label for="cohort-scale">Time ×</label>
            <input id="cohort-scale" class="narrow" value={scale} onInput={(e) => setScale((e.target as HTMLInputElement).value)} />
            <button type="button" disabled={busy || !(Number(scale) > 0)} onClick={() => act({ action: "time_scale", factor: Number(scale) })}>
              Set
            </button>
          </span>
          {status?.injects.length ? (
            <span class="row">
              <select aria-label="Inject to release" value={inject} onChange={(e) => setInject((e.target as HTMLSelectElement).value)}>
                <option value="">Inject…</option>
                {status.injects.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.title}
                  </option>
                ))}
              </select>
              <button type="button" disabled={busy || !inject} onClick={() => act({ action: "inject", inject })}>
                Release
              </button>
            </span>
          ) : null}
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => confirm(`End the session at ${scope}? This cannot be undone.`) && act({ action: "end" })}
          >
            End
          </button>
        </div>
        {result ? <Results r={result} /> : null}
      </section>
      {status?.alerts.length ? (
        <section class="cohort-alerts" aria-label="Alerts" data-testid="cohort-alerts">
          <ul>
            {status.alerts.slice(0, 12).map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          {status.alerts.length > 12 ? <p class="small muted">and {status.alerts.length - 12} more</p> : null}
        </section>
      ) : null}
      <section class="cohort-grid" aria-label="Tables">
        {status?.tables.map((t) => (
          <TableCard key={t.table} t={t} skew={skew} picked={picked.has(t.table)} onPick={(on) => pick(t.table, on)} />
        ))}
      </section>
    </main>
  );
}
