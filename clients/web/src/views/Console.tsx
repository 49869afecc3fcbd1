// The console on /admin: every session, newest first, with where it stands, who is connected
// and its last activity; per session, open its dashboard or review (minting a facilitator link),
// issue a new link for a seat whose holder lost theirs, fork it from its latest event, archive it
// (out of the list, kept) and delete it (typing its title to confirm; refused while it runs).
// Everything goes through the admin token the page already holds.
import { useEffect, useState } from "preact/hooks";
import { api, type LibraryScenario, type SessionRow, errorText } from "../protocol/api";
import { openWithAdminToken, reviewUrl } from "../state/links";
import { LinkField, useJoinUrl } from "./common";

function when(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

type Issued = { label: string; code: string; short?: string };

/** A new link for a seat (the old one keeps working), or a fork's white cell link. */
function IssueSeat({ s, token, roles, onIssued }: { s: SessionRow; token: string; roles: LibraryScenario["roles"]; onIssued: (i: Issued) => void }) {
  const seats = roles.filter((r) => r.kind === "DELEGATION" || r.kind === "OUTSIDE_POWER" || r.kind === "WHITE_CELL");
  const [role, setRole] = useState(seats[0]?.id ?? "");
  const [seat, setSeat] = useState(0);
  const [err, setErr] = useState("");
  const issue = async () => {
    setErr("");
    try {
      const white = seats.find((r) => r.id === role)?.kind === "WHITE_CELL";
      if (white) {
        const f = await api.addFacilitator(token, s.session_id);
        onIssued({ label: "White cell", code: f.facilitator_token });
      } else {
        const c = await api.issueCode(s.session_id, token, role, seat);
        onIssued({ label: `${seats.find((r) => r.id === role)?.name ?? role}${seat ? `, adviser ${seat}` : ""}`, code: c.join_code, short: c.short_code });
      }
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <div class="row wrap small">
      <select aria-label="seat's role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
        {seats.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      <label class="row">
        seat
        <input class="narrow" type="number" min={0} value={seat} onInput={(e) => setSeat(Number((e.target as HTMLInputElement).value))} />
      </label>
      <button type="button" class="small" onClick={issue}>
        Issue a link
      </button>
      {err ? <span class="refusal">{err}</span> : null}
    </div>
  );
}

function Row(props: {
  s: SessionRow;
  token: string;
  roles: LibraryScenario["roles"];
  onGone: () => void;
  picked: boolean;
  onPick: (on: boolean) => void;
}) {
  const { s, token, roles, onGone } = props;
  const [err, setErr] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const joinUrl = useJoinUrl();
  const fork = async () => {
    try {
      const f = await api.fork(token, s.session_id, s.last_seq, `${s.title || s.session_id} (branch)`);
      setIssued({ label: `Branch ${f.session_id}: white cell`, code: f.facilitator_token });
      onGone(); // the list shows the branch
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const archive = async () => {
    try {
      await api.archiveSession(token, s.session_id, !s.archived);
      onGone();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const open = async (page: "dashboard" | "review" | "replay") => {
    // A new tab first, while the click still counts as the user's: the link follows.
    const tab = window.open("", "_blank");
    try {
      const f = await api.addFacilitator(token, s.session_id);
      const url =
        page === "review"
          ? reviewUrl(f.facilitator_token, s.session_id)
          : page === "replay"
            ? `/replay?session=${encodeURIComponent(s.session_id)}#${f.facilitator_token}`
            : `/join#${f.facilitator_token}`;
      if (tab) tab.location.href = url;
      else location.href = url;
    } catch (e) {
      tab?.close();
      setErr(errorText(e));
    }
  };
  const remove = async () => {
    try {
      await api.deleteSession(token, s.session_id);
      onGone();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const name = s.title || s.session_id;
  return (
    <tr data-testid={`console-${s.session_id}`}>
      <td>
        <input type="checkbox" aria-label={`compare ${s.title || s.session_id}`} checked={props.picked} onChange={(e) => props.onPick((e.target as HTMLInputElement).checked)} />
      </td>
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
      <td class="small" data-testid="console-connected">
        {s.connected ? `${s.connected} connected` : "—"}
      </td>
      <td class="small">{when(s.last_at ?? s.created_at)}</td>
      <td>
        <div class="row wrap">
          <button type="button" class="small" onClick={() => open("dashboard")} aria-label={`open the dashboard of ${name}`}>
            Dashboard
          </button>
          <button type="button" class="small" onClick={() => open("review")} aria-label={`open the review of ${name}`}>
            Review
          </button>
          <button type="button" class="small" onClick={() => open("replay")} aria-label={`replay ${name}`} disabled={s.last_seq === 0}>
            Replay
          </button>
          <button type="button" class="small" onClick={() => setIssuing(!issuing)} aria-label={`issue a seat link for ${name}`}>
            Seat link
          </button>
          <button type="button" class="small" onClick={fork} aria-label={`fork ${name}`} disabled={s.last_seq === 0}>
            Fork
          </button>
          <button type="button" class="small" onClick={archive} aria-label={`${s.archived ? "unarchive" : "archive"} ${name}`}>
            {s.archived ? "Unarchive" : "Archive"}
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
        {issuing ? <IssueSeat s={s} token={token} roles={roles} onIssued={setIssued} /> : null}
        {issued ? <LinkField label={issued.label} url={joinUrl(issued.code)} short={issued.short} testid={`issued-${s.session_id}`} /> : null}
        {err ? (
          <p class="refusal small" role="alert">
            {err}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function Console({ token, refreshKey, scenarios }: { token: string; refreshKey: number; scenarios: LibraryScenario[] }) {
  const [rows, setRows] = useState<SessionRow[]>([]);
  const [archived, setArchived] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [total, setTotal] = useState(0);
  const [q, setQ] = useState("");
  const [state, setState] = useState("");
  const [err, setErr] = useState("");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (token.trim().length < 16) return;  // admin tokens are longer: no request per keystroke before that
    let live = true;
    api
      .sessions(token.trim(), q.trim(), state, archived)
      .then((r) => {
        if (!live) return;
        setRows(r.sessions);
        setTotal(r.total);
        setErr("");
      })
      .catch((e) => live && setErr(errorText(e)));
    return () => {
      live = false;
    };
  }, [token, q, state, archived, tick, refreshKey]);
  if (token.trim().length < 16) return null;
  return (
    <section class="console-wide" data-testid="console" aria-labelledby="console-h">
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
        <label class="row small">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived((e.target as HTMLInputElement).checked)} />
          archived
        </label>
        <button type="button" onClick={() => setTick(tick + 1)}>
          Refresh
        </button>
        <span class="small muted">
          {rows.length} of {total}
        </span>
        <button
          type="button"
          class="small"
          disabled={picked.length < 2}
          onClick={() => openWithAdminToken(`/compare?sessions=${picked.map(encodeURIComponent).join(",")}`, token.trim())}
          data-testid="compare-picked"
        >
          Compare {picked.length >= 2 ? picked.length : ""} ticked
        </button>
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
              <th scope="col" class="small">Compare</th>
              <th scope="col">Session</th>
              <th scope="col">Scenario</th>
              <th scope="col">State</th>
              <th scope="col">Connected</th>
              <th scope="col">Last activity</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <Row
                key={s.session_id}
                s={s}
                token={token.trim()}
                roles={scenarios.find((x) => x.id === s.scenario)?.roles ?? []}
                onGone={() => setTick((t) => t + 1)}
                picked={picked.includes(s.session_id)}
                onPick={(on) => setPicked((p) => (on ? [...p, s.session_id] : p.filter((x) => x !== s.session_id)))}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
