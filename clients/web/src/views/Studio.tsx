// The scenario studio (/studio, admin token): start from a template, a copy or a file; edit with
// forms and the preference grid; the server validates every change (problems appear at their
// field), analyses the negotiation space and rehearses bot games beside the form; save
// versions, publish, archive, download as text, and create a session in one click.
import { useEffect, useRef, useState } from "preact/hooks";
import bilateralTemplate from "../../../../scenarios/templates/bilateral.textproto";
import treatyTemplate from "../../../../scenarios/templates/treaty.textproto";
import { api, ApiError, type CreatedSession, type LibraryScenario, type RehearsalReport, type ScenarioAnalysis, type Validation, errorText } from "../protocol/api";
import { kindFromName, seatLabel } from "../state/selectors";
import { copyOf, sectionOf, type Problem, type ScenarioJson, type Section } from "../state/studio";
import { LinkField, useJoinUrl } from "./common";
import { PreferenceGrid } from "./StudioGrid";
import { download, GeneralSection, InjectsSection, IssuesSection, RolesSection, StructureSection } from "./StudioForms";
import { OutcomesSection } from "./StudioOutcomes";

const TOKEN_KEY = "parley.adminToken";
const SECTIONS: [Section, string][] = [
  ["general", "General"],
  ["roles", "Roles and briefs"],
  ["issues", "Issues and options"],
  ["preferences", "Preference grid"],
  ["structure", "Rounds and rules"],
  ["injects", "Injects and crises"],
  ["outcomes", "Named outcomes"],
];
const VALIDATE_AFTER_MS = 350; // typing pauses this long before the server checks the form
const REHEARSE_AFTER_MS = 1500;
const LIVE_RUNS = 200;

function storedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

function message(e: unknown): string {
  return errorText(e);
}

/** Where the draft being edited stands against the library. */
interface Origin {
  id: string;
  version: number; // 0: never saved
  state: string;
}

