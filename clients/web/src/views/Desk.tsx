// The participant's desk (a delegation or an outside power).
import { useState } from "preact/hooks";
import { PledgeCondition, RoleKind, SessionStatus, SignatureStatus, Stage } from "../protocol/schema";
import { fmtUtility, optionLabel, roleName, roleOf, seatLabel, talkers } from "../state/selectors";
import { NameForm } from "./NameForm";
import type { SessionClient } from "../session";
import { NewsList, PageHeader, Refusal, ReviewLink, Section, Signatures, Statements, VoteResults, CrisisOutcomes, useCommand, useSession, type NavItem } from "./common";
import { Clauses, Composer, DraftsTable, UtilityNote, VotePanel } from "./Drafts";
import { NewMessage, NewRoom, StatementForm, Threads } from "./Talk";

/** The engine's reasons are clauses ("only the head of delegation (seat 0) can vote"): as a sentence. */
function capital(reason: string): string {
  return reason ? reason[0].toUpperCase() + reason.slice(1) : reason;
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </>
  );
}

function Brief({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const role = roleOf(sc, client.me!.role)!;
  return (
    <Section title="Brief" id="brief" testid="brief">
      <details>
        <summary>Conference: {sc.title}</summary>
        <Paragraphs text={sc.summary} />
        {sc.objectives.length ? (
          <>
            <p>
              <strong>What this exercise practises</strong>
            </p>
            <ul data-testid="objectives">
              {sc.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </>
        ) : null}
      </details>
      <details>
        <summary>Public brief</summary>
        <Paragraphs text={role.publicBrief} />
      </details>
      <details open>
        <summary>Private brief (only you and the white cell)</summary>
        <Paragraphs text={role.privateBrief} />
        {role.commitments.length ? (
          <ul>
            {role.commitments.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        ) : null}
      </details>
    </Section>
  );
}

function Preferences({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const me = client.me!.role;
  const rs = client.view.state.roles.find((r) => r.role === me);
  const profile = roleOf(sc, me)?.profile;
  if (!rs || rs.weights.length === 0) return null;
  return (
    <Section title="Your preferences" id="prefs" testid="preferences">
      <p>
        BATNA (utility of no treaty): <strong data-testid="batna">{fmtUtility(rs.batna)}</strong> · pledge points left:{" "}
        <strong data-testid="budget">{String(rs.budget)}</strong>
        {rs.received ? ` · received ${rs.received}` : ""}
        {rs.paid ? ` · paid ${rs.paid}` : ""}
      </p>
      {profile?.redLines.length ? (
        <p>
          Red lines (you may not sign a text with): <strong>{profile.redLines.map((r) => optionLabel(sc, r)).join("; ")}</strong>
        </p>
      ) : (
        <p>No red lines.</p>
      )}
      <div class="tablewrap">
        <table class="prefs">
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">Weight</th>
              <th scope="col">Options (your score, 0–100)</th>
            </tr>
          </thead>
          <tbody>
            {sc.issues.map((issue, i) => (
              <tr key={issue.id}>
                <th scope="row" title={issue.description}>
                  {issue.name}
                </th>
                <td>{fmtUtility(rs.weights[i] ?? 0)}</td>
                <td>
                  <ul class="opts">
                    {issue.options.map((o, j) => (
                      <li key={o.id} title={o.text}>
                        {o.label}: <strong>{Math.round(rs.scores[i]?.scores[j] ?? 0)}</strong>
                        {profile?.redLines.includes(o.id) ? <span class="mark"> ⚠ red line</span> : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Pledges({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const me = client.me!.role;
  const s = client.view.state;
  const targets = talkers(sc).filter((r) => r.id !== me && r.kind !== RoleKind.WHITE_CELL);
  const [to, setTo] = useState(targets[0]?.id ?? "");
  const [points, setPoints] = useState("5");
  const [cond, setCond] = useState<PledgeCondition>(PledgeCondition.IF_SIGNS);
  const [cmd, st] = useCommand(client);
  const [asking, setAsking] = useState(false);
  const canPledge = client.allowed().has("pledge");
  return (
    <Section title="Pledges" id="pledges" testid="pledges">
      {s.pledges.length ? (
        <ul>
          {s.pledges.map((p) => (
            <li key={p.pledgeId} data-testid="pledge">
              {p.pledgeId}: {roleName(sc, p.from)} → {roleName(sc, p.to)}, {String(p.points)} points{" "}
              {p.condition === PledgeCondition.IF_SIGNS ? "if it signs" : "if it does not sign"}
              {p.settled ? (p.paid ? " · ✓ paid" : " · ✗ not paid") : " · pending"}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No pledges made or received.</p>
      )}
      {canPledge ? (
        <form
          class="row wrap"
          data-testid="pledge-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!asking) return setAsking(true);  // a pledge cannot be taken back: say so first
            setAsking(false);
            cmd({ kind: { case: "pledge", value: { to, points: BigInt(Math.trunc(Number(points) || 0)), condition: cond } } });
          }}
        >
          <label for="pledge-to">To</label>
          <select id="pledge-to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
            {targets.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <label for="pledge-points">Points</label>
          <input id="pledge-points" type="number" min={1} step={1} value={points} onInput={(e) => setPoints((e.target as HTMLInputElement).value)} />
          <label for="pledge-cond">Paid</label>
          <select id="pledge-cond" value={String(cond)} onChange={(e) => setCond(Number((e.target as HTMLSelectElement).value) as PledgeCondition)}>
            <option value={String(PledgeCondition.IF_SIGNS)}>if it signs</option>
            <option value={String(PledgeCondition.IF_DECLINES)}>if it does not sign</option>
          </select>
          {asking ? (
            <p class="confirm" role="alert" data-testid="confirm">
              A pledge cannot be taken back: {Math.trunc(Number(points) || 0)} points of your budget go to {roleName(sc, to)}{" "}
              {cond === PledgeCondition.IF_SIGNS ? "if it signs" : "if it does not sign"}.
            </p>
          ) : null}
          <button type="submit" disabled={st.busy}>
            {asking ? "Yes, pledge" : "Pledge"}
          </button>
          {asking ? (
            <button type="button" onClick={() => setAsking(false)}>
              Back
            </button>
          ) : null}
          <Refusal st={st} />
        </form>
      ) : null}
    </Section>
  );
}

function SignPanel({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const s = client.view.state;
  const me = client.me!;
  const [cmd, st] = useCommand(client);
  const adopted = s.texts.find((t) => t.textId === s.adoptedTextId);
  const rs = s.roles.find((r) => r.role === me.role);
  // Shown while signatures are open and to every delegation (an adviser sees why it cannot sign).
  if (!adopted || roleOf(sc, me.role)?.kind !== RoleKind.DELEGATION) return null;
  const gate = client.gate("sign");
  if (!gate || (!gate.open && !/head of delegation|already decided/.test(gate.reason))) return null;
  const redLines = roleOf(sc, me.role)?.profile?.redLines ?? [];
  const note = <UtilityNote sc={sc} worth={client.worth(adopted.textId)} batna={client.desk?.batna ?? 0} withBatna />;
  return (
    <Section title={`Signature: text ${adopted.textId}${adopted.title ? " “" + adopted.title + "”" : ""}`} id="sign" testid="sign-panel">
      <p>Your utility: {note}</p>
      <Clauses sc={sc} options={adopted.options} redLines={redLines} />
      {rs?.signature === SignatureStatus.SIGNED ? (
        <p>✓ You have signed.</p>
      ) : rs?.signature === SignatureStatus.DECLINED ? (
        <p>✗ You have declined.</p>
      ) : !gate.open ? (
        <p class="muted">{capital(gate.reason)}.</p>
      ) : (
        <ConfirmIrrevocable
          choices={[
            { label: "Sign the treaty", confirm: "Yes, sign", consequence: `Signing text ${adopted.textId} cannot be undone: you are bound by every clause above.`,
              send: () => cmd({ kind: { case: "sign", value: {} } }) },
            { label: "Decline", confirm: "Yes, decline", consequence: `Declining cannot be undone: you will not be a party to text ${adopted.textId}, whoever signs it.`,
              send: () => cmd({ kind: { case: "decline", value: {} } }) },
          ]}
          busy={st.busy}
          detail={note}
        />
      )}
      <Refusal st={st} />
    </Section>
  );
}

/** Buttons for a step that cannot be taken back: the first click says what it will do, in words
 * (with `detail`: what the text is worth to this delegation), and a second click does it. */
function ConfirmIrrevocable(props: {
  choices: { label: string; confirm: string; consequence: string; send: () => void }[];
  busy: boolean;
  detail?: preact.ComponentChildren;
}) {
  const [asking, setAsking] = useState<number | null>(null);
  if (asking === null) {
    return (
      <div class="row">
        {props.choices.map((c, i) => (
          <button key={c.label} type="button" disabled={props.busy} onClick={() => setAsking(i)}>
            {c.label}
          </button>
        ))}
      </div>
    );
  }
  const c = props.choices[asking];
  return (
    <div class="confirm" role="alertdialog" aria-label={c.label} data-testid="confirm">
      <p>
        <strong>{c.consequence}</strong>
      </p>
      {props.detail ? <p>{props.detail}</p> : null}
      <div class="row">
        <button type="button" disabled={props.busy} onClick={() => { setAsking(null); c.send(); }}>
          {c.confirm}
        </button>
        <button type="button" onClick={() => setAsking(null)}>
          Back
        </button>
      </div>
    </div>
  );
}

/** The open crisis as its CrisisOpened, if this page saw it. */
function openedCrisis(client: SessionClient) {
  const s = client.view.state;
  const crises = client.view.logs.crises;
  const last = crises[crises.length - 1];
  return last && s.crisis?.injectId && last.opened.injectId === s.crisis.injectId ? last.opened : null;
}

type CrisisChoice = "commit" | "hold" | "optOut";

/** The open crisis: what happened, and what the engine says this seat may answer (the desk's
 * crisis offer: scope and clause, who is obliged, the responses it accepts). */
export function CrisisPanel({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const s = client.view.state;
  const [choice, setChoice] = useState<CrisisChoice>("commit");
  const [confirming, setConfirming] = useState(false);
  const [contribution, setContribution] = useState("0");
  const [lead, setLead] = useState("");
  const [cmd, st] = useCommand(client);
  const [vcmd, vst] = useCommand(client);
  const offer = client.desk?.crisis;
  if (s.stage !== Stage.STRESS_TEST || !s.crisis?.injectId) return null;
  const c = openedCrisis(client);
  const me = client.me!;
  const mine = s.crisis.responses[me.role];
  const myVote = s.crisis.votes[me.role];
  const choices: [CrisisChoice, string][] = [
    ["commit", "Commit forces to the response"],
    ["hold", "Do not commit"],
  ];
  if (offer?.mayOptOut) choices.push(["optOut", "Opt out (your conflicting commitment is recorded)"]);
  const contributionMax = offer && offer.contributionMax >= 0n ? Number(offer.contributionMax) : null;
  const send = () => {
    const n = Number(contribution);
    cmd({
      kind: {
        case: "respondToCrisis",
        value: {
          commit: choice === "commit",
          optOut: choice === "optOut",
          // As typed: the server refuses more than the budget, with its reason.
          contribution: choice === "commit" && contributionMax !== null && Number.isFinite(n) ? n : 0,
          nominateLead: offer?.mayNominate ? lead : "",
        },
      },
    });
  };
  return (
    <Section title="Crisis" id="crisis" testid="crisis-panel">
      {c ? (
        <>
          <p>
            <strong>{c.title}</strong> — {c.text}
          </p>
          <p class="small">
            {c.category} · victim {roleName(sc, c.victim)}
            {c.attacker ? ` · attacker ${roleName(sc, c.attacker)}` : ""} · cost {c.cost}
            {c.conflicting.length ? ` · conflicting commitments: ${c.conflicting.map((r) => roleName(sc, r)).join(", ")}` : ""}
          </p>
        </>
      ) : (
        <p>Crisis {s.crisis.injectId}</p>
      )}
      {offer ? (
        <div data-testid="crisis-offer">
          <p data-testid="crisis-scope">{offer.scope}</p>
          <p data-testid="crisis-obligation">
            {offer.obligation}
            {offer.obliged.length ? ` Obliged now: ${offer.obliged.map((r) => roleName(sc, r)).join(", ")}.` : ""}
            {offer.requiredStrength ? ` An obliged response needs a strength of ${fmtUtility(offer.requiredStrength)}.` : ""}
          </p>
          <p>
            <strong data-testid="crisis-ask">{offer.summary}</strong>
          </p>
        </div>
      ) : null}
      {mine ? (
        <p data-testid="crisis-mine">
          Your response: {mine.optOut ? "opted out" : mine.commit ? "✓ committed" : "✗ not committing"}
          {mine.contribution ? `, contributing ${mine.contribution}` : ""}
          {mine.nominateLead ? `, nominating ${roleName(sc, mine.nominateLead)}` : ""}
        </p>
      ) : null}
      {offer?.mayRespond ? (
        <form
          class="stack"
          data-testid="crisis-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!confirming) return setConfirming(true);  // a crisis response is final: say so first
            setConfirming(false);
            send();
          }}
        >
          <fieldset class="choices">
            <legend>Your response</legend>
            {choices.map(([value, label]) => (
              <label key={value} class="check">
                <input type="radio" name="crisis-choice" value={value} checked={choice === value} onChange={() => setChoice(value)} /> {label}
              </label>
            ))}
          </fieldset>
          {contributionMax !== null ? (
            <div class="row">
              <label for="crisis-contrib">Contribution (pledge points; voluntary cost-sharing, you have {contributionMax} unpledged)</label>
              <input
                id="crisis-contrib"
                type="number"
                min={0}
                max={contributionMax}
                step={1}
                value={contribution}
                disabled={choice !== "commit"}
                onInput={(e) => setContribution((e.target as HTMLInputElement).value)}
              />
            </div>
          ) : null}
          {offer.mayNominate ? (
            <div class="row">
              <label for="crisis-lead">Nominate a lead (council command)</label>
              <select id="crisis-lead" value={lead} onChange={(e) => setLead((e.target as HTMLSelectElement).value)}>
                <option value="">— none —</option>
                {offer.nominees.map((r) => (
                  <option key={r} value={r}>
                    {roleName(sc, r)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {confirming ? (
            <p class="confirm" role="alert" data-testid="confirm">
              This response is final for this crisis: {choices.find(([v]) => v === choice)?.[1] ?? choice}
              {choice === "commit" && Number(contribution) > 0 ? `, contributing ${contribution} points` : ""}.
              {choice !== "commit" && offer.obliged.includes(me.role) ? " You are obliged to commit: this counts as defection." : ""}
            </p>
          ) : null}
          <div>
            <button type="submit" disabled={st.busy}>
              {confirming ? "Yes, send this response" : "Send response"}
            </button>
            {confirming ? (
              <button type="button" onClick={() => setConfirming(false)}>
                Back
              </button>
            ) : null}
          </div>
          <Refusal st={st} />
        </form>
      ) : null}
      {offer?.mayVote ? (
        <div class="row" role="group" aria-label="crisis vote">
          <span>Collective action? Your vote: {myVote === undefined ? "not voted" : myVote ? "✓ yes" : "✗ no"}</span>
          <button type="button" disabled={vst.busy} onClick={() => vcmd({ kind: { case: "crisisVote", value: { yes: true } } })}>
            Vote yes
          </button>
          <button type="button" disabled={vst.busy} onClick={() => vcmd({ kind: { case: "crisisVote", value: { yes: false } } })}>
            Vote no
          </button>
          <Refusal st={vst} />
        </div>
      ) : null}
    </Section>
  );
}

function Negotiation({ client }: { client: SessionClient }) {
  const allowed = client.allowed();
  const me = client.me!;
  const kind = roleOf(client.scenario!, me.role)?.kind;
  const [composing, setComposing] = useState<string | null>(null); // "" new text, else the parent id
  const canTable = kind === RoleKind.DELEGATION && allowed.has("table");
  return (
    <Section title="Drafts" id="drafts" testid="drafts-panel">
      <DraftsTable client={client} mode="desk" onAmend={kind === RoleKind.DELEGATION ? (id) => setComposing(id) : undefined} />
      {composing !== null && (composing === "" ? canTable : allowed.has("amend")) ? (
        <Composer key={composing} client={client} parentId={composing} onDone={() => setComposing(null)} />
      ) : canTable ? (
        <button type="button" onClick={() => setComposing("")}>
          Compose a new text
        </button>
      ) : null}
      {client.desk?.ballot && kind === RoleKind.DELEGATION ? (
        me.seat === 0 ? (
          <>
            <h3>Vote</h3>
            <VotePanel client={client} />
          </>
        ) : (
          <p class="muted">{capital(client.gate("vote")?.reason ?? "only the head of delegation votes")}.</p>
        )
      ) : null}
    </Section>
  );
}

function Header({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const me = client.me!;
  const s = client.view.state;
  const kind = roleOf(sc, me.role)?.kind ?? RoleKind.DELEGATION;
  const nav: NavItem[] = [];
  if (s.stage === Stage.STRESS_TEST && s.crisis?.injectId) nav.push({ id: "crisis", label: "Crisis" });
  if (s.adoptedTextId && client.gate("sign")?.open && kind === RoleKind.DELEGATION) nav.push({ id: "sign", label: "Signature" });
  nav.push(
    { id: "drafts", label: "Drafts" },
    { id: "talks", label: "Talks" },
    { id: "statements", label: "Statements" },
    { id: "news", label: "News" },
    { id: "results", label: "Results" },
    { id: "brief", label: "Brief" },
    { id: "prefs", label: "Preferences" },
    { id: "pledges", label: "Pledges" },
  );
  return (
    <PageHeader
      client={client}
      title={
        <>
          {roleName(sc, me.role)} <span class="muted small">{seatLabel(kind, me.seat)}</span>
        </>
      }
      sub={[client.sessionTitle, sc.title].filter(Boolean).join(" · ")}
      note={
        <div>
          <p class="small" data-testid="allowed">
            {client.desk?.activity ?? "…"}
          </p>
          {s.status === SessionStatus.ENDED ? <ReviewLink client={client} label="Review" /> : null}
        </div>
      }
      nav={nav}
    />
  );
}

export function Desk({ client }: { client: SessionClient }) {
  useSession(client);
  const v = client.view;
  const sc = client.scenario!;
  return (
    <div class="desk" data-testid="desk">
      <Header client={client} />
      {client.nameAsked ? null : <NameForm client={client} required={false} />}
      <main class="deskmain">
        <div class="col">
          <CrisisPanel client={client} />
          <SignPanel client={client} />
          <Negotiation client={client} />
        </div>
        <div class="split">
          <div class="col">
            <Section title="Private talks" id="talks" testid="talks">
              <Threads client={client} />
              <NewMessage client={client} />
              <NewRoom client={client} />
            </Section>
            <Section title="Public statements" id="statements" testid="statements">
              <StatementForm client={client} />
              <Statements view={v} sc={sc} hide={client.hideBots ? client.botRoles() : undefined} />
            </Section>
          </div>
          <div class="col">
            <Section title="News and injects" id="news" testid="news">
              <NewsList view={v} sc={sc} me={client.me!.role} />
            </Section>
            <Section title="Results" id="results">
              <VoteResults view={v} rule={client.adoptionRule} />
              <Signatures view={v} sc={sc} />
              <CrisisOutcomes view={v} sc={sc} />
            </Section>
          </div>
          <div class="col">
            <Brief client={client} />
            <Preferences client={client} />
            <Pledges client={client} />
          </div>
        </div>
      </main>
    </div>
  );
}
