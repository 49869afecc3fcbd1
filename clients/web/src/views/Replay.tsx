// /replay?session=ID#TOKEN: step through a recorded session as any role saw it (a facilitator's
// token; a participant's code replays its own view), scrubbing a timeline of its events; the
// desk or dashboard of that moment is shown read-only, and "Fork here" makes a new session that
// plays on from it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, errorText } from "../protocol/api";
import { RoleKind } from "../protocol/schema";
import { ReplayClient, fetchView, type ViewAt } from "../replay";
import { roleOf } from "../state/selectors";
import { Dashboard } from "./Dashboard";
import { Desk } from "./Desk";
import { Projector } from "./Projector";

export function Replay({ code, sessionId }: { code: string; sessionId: string }) {
  const client = useMemo(() => new ReplayClient(code), [code]);
  const [role, setRole] = useState("");
  const [at, setAt] = useState<number | null>(null);
  const [view, setView] = useState<ViewAt | null>(null);
  const [err, setErr] = useState("");
  const [fork, setFork] = useState<{ id: string; token: string } | null>(null);
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    // The newest request wins: dragging the slider asks often, and only the last answer shows.
    const t = setTimeout(async () => {
      try {
        const v = await fetchView(sessionId, code, role, at ?? Number.MAX_SAFE_INTEGER);
        if (n !== asked.current) return;
        client.show(v);
        setView(v);
        if (at === null) setAt(v.last_seq);
        setErr("");
        document.title = `Replay: ${v.title} — Parley`;
      } catch (e) {
        if (n === asked.current) setErr(errorText(e));
      }
    }, 80);
    return () => clearTimeout(t);
  }, [sessionId, code, role, at]);
  const forkHere = async () => {
    if (!view) return;
    try {
      const f = await api.fork(code, sessionId, view.at, `${view.title} (branch at ${view.at})`);
      setFork({ id: f.session_id, token: f.facilitator_token });
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const sc = client.scenario;
  const kind = sc && view ? roleOf(sc, view.role)?.kind : undefined;
  const last = view?.last_seq ?? 0;
  const step = (d: number) => setAt((a) => Math.max(0, Math.min(last, (a ?? last) + d)));
  return (
    <div class="replay" data-testid="replay">
      <section class="replay-bar" aria-label="Replay">
        <div class="row wrap">
          <strong>Replay</strong>
          <span>{view?.title}</span>
          {sc ? (
            <select aria-label="as role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)} data-testid="replay-role">
              <option value="">White cell (everything)</option>
              {sc.roles
                .filter((r) => r.kind !== RoleKind.WHITE_CELL)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    as {r.name}
                  </option>
                ))}
            </select>
          ) : null}
          <button type="button" class="small" onClick={forkHere} disabled={!view} data-testid="fork-here">
            Fork here
          </button>
        </div>
        <div class="row replay-scrub">
          <button type="button" class="small" aria-label="previous event" onClick={() => step(-1)}>
            ◀
          </button>
          <input
            type="range"
            min={0}
            max={last}
            value={at ?? last}
            aria-label="event"
            data-testid="replay-slider"
            onInput={(e) => setAt(Number((e.target as HTMLInputElement).value))}
          />
          <button type="button" class="small" aria-label="next event" onClick={() => step(1)}>
            ▶
          </button>
        </div>
        <p class="small" data-testid="replay-at">
          {view
            ? `After event ${view.at} of ${view.last_seq}${view.round ? ` · round ${view.round}, ${view.phase}` : " · lobby"}${view.event ? ` · ${view.event}` : ""}`
            : "Loading…"}
        </p>
        {fork ? (
          <p class="small" data-testid="fork-made">
            Branch {fork.id} made from event {view?.at}:{" "}
            <a href={`/join#${fork.token}`} target="_blank" rel="noopener">
              open its dashboard ↗
            </a>
          </p>
        ) : null}
        {err ? (
          <p class="refusal" role="alert">
            {err}
          </p>
        ) : null}
      </section>
      {view && sc ? (
        // Every control of the moment shown is disabled: a replay takes no commands.
        <fieldset class="replay-view" disabled>
          {kind === RoleKind.WHITE_CELL ? <Dashboard client={client} /> : kind === RoleKind.OBSERVER ? <Projector client={client} /> : <Desk client={client} />}
        </fieldset>
      ) : null}
    </div>
  );
}
