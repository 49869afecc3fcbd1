// Class mode on /admin: make a cohort of tables from a roster (pasted CSV or a head count), then
// open its dashboard, print its handout, and find earlier cohorts again. Everything goes through
// the admin token the page already holds.
import { useEffect, useState } from "preact/hooks";
import { api, type CohortCreated, type CohortRow, type LibraryScenario, errorText } from "../protocol/api";
import { openWithAdminToken } from "../state/links";
import { ScenarioSelect } from "./ScenarioSelect";

const EXAMPLE = "name,group,role\nAna Lima,,\nBen Okafor,Team Blue,\nChen Wei,Team Blue,";

function cohortUrl(token: string): string {
  return `/cohort#${token}`;
}

function Made({ c }: { c: CohortCreated }) {
  const people = c.participants.length;
  return (
    <section data-testid="cohort-created" aria-labelledby="cohort-made-h">
      <h3 id="cohort-made-h">{c.title}</h3>
      <p>
        {c.tables.length} tables, {people} {people === 1 ? "person" : "people"}, {c.bots.length} seats for bots.
      </p>
      {c.notes.length ? (
        <ul class="small">
          {c.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <p>
        <a class="button" href={cohortUrl(c.token)} target="_blank" rel="noopener" data-testid="open-cohort">
          Open the cohort dashboard
        </a>
      </p>
      <p class="small">
        Keep this link private: it runs every table. <span class="mono" data-testid="cohort-link">{location.origin + cohortUrl(c.token)}</span>
      </p>
    </section>
  );
}

function Earlier({ token, refreshKey }: { token: string; refreshKey: number }) {
  const [rows, setRows] = useState<CohortRow[]>([]);
  useEffect(() => {
    if (!token) return;
    api.cohorts(token).then(setRows).catch(() => setRows([]));
  }, [token, refreshKey]);
  if (!rows.length) return null;
  return (
    <details class="small" data-testid="cohort-list">
      <summary>Earlier cohorts ({rows.length})</summary>
      <ul>
        {rows.map((r) => (
          <li key={r.cohort_id}>
            <a
              href={`/cohort#${r.cohort_id}`}
              onClick={(e) => {
                e.preventDefault();
                openWithAdminToken(`/cohort#${r.cohort_id}`, token.trim());
              }}
            >
              {r.title}
            </a>{" "}
            <span class="muted">
              · {r.tables} tables · {r.people} people · {new Date(r.created_at).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function CohortForm({ token, scenarios, onMade }: { token: string; scenarios: LibraryScenario[]; onMade: () => void }) {
  const [scenario, setScenario] = useState("");
  const [title, setTitle] = useState("");
  const [tables, setTables] = useState(4);
  const [roster, setRoster] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [made, setMade] = useState<CohortCreated | null>(null);
  const [count, setCount] = useState(0);
  const chosen = scenario || scenarios[0]?.id || "";
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr("");
    try {
      sessionStorage.setItem("parley.adminToken", token.trim());
    } catch {
      /* ignore */
    }
    const entry = scenarios.find((s) => s.id === chosen);
    // A bare number is a head count: anonymous seats, no names kept.
    const headCount = /^\s*\d+\s*$/.test(roster) ? Number(roster) : 0;
    try {
      const c = await api.createCohort(token.trim(), {
        scenario: chosen,
        ...(entry?.origin === "library" ? { version: entry.version } : {}),
        title,
        tables,
        ...(headCount ? { count: headCount } : { roster }),
      });
      setMade(c);
      setCount((n) => n + 1);
      onMade();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="stack" aria-labelledby="cohort-h" data-testid="cohort-form">
      <h2 id="cohort-h">Run a class</h2>
      <p class="small">
        Several tables of the same case at once: paste the class list (one person a line: name, then optionally a group that sits together
        and a role they asked for), or just how many students. Each table's empty head seats are for bots.
      </p>
      <form class="stack" onSubmit={submit}>
        <label for="cohort-scenario">Scenario</label>
        <ScenarioSelect id="cohort-scenario" scenarios={scenarios} value={chosen} onChange={setScenario} />
        <label for="cohort-title">Class title</label>
        <input id="cohort-title" value={title} placeholder="e.g. Politics 210, week 6" onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        <label for="cohort-tables">Tables</label>
        <input
          id="cohort-tables"
          type="number"
          min={1}
          max={100}
          value={tables}
          onInput={(e) => setTables(Number((e.target as HTMLInputElement).value))}
        />
        <label for="cohort-roster">Class list (CSV) or number of students</label>
        <textarea id="cohort-roster" rows={8} class="mono" value={roster} placeholder={EXAMPLE} onInput={(e) => setRoster((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={busy || !token.trim() || !chosen || !roster.trim()} data-testid="create-cohort">
          {busy ? "Making the tables…" : "Create the class"}
        </button>
        {err ? (
          <p class="refusal" role="alert" data-testid="cohort-error">
            {err}
          </p>
        ) : null}
      </form>
      {made ? <Made c={made} /> : null}
      <Earlier token={token} refreshKey={count} />
    </section>
  );
}
