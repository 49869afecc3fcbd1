// The white cell's dashboard: seats, votes and signatures, clock controls, injects, every
// conversation, live analysis, seat codes and bots.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, type Analysis, type CreatedSession, type SessionInfo, errorText } from "../protocol/api";
import { RoleKind, SessionStatus, SignatureStatus, Stage, type Scenario } from "../protocol/schema";
import { compressRanges, delegations, describeClient, fmtUtility, isModelClient, optionLabel, phaseActions, roleName } from "../state/selectors";
import type { SessionClient } from "../session";
import {
  usePolled,
  Clock,
  CrisisOutcomes,
  LinkBaseField,
  LinkField,
  NewsList,
  PageHeader,
  Refusal,
  ReviewLink,
  Section,
  Signatures,
  Statements,
  VoteResults,
  openCrisisTitle,
  useCommand,
  useJoinUrl,
  useSession,
} from "./common";
import { AiSeats } from "./AiSeats";
import { DraftsTable, voteMark } from "./Drafts";
import { ObjectivesPanel, RulingsPanel } from "./Rulings";
import { NewMessage, StatementForm, Threads } from "./Talk";

function shortSeat(kind: RoleKind, seat: number): string {
  if (seat === 0) return kind === RoleKind.DELEGATION || kind === RoleKind.OUTSIDE_POWER ? "head" : "seat 0";
  return kind === RoleKind.DELEGATION || kind === RoleKind.OUTSIDE_POWER ? `adviser ${seat}` : `seat ${seat}`;
}

function useSessionInfo(client: SessionClient): [SessionInfo | null, string, () => void] {
  const id = client.me?.sessionId;
  // Who is connected now is no part of a recorded moment: nothing is polled while replaying.
  return usePolled(id && !client.replaying ? () => api.session(id, client.code) : null, [id]);
}

/** The roles whose head seat a language model holds now. */
function modelRoles(info: SessionInfo | null): string[] {
  return (info?.seats ?? []).filter((s) => (s.connected ?? []).some((c) => c.seat === 0 && isModelClient(c.client))).map((s) => s.role);
}

