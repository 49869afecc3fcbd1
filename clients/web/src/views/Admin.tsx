// The facilitator's admin page: with the admin token (printed by scripts/run or scripts/cluster), create a session
// and hand out its links; below, the console of every session (Console.tsx).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, errorText, type CreatedSession, type LibraryScenario } from "../protocol/api";
import { kindFromName, seatLabel } from "../state/selectors";
import { LinkBaseField, LinkField, useJoinUrl } from "./common";
import { CohortForm } from "./CohortForm";
import { Console } from "./Console";
import { ScenarioSelect } from "./ScenarioSelect";

const TOKEN_KEY = "parley.adminToken";

function stored(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

export function Admin() {
  const [token, setToken] = useState(stored(TOKEN_KEY));
  const [scenarios, setScenarios] = useState<LibraryScenario[]>([]);
  const [scenario, setScenario] = useState("");
  const [title, setTitle] = useState("");
  const [err, setErr] = useState<{ message: string; status: number } | null>(null);
  const joinUrl = useJoinUrl();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedSession | null>(null);
  const [createdCount, setCreatedCount] = useState(0);
  useEffect(() => {
    api
      .scenarios()
      .then((list) => {
        setScenarios(list);
        if (list.length) setScenario(list[0].id);
      })
      .catch((e) => setErr(e instanceof ApiError ? { message: errorText(e), status: e.status } : { message: String(e), status: 0 }));
  }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
    } catch {
      /* ignore */
    }
    try {
      const c = await api.createSession(token.trim(), scenario, title);
      setCreated(c);
      setCreatedCount((n) => n + 1);
      try {
        // The dashboard (opened from here, in this tab) shows these links again.
        sessionStorage.setItem(`parley.links.${c.session_id}`, JSON.stringify(c));
      } catch {
        /* ignore */
      }
    } catch (e) {
      setErr(e instanceof ApiError ? { message: errorText(e), status: e.status } : { message: String(e), status: 0 });
    } finally {
      setBusy(false);
    }
  };
  const roles = new Map(scenarios.find((s) => s.id === scenario)?.roles.map((r) => [r.id, r]) ?? []);
  return (
    <main class="admin" data-testid="admin">
      <h1>Create a session</h1>
      <p class="small">
        Write your own case, check it and publish it in the <a href="/studio" data-testid="studio-link">scenario studio</a>.
      </p>
      <form class="stack" onSubmit={create}>
        <label for="admin-token">Admin token (printed by scripts/run or scripts/cluster)</label>
        <input id="admin-token" type="password" value={token} autoComplete="off" onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        <label for="admin-scenario">Scenario</label>
        <ScenarioSelect id="admin-scenario" scenarios={scenarios} value={scenario} onChange={setScenario} />
        {scenarios.find((s) => s.id === scenario)?.summary ? <p class="small muted">{scenarios.find((s) => s.id === scenario)!.summary}</p> : null}
        <label for="admin-title">Session title</label>
        <input id="admin-title" value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} placeholder="e.g. Seminar group B" />
        <button type="submit" disabled={busy || !token.trim() || !scenario}>
          Create session
        </button>
        {err ? (
          <div class="refusal" role="alert" data-testid="admin-error">
            {err.status === 401 ? (
              <>
                <p>That admin token is not right. scripts/run prints it at start, and it is kept in var/admin-token.</p>
                <p class="small">The server said: {err.message}</p>
              </>
            ) : (
              <p>{err.message}</p>
            )}
          </div>
        ) : null}
      </form>
      {created ? (
        <section data-testid="created" aria-labelledby="links-h">
          <h2 id="links-h">Session {created.session_id}</h2>
          <p>
            <a class="button" href={`/join#${created.facilitator_token}`} data-testid="open-dashboard">
              Open the white cell dashboard
            </a>
          </p>
          <LinkBaseField />
          <LinkField label="White cell (facilitator) link — keep it private" url={joinUrl(created.facilitator_token)} testid="link-facilitator" />
          <LinkField label="Observer / projector link" url={joinUrl(created.observer_code)} short={created.observer_short_code} testid="link-observer" />
          <h3>Seats</h3>
          {created.seats.map((s) => (
            <LinkField
              key={`${s.role}/${s.seat}`}
              label={`${roles.get(s.role)?.name ?? s.role} — ${seatLabel(kindFromName(roles.get(s.role)?.kind ?? ""), s.seat)}`}
              url={joinUrl(s.join_code)}
              short={s.short_code}
              testid={`link-${s.role}-${s.seat}`}
            />
          ))}
        </section>
      ) : null}
      <CohortForm token={token} scenarios={scenarios} onMade={() => setCreatedCount((n) => n + 1)} />
      <Console token={token} refreshKey={createdCount} scenarios={scenarios} />
    </main>
  );
}