function Start({ token, onOpen, onBadToken }: { token: string; onOpen: (s: ScenarioJson, origin: Origin | null) => void; onBadToken: () => void }) {
  const [library, setLibrary] = useState<LibraryScenario[]>([]);
  const [err, setErr] = useState("");
  const [copyFrom, setCopyFrom] = useState("");
  useEffect(() => {
    api.library(token).then((l) => {
      setLibrary(l);
      if (l.length) setCopyFrom(l[0].id);
    }, (e) => {
      if (e instanceof ApiError && e.status === 401) return onBadToken();
      setErr(message(e));
    });
  }, [token]);
  const fromText = async (text: string) => {
    try {
      const v = await api.validateScenario(token, { text });
      if (!v.scenario) return setErr(`That is not a scenario Parley can read: ${v.problems.map((p) => `line ${p.line ?? "?"}: ${p.message}`).join("; ")}`);
      onOpen(v.scenario, null);
    } catch (e) {
      setErr(message(e));
    }
  };
  const open = async (entry: LibraryScenario, copy: boolean) => {
    try {
      const s = await api.scenario(token, entry.id, entry.origin === "shipped" ? 0 : entry.version);
      if (copy || entry.origin === "shipped") return onOpen(copyOf(s.scenario, `${entry.id}-copy`), null);
      onOpen(s.scenario, { id: entry.id, version: entry.version, state: entry.state });
    } catch (e) {
      setErr(message(e));
    }
  };
  return (
    <section class="studio-start" aria-labelledby="start-h" data-testid="studio-start">
      <h2 id="start-h">Start a scenario</h2>
      <div class="row wrap">
        <button type="button" data-testid="template-bilateral" onClick={() => fromText(bilateralTemplate)}>
          Bilateral template
        </button>
        <button type="button" data-testid="template-treaty" onClick={() => fromText(treatyTemplate)}>
          Multi-party treaty template (clause kinds, crises)
        </button>
      </div>
      <div class="row wrap">
        <label for="copy-from">A copy of</label>
        <select id="copy-from" value={copyFrom} onChange={(e) => setCopyFrom((e.target as HTMLSelectElement).value)}>
          {library.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title} ({s.id})
            </option>
          ))}
        </select>
        <button type="button" disabled={!copyFrom} onClick={() => open(library.find((s) => s.id === copyFrom)!, true)}>
          Copy
        </button>
      </div>
      <div class="row wrap">
        <label class="button">
          Open a file (.textproto or .json)
          <input type="file" accept=".textproto,.txt,.json" class="sr-only" data-testid="open-file"
            onChange={async (e) => {
              const f = (e.target as HTMLInputElement).files?.[0];
              if (!f) return;
              const text = await f.text();
              if (f.name.endsWith(".json")) {
                try {
                  onOpen(JSON.parse(text) as ScenarioJson, null);
                } catch {
                  setErr(`${f.name} is not JSON`);
                }
              } else {
                fromText(text);
              }
            }} />
        </label>
      </div>
      {err ? <p class="refusal" role="alert">{err}</p> : null}
      <h2>The library</h2>
      <div class="grid-scroll">
      <table class="compact" data-testid="library">
        <thead>
          <tr>
            <th class="first">Scenario</th>
            <th>Version</th>
            <th>State</th>
            <th>Author</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {library.map((s) => (
            <tr key={s.id}>
              <td class="first">
                {s.title} <span class="muted small">{s.id}</span>
              </td>
              <td>{s.origin === "shipped" ? "shipped" : `v${s.version}`}</td>
              <td>{s.state}</td>
              <td>{s.author}</td>
              <td>
                <button type="button" class="link" onClick={() => open(s, false)}>
                  {s.origin === "shipped" ? "Edit a copy" : "Edit"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}

function AnalysisPanel({ analysis, valid }: { analysis?: ScenarioAnalysis; valid: boolean }) {
  if (!valid || !analysis) return <p class="muted small">The analysis appears once the server accepts the scenario.</p>;
  const nash = analysis.nash;
  return (
    <div data-testid="analysis">
      <p>
        <span class="mark" data-testid="acceptable">{analysis.acceptable.toLocaleString()}</span> of {analysis.space_size.toLocaleString()} texts could enter into force
        {analysis.exact ? "" : " (sampled)"}; the Pareto frontier has {analysis.frontier_size} texts.
      </p>
      {analysis.acceptable === 0 ? <p class="refusal">No text can enter into force: no agreement is possible as the profiles stand.</p> : null}
      {nash.length ? (
        <div class="grid-scroll">
        <table class="compact">
          <caption class="small">The Nash text for each number of signatories: every delegation's utility (signers in bold)</caption>
          <thead>
            <tr>
              <th class="first">Signers</th>
              {Object.keys(nash[0].utilities).map((r) => (
                <th key={r}>{r}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nash.map((n) => [
              <tr key={n.signatories}>
                <td class="first num">{n.signatories}</td>
                {Object.entries(n.utilities).map(([r, u]) => (
                  <td key={r} class={`num${n.signers.includes(r) ? " mark" : ""}`}>
                    {u.toFixed(0)}
                  </td>
                ))}
              </tr>,
              <tr key={`${n.signatories}-text`} class="nash-text">
                <td colSpan={1 + Object.keys(n.utilities).length} class="mono small">
                  {Object.values(n.text).join(" ")}
                </td>
              </tr>,
            ])}
          </tbody>
        </table>
        </div>
      ) : null}
      <div class="grid-scroll">
      <table class="compact">
        <caption class="small">Each delegation's best and worst text on the Pareto frontier (✗ below its BATNA: an efficient deal can leave it out)</caption>
        <thead>
          <tr>
            <th class="first">Role</th>
            <th>BATNA</th>
            <th>Best</th>
            <th>Worst</th>
          </tr>
        </thead>
        <tbody>
          {analysis.extremes.map((x) => (
            <tr key={x.role}>
              <td class="first">{x.role}</td>
              <td class="num">{x.batna.toFixed(0)}</td>
              <td class="num" title={x.best ? Object.values(x.best.text).join(" ") : ""}>{x.best ? x.best.utility.toFixed(0) : "—"}</td>
              <td class="num" title={x.worst ? Object.values(x.worst.text).join(" ") : ""}>
                {x.worst ? `${x.worst.utility.toFixed(0)}${x.worst.utility < x.batna ? " ✗" : ""}` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

function RehearsalPanel({ report, busy, err, valid }: { report: RehearsalReport | null; busy: boolean; err: string; valid: boolean }) {
  const pct = (n: number) => (report && report.runs ? `${Math.round((100 * n) / report.runs)}%` : "—");
  if (!valid) return <p class="muted small" data-testid="rehearsal">Bots rehearse the scenario once the server accepts it.</p>;
  return (
    <div data-testid="rehearsal" aria-busy={busy}>
      {err ? <p class="refusal">{err}</p> : null}
      {!report ? <p class="muted small">Rehearsing {LIVE_RUNS} bot games…</p> : (
        <>
          <p>
            {report.runs} bot games{busy ? " (rehearsing again…)" : ""}: a treaty in force in <span class="mark" data-testid="in-force">{pct(report.in_force)}</span>, nothing
            adopted in {pct(report.not_adopted)}.
          </p>
          {report.adopted_frontier_distance ? (
            <p class="small" data-testid="frontier-distance">
              Adopted texts sit {report.adopted_frontier_distance.mean.toFixed(1)} utility points from the Pareto frontier on average (at most{" "}
              {report.adopted_frontier_distance.max.toFixed(1)}; 0 is on it).
            </p>
          ) : null}
          {report.outcomes?.length ? (
            <ul class="small" data-testid="rehearsal-outcomes">
              {report.outcomes.map((o) => (
                <li key={o.id}>
                  {o.name}: {pct(o.count)}
                </li>
              ))}
            </ul>
          ) : null}
          <ul class="small">
            {Object.entries(report.signatory_sets).map(([k, n]) => (
              <li key={k}>
                {k}: {pct(n)}
              </li>
            ))}
          </ul>
          {report.adopted.slice(0, 3).map((a, i) => (
            <p key={i} class="small">
              <span class="mono">{Object.values(a.text).join(" ")}</span> adopted in {pct(a.count)}
            </p>
          ))}
          {report.errors ? <p class="refusal small">{report.errors} games could not be played.</p> : null}
        </>
      )}
    </div>
  );
}

export function Studio() {
  const [token, setToken] = useState(storedToken());
  const [tokenInput, setTokenInput] = useState("");
  const [tokenRefused, setTokenRefused] = useState(false);
  const [scenario, setScenario] = useState<ScenarioJson | null>(null);
  const [origin, setOrigin] = useState<Origin | null>(null);
  const [dirty, setDirty] = useState(false);
  const [section, setSection] = useState<Section>("general");
  const [validation, setValidation] = useState<Validation | null>(null);
  const [checking, setChecking] = useState(false);
  const [report, setReport] = useState<RehearsalReport | null>(null);
  const [rehearsing, setRehearsing] = useState(false);
  const [rehearseErr, setRehearseErr] = useState("");
  const [author, setAuthor] = useState("");
  const [status, setStatus] = useState("");
  const [actionErr, setActionErr] = useState("");
  const [created, setCreated] = useState<CreatedSession | null>(null);
  const joinUrl = useJoinUrl();
  const generation = useRef(0);

  useEffect(() => {
    document.title = "Scenario studio — Parley";
  }, []);
  useEffect(() => {
    if (!dirty || !scenario) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [dirty, scenario]);

  // Every change is checked by the server after a short pause; a stale answer is dropped.
  useEffect(() => {
    if (!scenario) return;
    const mine = ++generation.current;
    setChecking(true);
    const t = setTimeout(async () => {
      try {
        const v = await api.validateScenario(token, { json: scenario });
        if (mine === generation.current) {
          setValidation(v);
          if (!v.valid) setReport(null);
        }
      } catch (e) {
        if (mine === generation.current) setValidation({ valid: false, problems: [{ path: "", line: null, message: message(e) }] });
      } finally {
        if (mine === generation.current) setChecking(false);
      }
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(t);
  }, [scenario, token]);

  // A valid scenario is rehearsed by bots once the author pauses a little longer.
  useEffect(() => {
    if (!scenario || !validation?.valid) return;
    const mine = generation.current;
    const t = setTimeout(async () => {
      setRehearsing(true);
      try {
        const r = await api.rehearseDraft(token, { json: scenario }, LIVE_RUNS, 1);
        if (mine === generation.current) {
          setReport(r);
          setRehearseErr("");
        }
      } catch (e) {
        if (mine === generation.current) setRehearseErr(message(e));
      } finally {
        setRehearsing(false);
      }
    }, REHEARSE_AFTER_MS);
    return () => clearTimeout(t);
  }, [validation]);

  if (!token) {
    return (
      <main class="admin studio" data-testid="studio">
        <h1>Scenario studio</h1>
        <form class="stack" onSubmit={(e) => {
          e.preventDefault();
          try {
            sessionStorage.setItem(TOKEN_KEY, tokenInput.trim());
          } catch {
            /* ignore */
          }
          setToken(tokenInput.trim());
          setTokenRefused(false);
        }}>
          {tokenRefused ? (
            <p class="refusal" role="alert" data-testid="token-refused">
              The server does not know that token. Enter the admin token (scripts/run prints it) or an author token.
            </p>
          ) : null}
          <label for="studio-token">Admin token (printed by scripts/run) or an author token the admin issued</label>
          <input id="studio-token" type="password" autoComplete="off" value={tokenInput} onInput={(e) => setTokenInput((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={!tokenInput.trim()}>
            Open the studio
          </button>
        </form>
      </main>
    );
  }

  const forgetToken = (refused: boolean) => {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* ignore */
    }
    setToken("");
    setTokenRefused(refused);
  };
  // Leaving the draft (another scenario, another page) asks first when it has unsaved changes.
  const mayLeave = () => !dirty || !scenario || confirm("The scenario has changes that are not saved. Leave them?");
  const open = (s: ScenarioJson, o: Origin | null) => {
    setScenario(s);
    setOrigin(o);
    setDirty(o === null);
    setValidation(null);
    setReport(null);
    setCreated(null);
    setStatus(o ? `Editing ${o.id} version ${o.version} (${o.state})` : "A new scenario, not saved yet");
    setSection("general");
  };
  const change = (s: ScenarioJson) => {
    setScenario(s);
    setDirty(true);
  };
  const problems: Problem[] = validation?.problems ?? [];
  const counts = new Map<Section, number>();
  for (const p of problems) counts.set(sectionOf(p), (counts.get(sectionOf(p)) ?? 0) + 1);

  const act = async (what: () => Promise<void>) => {
    setActionErr("");
    try {
      await what();
    } catch (e) {
      setActionErr(message(e));
    }
  };
  const base = origin && origin.id === scenario?.id ? origin.version : 0;
  const save = (publish: boolean) =>
    act(async () => {
      let saved = origin && origin.id === scenario!.id && !dirty ? { id: origin.id, version: origin.version, state: origin.state } : null;
      if (!saved) saved = await api.saveScenario(token, { json: scenario! }, base, author.trim());
      if (publish && saved.state !== "published") saved = await api.publishScenario(token, saved.id, saved.version);
      setOrigin({ id: saved.id, version: saved.version, state: saved.state });
      setDirty(false);
      setStatus(`Saved as ${saved.id} version ${saved.version} (${saved.state})`);
    });
  const archive = () =>
    act(async () => {
      const a = await api.archiveScenario(token, origin!.id, origin!.version);
      setOrigin({ id: a.id, version: a.version, state: a.state });
      setStatus(`${a.id} is archived: no longer offered for new sessions (sessions created from it go on)`);
    });
  const downloadText = () =>
    act(async () => download(`${origin!.id}-v${origin!.version}.textproto`, await api.scenarioText(token, origin!.id, origin!.version), "text/plain"));
  const createSession = () =>
    act(async () => {
      const c = await api.createSession(token, origin!.id, `${scenario!.title ?? origin!.id} (studio)`, origin!.version);
      try {
        sessionStorage.setItem(`parley.links.${c.session_id}`, JSON.stringify(c));
      } catch {
        /* ignore */
      }
      setCreated(c);
    });

  const valid = !!validation?.valid;
  const saved = !!origin && !dirty && origin.id === scenario?.id;
  return (
    <main class="studio" data-testid="studio">
      <header class="top">
        <div class="ident">
          <h1>Scenario studio</h1>
          <p class="small muted">
            <a href="/admin" onClick={(e) => (mayLeave() ? undefined : e.preventDefault())}>
              Back to sessions
            </a>
            {scenario ? (
              <>
                {" · "}
                <button type="button" class="link" onClick={() => mayLeave() && setScenario(null)}>
                  Start another
                </button>
              </>
            ) : (
              <>
                {" · "}
                <button type="button" class="link" onClick={() => forgetToken(false)}>
                  Use another token
                </button>
              </>
            )}
          </p>
        </div>
        {scenario ? (
          <p role="status" data-testid="studio-status">
            {checking ? "checking… " : ""}
            {validation ? (valid ? "✓ valid" : `⚠ ${problems.length} problem${problems.length === 1 ? "" : "s"}`) : ""}
            {" · "}
            {status}
            {dirty && origin ? " (unsaved changes)" : ""}
          </p>
        ) : null}
      </header>
      {!scenario ? (
        <Start token={token} onOpen={open} onBadToken={() => forgetToken(true)} />
      ) : (
        <div class="studio-body">
          <nav class="studio-tabs" aria-label="Scenario sections">
            {SECTIONS.map(([key, label]) => (
              <button type="button" key={key} aria-pressed={section === key} data-testid={`tab-${key}`} onClick={() => setSection(key)}>
                {label}
                {counts.get(key) ? <span class="badge"> ⚠ {counts.get(key)}</span> : null}
              </button>
            ))}
          </nav>
          <div class="studio-form">
            {section === "general" ? <GeneralSection scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "roles" ? <RolesSection scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "issues" ? <IssuesSection scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "preferences" ? <PreferenceGrid scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "structure" ? <StructureSection scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "injects" ? <InjectsSection scenario={scenario} problems={problems} onChange={change} /> : null}
            {section === "outcomes" ? <OutcomesSection scenario={scenario} problems={problems} onChange={change} /> : null}
          </div>
          <aside class="studio-side">
            <section aria-labelledby="problems-h" data-testid="problems">
              <h2 id="problems-h">Problems</h2>
              {!validation ? <p class="muted small">Checking…</p> : valid ? <p>✓ None: the server accepts this scenario.</p> : (
                <ul class="small">
                  {problems.map((p, i) => (
                    <li key={i}>
                      <button type="button" class="link" onClick={() => setSection(sectionOf(p))}>
                        {p.path || "scenario"}
                      </button>
                      : {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="analysis-h">
              <h2 id="analysis-h">Analysis</h2>
              <AnalysisPanel analysis={validation?.analysis} valid={valid} />
            </section>
            <section aria-labelledby="rehearsal-h">
              <h2 id="rehearsal-h">Rehearsal</h2>
              <RehearsalPanel report={report} busy={rehearsing} err={rehearseErr} valid={valid} />
            </section>
          </aside>
          <footer class="studio-actions">
            <div class="row wrap">
              <label for="studio-author">Author</label>
              <input id="studio-author" value={author} placeholder="your name" onInput={(e) => setAuthor((e.target as HTMLInputElement).value)} />
              <button type="button" data-testid="save" disabled={!valid || saved} onClick={() => save(false)}>
                Save draft
              </button>
              <button type="button" data-testid="publish" disabled={!valid || (saved && origin?.state === "published")} onClick={() => save(true)}>
                {saved ? "Publish" : "Save and publish"}
              </button>
              <button type="button" disabled={!saved || origin?.state === "archived"} onClick={archive}>
                Archive
              </button>
              <button type="button" disabled={!saved} title={saved ? "" : "save first"} onClick={downloadText}>
                Download .textproto
              </button>
              <button type="button" data-testid="create-session" disabled={!saved || origin?.state === "archived"} onClick={createSession}>
                Create a session
              </button>
            </div>
            {!valid && validation ? <p class="small muted">Fix the problems to save: the server keeps only scenarios that play.</p> : null}
            {actionErr ? <p class="refusal" role="alert" data-testid="studio-error">{actionErr}</p> : null}
            {created ? (
              <section data-testid="studio-created">
                <p>
                  Session {created.session_id} created from {origin?.id} version {origin?.version}.{" "}
                  <a class="button" href={`/join#${created.facilitator_token}`} data-testid="studio-dashboard">
                    Open the white cell dashboard
                  </a>
                </p>
                <LinkField label="Observer / projector link" url={joinUrl(created.observer_code)} testid="studio-link-observer" />
                {created.seats
                  .filter((s) => s.seat === 0)
                  .map((s) => {
                    const role = scenario.roles?.find((r) => r.id === s.role);
                    return (
                      <LinkField key={s.role} label={`${role?.name ?? s.role} — ${seatLabel(kindFromName(role?.kind ?? ""), 0)}`} url={joinUrl(s.join_code)}
                        testid={`studio-link-${s.role}`} />
                    );
                  })}
                <p class="small muted">Advisers' links, QR codes and bots: on the white cell dashboard.</p>
              </section>
            ) : null}
          </footer>
        </div>
      )}
    </main>
  );
}