function SeatsBoard({ client, polled }: { client: SessionClient; polled: [SessionInfo | null, string, () => void] }) {
  const sc = client.scenario!;
  const [info, err, refresh] = polled;
  const [issued, setIssued] = useState<{ role: string; seat: number; code: string; short?: string }[]>([]);
  const [codeErr, setCodeErr] = useState("");
  const [target, setTarget] = useState(`${sc.roles[0]?.id ?? ""}/0`);
  const [strategy, setStrategy] = useState("mixed");
  const [botMsg, setBotMsg] = useState("");
  const [persona, setPersona] = useState("");
  const [fallback, setFallback] = useState<"wait" | "bot">("wait");
  const [agentMsg, setAgentMsg] = useState("");
  const id = client.me!.sessionId;
  const joinUrl = useJoinUrl();
  const issue = async () => {
    const [role, seat] = target.split("/");
    try {
      const r = await api.issueCode(id, client.code, role, Number(seat));
      setIssued([{ role: r.role, seat: r.seat, code: r.join_code, short: r.short_code }, ...issued.filter((x) => x.role !== r.role || x.seat !== r.seat)]);
      setCodeErr("");
    } catch (e) {
      setCodeErr(errorText(e));
    }
  };
  const bots = async (body: { roles: string[]; strategy: string } | { empty: true; strategy: string }) => {
    try {
      const r = await api.bots(id, client.code, body);
      setBotMsg(r.roles.length ? `bots started for ${r.roles.join(", ")}` : "no empty seat to fill");
      refresh();
    } catch (e) {
      setBotMsg(errorText(e));
    }
  };
  const seatModel = async (role: string) => {
    try {
      const r = await api.agents(id, client.code, { roles: [role], persona: persona.trim() || undefined, fallback });
      setAgentMsg(`a language model (${r.model}) is taking ${roleName(sc, role)}'s seat`);
      refresh();
    } catch (e) {
      setAgentMsg(errorText(e));
    }
  };
  const removeBot = async (role: string) => {
    try {
      await api.removeBot(id, client.code, role);
      setBotMsg(`the bot on ${roleName(sc, role)}'s seat was removed; the seat is free`);
      refresh();
    } catch (e) {
      setBotMsg(errorText(e));
    }
  };
  const players = sc.roles.filter((r) => r.kind === RoleKind.DELEGATION || r.kind === RoleKind.OUTSIDE_POWER);
  const modelSeats = players.filter((r) => (info?.seats.find((x) => x.role === r.id)?.connected ?? []).some((c) => c.seat === 0 && isModelClient(c.client)));
  const botSeats = players.filter((r) => (info?.seats.find((x) => x.role === r.id)?.taken_by_bots ?? client.view.state.roles.find((x) => x.role === r.id)?.seatsClaimedByBots ?? []).includes(0));
  return (
    <Section title="Seats" id="seats" testid="seats">
      {err ? (
        <p class="refusal" role="alert">
          {err}
        </p>
      ) : null}
      <ul class="seatboard" data-testid="seats-table">
        {sc.roles.map((r) => {
          const seatInfo = info?.seats.find((x) => x.role === r.id);
          const rs = client.view.state.roles.find((x) => x.role === r.id);
          const taken = seatInfo?.taken ?? rs?.seatsClaimed ?? [];
          const connected = seatInfo?.connected ?? [];
          const sig = rs && r.kind === RoleKind.DELEGATION ? s_signature(rs.signature) : "";
          const free: number[] = [];
          const lines: preact.JSX.Element[] = [];
          for (let seat = 0; seat <= r.advisers; seat++) {
            const conn = connected.filter((c) => c.seat === seat);
            if (!conn.length && !taken.includes(seat) && seat > 0) {
              free.push(seat);
              continue;
            }
            const state = conn.length ? `● ${conn.map((c) => (c.name ? `${c.name} (${describeClient(c.client)})` : describeClient(c.client))).join(", ")}` : taken.includes(seat) ? "○ claimed, offline" : "free";
            lines.push(
              <li key={seat}>
                <span class="muted">{shortSeat(r.kind, seat)}:</span> {state}
              </li>,
            );
          }
          if (free.length) {
            lines.push(
              <li key="free" class="muted">
                {r.kind === RoleKind.DELEGATION || r.kind === RoleKind.OUTSIDE_POWER ? "advisers" : "seats"} {compressRanges(free)}: free
              </li>,
            );
          }
          return (
            <li key={r.id} data-testid={`seat-${r.id}`}>
              <div class="seat-head">
                <strong>{r.name}</strong>
                {sig ? <span class="mark small"> {sig}</span> : null}
                {modelSeats.includes(r) ? (
                  <span class="mark small" data-testid={`ai-${r.id}`} title="a language model plays this seat">
                    {" "}
                    AI
                  </span>
                ) : null}
                {players.includes(r) && !taken.includes(0) ? (
                  <>
                    <button type="button" class="small" onClick={() => bots({ roles: [r.id], strategy })} aria-label={`play ${r.name} with a bot`}>
                      Seat a bot
                    </button>
                    <button type="button" class="small" onClick={() => seatModel(r.id)} aria-label={`play ${r.name} with a language model`}>
                      Seat an AI
                    </button>
                  </>
                ) : null}
                {botSeats.includes(r) ? (
                  <button type="button" class="small" onClick={() => removeBot(r.id)} aria-label={`remove the bot playing ${r.name}`}>
                    Remove bot
                  </button>
                ) : null}
              </div>
              <ul class="seats small">{lines}</ul>
            </li>
          );
        })}
      </ul>
      <p class="small" data-testid="bot-seats">
        {botSeats.length ? `Bots play: ${botSeats.map((r) => r.name).join(", ")}.` : "No bot plays a seat."}{" "}
        {modelSeats.length ? `A language model plays: ${modelSeats.map((r) => r.name).join(", ")}.` : ""}
      </p>
      {info ? (
        <p class="small muted">
          {info.connections} connection{info.connections === 1 ? "" : "s"} · last event {info.last_seq}
        </p>
      ) : null}
      <div class="row wrap">
        <label for="bot-strategy">Bot strategy</label>
        <select id="bot-strategy" value={strategy} onChange={(e) => setStrategy((e.target as HTMLSelectElement).value)}>
          <option value="mixed">mixed (each bot draws its own)</option>
          <option value="boulware">boulware (holds out)</option>
          <option value="conceder">conceder</option>
          <option value="tit-for-tat">tit-for-tat</option>
        </select>
        <button type="button" onClick={() => bots({ empty: true, strategy })}>
          Fill empty seats with bots
        </button>
        <span role="status" class="small">
          {botMsg}
        </span>
      </div>
      <div class="row wrap" data-testid="ai-delegation">
        <label for="ai-persona">AI delegation stance</label>
        <input id="ai-persona" type="text" maxLength={2000} placeholder="optional, e.g. prefers flexible arrangements" value={persona}
          onInput={(e) => setPersona((e.target as HTMLInputElement).value)} />
        <label for="ai-fallback">If the model fails</label>
        <select id="ai-fallback" value={fallback} onChange={(e) => setFallback((e.target as HTMLSelectElement).value as "wait" | "bot")}>
          <option value="wait">the seat waits</option>
          <option value="bot">a bot plays that turn</option>
        </select>
        <span role="status" class="small" data-testid="ai-status">
          {agentMsg}
        </span>
      </div>
      <p class="small muted">
        "Seat an AI" puts the server's configured language model on a free head seat: it sees only what that seat may see, and every call it makes is recorded for the review.
      </p>
      <HeadLinks client={client} />
      <div class="row wrap">
        <label for="code-seat">Issue a join code for</label>
        <select id="code-seat" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
          {sc.roles.flatMap((r) =>
            Array.from({ length: r.advisers + 1 }, (_, seat) => (
              <option key={`${r.id}/${seat}`} value={`${r.id}/${seat}`}>
                {r.name} — {shortSeat(r.kind, seat)}
              </option>
            )),
          )}
        </select>
        <button type="button" onClick={issue}>
          Issue code
        </button>
      </div>
      {codeErr ? (
        <p class="refusal" role="alert">
          {codeErr}
        </p>
      ) : null}
      <CreatedLinks client={client} />
      {issued.map((x) => (
        <LinkField
          key={`${x.role}/${x.seat}`}
          label={`${roleName(sc, x.role)} ${shortSeat(roleOfKind(sc, x.role), x.seat)}`}
          url={joinUrl(x.code)}
          short={x.short}
          testid={`code-${x.role}-${x.seat}`}
        />
      ))}
    </Section>
  );
}

