// The console on /admin: every session, newest first, with where it stands and its last
// activity; per session, open its dashboard or review (minting a facilitator link) and delete
// it (typing its title to confirm; refused while it runs). Everything goes through the admin
// token the page already holds.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type SessionRow } from "../protocol/api";
import { reviewUrl } from "../state/links";

function when(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function Row({ s, token, onGone }: { s: SessionRow; token: string; onGone: () => void }) {
  const [err, setErr] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const open = async (review: boolean) => {
    // A new tab first, while the click still counts as the user's: the link follows.
    const tab = window.open("", "_blank");
    try {
      const f = await api.addFacilitator(token, s.session_id);
      const url = review ? reviewUrl(f.facilitator_token, s.session_id) : `/join#${f.facilitator_token}`;
      if (tab) tab.location.href = url;
      else location.href = url;
    } catch (e) {
      tab?.close();
      setErr(e instanceof ApiError ? e.message : String(e));
    }
  };
  const remove = async () => {
    try {
      await api.deleteSession(token, s.session_id);
      onGone();
    } catch (e) {
      setErr(e instanceof ApiError ? e.message : String(e));
    }
  };
  const name = s.title || s.session_id;
  return (
    <tr data-testid={`console-${s.session_id}`}>
      <th scope="row">
        {s.title} <span class="mono small muted">{s.session_id}</span>
        {s.forked_from ? <div class="small muted">a branch of {s.forked_from}</div> : null}
      </th>
      <td>
        {s.scenario}
        {s.scenario_version ? <span class="muted"> v{s.scenario_version}</span> : null}
      </td>
      <td data-testid="console-state">
        {s.state}
        {s.round ? <span class="muted"> · R{s.round} {s.phase}</span> : null}
      </td>
      <td class="small">{when(s.last_at ?? s.created_at)}</td>
      <td>
        <div class="row wrap">
          <button type="button" class="small" onClick={() => open(false)} aria-label={`open the dashboard of ${name}`}>
            Dashboard
          </button>
          <button type="button" class="small" onClick={() => open(true)} aria-label={`open the review of ${name}`}>
            Review
          </button>
          {confirming ? null : (
            <button type="button" class="small" onClick={() => setConfirming(true)} aria-label={`delete ${name}`}>
              Delete
            </button>
          )}
        </div>
        {confirming ? (
          <div class="confirm" role="alertdialog" aria-label={`delete ${name}`}>
            <label for={`del-${s.session_id}`} class="small">
              Deleting removes its record, codes and participants' names for good. Type “{name}” to confirm.
            </label>
            <div class="row">
              <input id={`del-${s.session_id}`} value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
              <button type="button" disabled={typed.trim() !== name} onClick={remove}>
                Delete for good
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Back
              </button>
            </div>
          </div>
        ) : null}
        {err ? (
          <p class="refusal small" role="alert">
            {err}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function Console({ token, refreshKey }: { token: string; refreshKey: number }) {
  const [rows, setRows] = useState<SessionRow[]>([]);
  const [total, setTotal] = useState(0);
  const [q, setQ] = useState("");
  const [state, setState] = useState("");
  const [err, setErr] = useState("");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (token.trim().length < 16) return;  // admin tokens are longer: no request per keystroke before that
    let live = true;
    api
      .sessions(token.trim(), q.trim(), state)
      .then((r) => {
        if (!live) return;
        setRows(r.sessions);
        setTotal(r.total);
        setErr("");
      })
      .catch((e) => live && setErr(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [token, q, state, tick, refreshKey]);
  if (token.trim().length < 16) return null;
  return (
    <section data-testid="console" aria-labelledby="console-h">
      <h2 id="console-h">Sessions</h2>
      <div class="row wrap">
        <label for="console-q">Search</label>
        <input id="console-q" value={q} placeholder="title or id" onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <label for="console-state">State</label>
        <select id="console-state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          <option value="lobby">lobby</option>
          <option value="running">running</option>
          <option value="paused">paused</option>
          <option value="ended">ended</option>
        </select>
        <button type="button" onClick={() => setTick(tick + 1)}>
          Refresh
        </button>
        <span class="small muted">
          {rows.length} of {total}
        </span>
      </div>
      {err ? (
        <p class="refusal" role="alert">
          {err}
        </p>
      ) : null}
      <div class="tablewrap">
        <table data-testid="console-table">
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Scenario</th>
              <th scope="col">State</th>
              <th scope="col">Last activity</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <Row key={s.session_id} s={s} token={token.trim()} onGone={() => setTick(tick + 1)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