function roleOfKind(sc: Scenario, role: string): RoleKind {
  return sc.roles.find((r) => r.id === role)?.kind ?? RoleKind.ROLE_KIND_UNSPECIFIED;
}

/**
 * New links for every head seat (delegations and outside powers): a dashboard opened from a
 * printed link has none to show. Codes issued earlier keep working.
 */
function HeadLinks({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const joinUrl = useJoinUrl();
  const [busy, setBusy] = useState(false);
  const [links, setLinks] = useState<{ role: string; code: string }[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const heads = sc.roles.filter((r) => r.kind === RoleKind.DELEGATION || r.kind === RoleKind.OUTSIDE_POWER);
  const id = client.me!.sessionId;
  const issueAll = async () => {
    setBusy(true);
    const got: { role: string; code: string }[] = [];
    const errs: string[] = [];
    for (const r of heads) {
      try {
        const c = await api.issueCode(id, client.code, r.id, 0);
        got.push({ role: c.role, code: c.join_code });
      } catch (e) {
        errs.push(`${r.name}: ${errorText(e)}`);
      }
    }
    setLinks(got);
    setErrors(errs);
    setBusy(false);
  };
  return (
    <div class="headlinks" data-testid="head-links">
      <div class="row wrap">
        <button type="button" disabled={busy} onClick={issueAll}>
          Issue links for every head seat
        </button>
        <span class="small muted">{busy ? "issuing…" : `${heads.length} delegations and outside powers; links issued earlier stay valid`}</span>
      </div>
      {errors.map((e) => (
        <p key={e} class="refusal" role="alert">
          {e}
        </p>
      ))}
      {links.length ? (
        <>
          <LinkBaseField />
          {links.map((x) => (
            <LinkField key={x.role} label={`${roleName(sc, x.role)} — head`} url={joinUrl(x.code)} testid={`head-link-${x.role}`} />
          ))}
        </>
      ) : null}
    </div>
  );
}

/** The links created on the admin page in this tab, if any. */
function CreatedLinks({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const joinUrl = useJoinUrl();
  let created: CreatedSession | null = null;
  try {
    created = JSON.parse(sessionStorage.getItem(`parley.links.${client.me!.sessionId}`) ?? "null");
  } catch {
    created = null;
  }
  if (!created) return <p class="small muted">This tab did not create the session, so it has no earlier links to show: issue new ones above.</p>;
  return (
    <details data-testid="created-links">
      <summary>Every seat's link ({created.seats.length} seats, observer)</summary>
      <LinkBaseField />
      <LinkField label="Observer / projector" url={joinUrl(created.observer_code)} short={created.observer_short_code} />
      {created.seats.map((x) => (
        <LinkField
          key={`${x.role}/${x.seat}`}
          label={`${roleName(sc, x.role)} ${shortSeat(roleOfKind(sc, x.role), x.seat)}`}
          url={joinUrl(x.join_code)}
          short={x.short_code}
        />
      ))}
    </details>
  );
}

function s_signature(sig: SignatureStatus): string {
  return sig === SignatureStatus.SIGNED ? "✓ signed" : sig === SignatureStatus.DECLINED ? "✗ declined" : "";
}

function ClockControls({ client }: { client: SessionClient }) {
  const s = client.view.state;
  const [cmd, st] = useCommand(client);
  const [secs, setSecs] = useState("60");
  const [scale, setScale] = useState(String(s.timeScale || 1));
  const [reason, setReason] = useState("");
  return (
    <Section title="Clock" id="clock" testid="clock-controls">
      <Clock client={client} />
      <div class="row wrap">
        {s.status === SessionStatus.LOBBY ? (
          <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "start", value: {} } })}>
            Start
          </button>
        ) : null}
        {s.status === SessionStatus.RUNNING ? (
          <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "pause", value: {} } })}>
            Pause
          </button>
        ) : null}
        {s.status === SessionStatus.PAUSED ? (
          <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "resume", value: {} } })}>
            Resume
          </button>
        ) : null}
        {s.status !== SessionStatus.ENDED ? (
          <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "advance", value: {} } })}>
            Advance to next phase
          </button>
        ) : null}
      </div>
      <form
        class="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          cmd({ kind: { case: "extend", value: { seconds: Math.max(0, Math.trunc(Number(secs) || 0)) } } });
        }}
      >
        <label for="extend-s">Extend by (seconds)</label>
        <input id="extend-s" type="number" min={1} value={secs} onInput={(e) => setSecs((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={st.busy}>
          Extend
        </button>
      </form>
      <form
        class="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          cmd({ kind: { case: "timeScale", value: { factor: Number(scale) || 1 } } });
        }}
      >
        <label for="time-scale">Time scale (×)</label>
        <input id="time-scale" type="number" min={0.1} step="any" value={scale} onInput={(e) => setScale((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={st.busy}>
          Set time scale
        </button>
      </form>
      {s.status !== SessionStatus.ENDED ? (
        <form
          class="row wrap"
          onSubmit={(e) => {
            e.preventDefault();
            if (confirm("End the session for everyone?")) cmd({ kind: { case: "end", value: { reason } } });
          }}
        >
          <label for="end-reason">End with reason</label>
          <input id="end-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={st.busy}>
            End session
          </button>
        </form>
      ) : null}
      <Refusal st={st} />
    </Section>
  );
}

function InjectRow({ client, inj }: { client: SessionClient; inj: Scenario["injects"][number] }) {
  const s = client.view.state;
  const sc = client.scenario!;
  const [cmd, st] = useCommand(client);
  const [msg, setMsg] = useState("");
  const released = s.releasedInjects.includes(inj.id);
  // The newest 200 unleaked messages: enough to choose from, cheap to render in long sessions.
  const candidates = useMemo(() => s.messages.filter((m) => !m.leaked).slice(-200).reverse(), [s.messages]);
  const kind = inj.crisis ? `crisis (${inj.crisis.category}, victim ${inj.crisis.victim})` : inj.leak ? "leak" : "news";
  return (
    <li data-testid={`inject-${inj.id}`}>
      <details>
        <summary>
          <strong>{inj.title}</strong> <span class="muted small mono">{inj.id}</span> ·{" "}
          {released ? "✓ released" : s.chosenCrises.includes(inj.id) ? "queued for the stress test" : "not released"}
        </summary>
        <p class="small">{inj.text}</p>
      </details>
      <p class="small muted">
        {inj.held ? "held for the white cell" : `round ${inj.round}, ${inj.phase}`} · {kind} · to{" "}
        {inj.audience.length ? inj.audience.map((a) => roleName(sc, a)).join(", ") : "everyone"}
      </p>
      {!released || inj.leak ? (
        <div class="row">
          {inj.leak ? (
            <>
              <label for={`leak-${inj.id}`} class="sr-only">
                Message to leak
              </label>
              <select id={`leak-${inj.id}`} value={msg} onChange={(e) => setMsg((e.target as HTMLSelectElement).value)}>
                <option value="">— pick a message to leak —</option>
                {candidates.map((m) => (
                  <option key={m.messageId} value={m.messageId}>
                    {m.messageId} {m.from}→{m.to || "room " + m.roomId}: {m.text.slice(0, 50)}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <button
            type="button"
            class="small"
            disabled={st.busy}
            onClick={() => cmd({ kind: { case: "releaseInject", value: { injectId: inj.id, messageId: msg } } })}
            aria-label={`release ${inj.title}`}
          >
            Release
          </button>
        </div>
      ) : null}
      <Refusal st={st} />
    </li>
  );
}

function Injects({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  return (
    <Section title="Injects" id="injects" testid="injects">
      <ul class="injects">
        {sc.injects.map((inj) => (
          <InjectRow key={inj.id} client={client} inj={inj} />
        ))}
      </ul>
    </Section>
  );
}

function eligibleFor(sc: Scenario, options: Record<string, string>): string[] {
  for (const issue of sc.issues) {
    const o = issue.options.find((x) => x.id === options[issue.id]);
    if (o?.membership) return o.membership.eligible;
  }
  return delegations(sc).map((r) => r.id);
}

function VotesBoard({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const s = client.view.state;
  const texts = s.texts.filter((t) => !t.withdrawn);
  const voting = phaseActions(sc, s).has("vote");
  return (
    <Section title={voting ? "Votes (this phase)" : "Votes"} id="votes" testid="votes-board">
      {texts.length === 0 ? <p class="muted">No live text.</p> : null}
      <ul>
        {texts.map((t) => {
          const voted = Object.entries(t.votes);
          const waiting = eligibleFor(sc, t.options).filter((r) => !(r in t.votes));
          return (
            <li key={t.textId}>
              <span class="mono">{t.textId}</span>: {voted.length ? voted.map(([r, c]) => `${r} ${voteMark(c)}`).join(" · ") : "no vote yet"}
              {voting && waiting.length ? <span class="muted"> · not voted: {waiting.join(", ")}</span> : null}
            </li>
          );
        })}
      </ul>
      <VoteResults view={client.view} rule={client.adoptionRule} />
      <Signatures view={client.view} sc={sc} />
    </Section>
  );
}

function AnalysisPanel({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const [a, setA] = useState<Analysis | null>(null);
  const [err, setErr] = useState("");
  const version = client.view.textsVersion;
  const id = client.me!.sessionId;
  const texts = new Map(client.view.state.texts.map((t) => [t.textId, t.title]));
  useEffect(() => {
    if (client.replaying) {
      setErr("the live analysis is of the session as it is now, so a replay leaves it out");
      return;
    }
    let live = true;
    const t = setTimeout(async () => {
      try {
        const r = await api.analysis(id, client.code);
        if (live) {
          setA(r);
          setErr("");
        }
      } catch (e) {
        if (live) setErr(errorText(e));
      }
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [version, id]);
  return (
    <Section title="Analysis" id="analysis" testid="analysis">
      {err ? <p class="muted">Analysis unavailable: {err}</p> : null}
      {a ? (
        <>
          {a.nash ? (
            <p class="small">
              Nash text: {Object.values(a.nash.options).map((o) => optionLabel(sc, o)).join(" · ")} — signatories {a.nash.signatories.join(", ")}
              {a.exact ? "" : " (approximate)"}
            </p>
          ) : (
            <p class="small">No text beats every BATNA enough to be signed.</p>
          )}
          <div class="tablewrap sticky analysis-wrap">
            <table class="analysis compact" data-testid="analysis-table">
              <thead>
                <tr>
                  <th scope="col" class="first">Text · would sign</th>
                  {a.delegations.map((d) => (
                    <th scope="col" key={d} title={roleName(sc, d)}>
                      {d}
                      <div class="muted small">BATNA {fmtUtility(a.batna[d] ?? 0)}</div>
                    </th>
                  ))}
                  <th scope="col">To Nash</th>
                  <th scope="col">To frontier</th>
                </tr>
              </thead>
              <tbody>
                {a.texts.map((t) => (
                  <tr key={t.text_id} data-testid={`analysis-${t.text_id}`}>
                    <th scope="row" class="first" title={texts.get(t.text_id) || undefined}>
                      {t.text_id} <span class="small">{t.in_force ? "✓ in force" : "✗ not in force"}</span>
                      <div class="muted small" title={t.signatories.map((r) => roleName(sc, r)).join(", ") || "nobody"}>
                        {t.signatories.length ? t.signatories.join(" ") : "nobody signs"}
                      </div>
                    </th>
                    {a.delegations.map((d) => {
                      const u = t.utilities[d];
                      const ok = u !== undefined && u >= (a.batna[d] ?? 0);
                      return <td key={d} class="num">{u === undefined ? "—" : `${fmtUtility(u)} ${ok ? "✓" : "✗"}`}</td>;
                    })}
                    <td class="num">{t.distance_to_nash === null ? "—" : t.distance_to_nash.toFixed(1)}</td>
                    <td class="num">{t.distance_to_frontier.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : !err ? (
        <p class="muted">Loading…</p>
      ) : null}
    </Section>
  );
}

function CrisisBoard({ client }: { client: SessionClient }) {
  const s = client.view.state;
  const sc = client.scenario!;
  if (s.stage !== Stage.STRESS_TEST) {
    return s.chosenCrises.length ? <p class="small">Crises chosen for the stress test: {s.chosenCrises.join(", ")}</p> : null;
  }
  const c = s.crisis;
  return (
    <div data-testid="crisis-board">
      {c?.injectId ? (
        <>
          <p>
            Open crisis <strong>{openCrisisTitle(client.view) || c.injectId}</strong> ({c.inScope ? "in scope" : "out of scope"})
          </p>
          <ul>
            {Object.entries(c.responses).map(([r, x]) => (
              <li key={r}>
                {roleName(sc, r)}: {x.optOut ? "opted out" : x.commit ? "✓ commits" : "✗ does not commit"}
                {x.contribution ? `, ${x.contribution} points` : ""}
                {x.nominateLead ? `, nominates ${roleName(sc, x.nominateLead)}` : ""}
              </li>
            ))}
            {Object.entries(c.votes).map(([r, y]) => (
              <li key={"v" + r}>
                {roleName(sc, r)} votes {y ? "✓ yes" : "✗ no"}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.crisisQueue.length ? <p class="small">Still to come: {s.crisisQueue.join(", ")}</p> : null}
    </div>
  );
}

export function Dashboard({ client }: { client: SessionClient }) {
  useSession(client);
  const sc = client.scenario!;
  const v = client.view;
  const polled = useSessionInfo(client);
  const title = client.sessionTitle || polled[0]?.title || "";
  const nav = [
    { id: "clock", label: "Clock" },
    { id: "seats", label: "Seats" },
    { id: "drafts", label: "Drafts" },
    { id: "votes", label: "Votes" },
    { id: "analysis", label: "Analysis" },
    { id: "stress", label: "Stress test" },
    { id: "injects", label: "Injects" },
    { id: "rulings", label: "Rulings" },
    { id: "objectives", label: "Objectives" },
    { id: "talks", label: "Talks" },
    { id: "statements", label: "Statements" },
    { id: "news", label: "News" },
  ];
  return (
    <div class="dashboard" data-testid="dashboard">
      <PageHeader
        client={client}
        title={
          <>
            White cell{title ? <span class="muted"> · {title}</span> : null}
          </>
        }
        sub={`${sc.title} · session ${client.me!.sessionId}`}
        note={<ReviewLink client={client} label="After-action review" />}
        nav={nav}
      />
      <main class="grid3 dash">
        <div class="col">
          <ClockControls client={client} />
          <SeatsBoard client={client} polled={polled} />
          <AiSeats client={client} roles={modelRoles(polled[0])} />
          <Injects client={client} />
          <RulingsPanel client={client} />
          <ObjectivesPanel client={client} />
        </div>
        <div class="col wide">
          <Section title="Drafts" id="drafts" testid="drafts-panel">
            <DraftsTable client={client} mode="dashboard" />
          </Section>
          <VotesBoard client={client} />
          <AnalysisPanel client={client} />
          <Section title="Stress test" id="stress">
            <CrisisBoard client={client} />
            <CrisisOutcomes view={v} sc={sc} />
          </Section>
        </div>
        <div class="col">
          <Section title="All private talks" id="talks" testid="talks">
            <Threads client={client} />
            <NewMessage client={client} />
          </Section>
          <Section title="Public statements" id="statements" testid="statements">
            <StatementForm client={client} />
            <Statements view={v} sc={sc} />
          </Section>
          <Section title="News" id="news" testid="news">
            <NewsList view={v} sc={sc} />
          </Section>
        </div>
      </main>
    </div>
  );
}
