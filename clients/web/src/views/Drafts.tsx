// The tabled texts as a table (one row per text, one column per issue with option labels),
// the composer for a new draft or an amendment, and the vote controls.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { VoteChoice, type DraftWorth, type Scenario, type TreatyText } from "../protocol/schema";
import { fmtUtility, optionLabel, phaseActions, roleName, roleOf } from "../state/selectors";
import { utilityOf } from "../state/utility";
import type { SessionClient } from "../session";
import { Refusal, useCommand } from "./common";

export function voteMark(c: VoteChoice | undefined): string {
  switch (c) {
    case VoteChoice.YES:
      return "✓ yes";
    case VoteChoice.NO:
      return "✗ no";
    case VoteChoice.ABSTAIN:
      return "– abstain";
    default:
      return "not voted";
  }
}

function Lineage({ t }: { t: TreatyText }) {
  return t.parentId ? <span class="muted">amends {t.parentId}</span> : <span class="muted">original</span>;
}

/** This delegation's utility of a text against its BATNA (with the pledges it would receive),
 * and any red line it crosses, as the engine computes them (the desk the server sends). */
export function UtilityNote(props: { sc: Scenario; worth: DraftWorth | undefined; batna: number; withBatna?: boolean }) {
  const { sc, worth: w } = props;
  if (!w) return null;
  const batna = props.withBatna ? ` ${fmtUtility(props.batna)}` : "";
  const pledges = w.pledges ? ` ${w.pledges > 0 ? "+" : "−"} ${fmtUtility(Math.abs(w.pledges))} pledged` : "";
  return (
    <span class="utility" data-testid="utility">
      {w.complete ? (
        <>
          <strong>{fmtUtility(w.utility)}</strong>
          {pledges} {w.utility + w.pledges >= props.batna ? `≥ BATNA${batna} ✓` : `< BATNA${batna} ✗`}
        </>
      ) : (
        <span class="muted">{fmtUtility(w.utility)} so far (incomplete)</span>
      )}
      {w.redLines.length ? (
        <span class="mark redline" title={w.redLines.map((r) => optionText(sc, r)).join("\n")}>
          {" "}
          ⚠ red line: {w.redLines.map((r) => optionLabel(sc, r)).join(", ")}
        </span>
      ) : null}
    </span>
  );
}

function optionText(sc: Scenario, id: string): string {
  for (const issue of sc.issues) {
    const o = issue.options.find((x) => x.id === id);
    if (o) return o.text || o.label || o.id;
  }
  return id;
}

/** A text's clauses: each issue with its option's label (the clause itself on hover). */
export function Clauses({ sc, options, redLines }: { sc: Scenario; options: Record<string, string>; redLines: string[] }) {
  return (
    <dl class="clauses" data-testid="clauses">
      {sc.issues.map((i) => {
        const o = options[i.id];
        return (
          <div key={i.id}>
            <dt>{i.name}</dt>
            <dd title={o ? optionText(sc, o) : undefined}>
              {o ? optionLabel(sc, o) : <span class="muted">open</span>}
              {o && redLines.includes(o) ? <span class="mark"> ⚠ red line</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export interface DraftsProps {
  client: SessionClient;
  mode: "desk" | "dashboard" | "projector";
  onAmend?: (textId: string) => void;
}

/**
 * One row per text. The first column (id, title, author, actions) stays in place when the
 * table scrolls sideways, and the desk's utility comes right after it; issue columns show
 * option labels, with the clause text on hover.
 */
export function DraftsTable({ client, mode, onAmend }: DraftsProps) {
  const sc = client.scenario!;
  const s = client.view.state;
  const me = client.me!;
  const profile = roleOf(sc, me.role)?.profile;
  const texts = s.texts;
  if (texts.length === 0) return <p class="muted">No text has been tabled yet.</p>;
  const allowed = client.allowed();
  const voting = mode === "desk" ? allowed.has("vote") : phaseActions(sc, s).has("vote");
  const showVotes = mode !== "projector" && (voting || texts.some((t) => Object.keys(t.votes).length > 0));
  const showActions = mode === "desk" && !!onAmend && (allowed.has("amend") || allowed.has("cosponsor") || allowed.has("withdraw"));
  const showUtility = mode === "desk" && !!client.desk?.hasProfile;
  return (
    <div class={`tablewrap sticky drafts-wrap drafts-${mode}`} tabIndex={0} aria-label="tabled texts, scrolls sideways">
      <table class="drafts compact" data-testid="drafts">
        <caption class="sr-only">Tabled texts</caption>
        <thead>
          <tr>
            <th scope="col" class="first">Text</th>
            {showUtility ? <th scope="col">Your utility (BATNA {fmtUtility(client.desk!.batna)})</th> : null}
            {showVotes ? <th scope="col">Votes this phase</th> : null}
            {sc.issues.map((i) => (
              <th scope="col" key={i.id} title={i.description}>
                {i.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {texts.map((t) => (
            <DraftRow
              key={t.textId}
              t={t}
              client={client}
              mode={mode}
              onAmend={showActions ? onAmend : undefined}
              showVotes={showVotes}
              showUtility={showUtility}
              sc={sc}
              redLines={mode === "desk" ? (profile?.redLines ?? []) : []}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DraftRow(props: {
  t: TreatyText;
  client: SessionClient;
  mode: DraftsProps["mode"];
  onAmend?: (id: string) => void;
  showVotes: boolean;
  showUtility: boolean;
  sc: Scenario;
  redLines: string[];
}) {
  const { t, client, sc } = props;
  const s = client.view.state;
  const me = client.me!;
  const adopted = s.adoptedTextId === t.textId;
  const votes = Object.entries(t.votes);
  const allowed = props.mode === "desk" ? props.client.allowed() : new Set<string>();
  const [cmd, st] = useCommand(client);
  const live = !t.withdrawn;
  const canAmend = live && allowed.has("amend");
  const canCosponsor = live && allowed.has("cosponsor") && t.author !== me.role && !t.cosponsors.includes(me.role);
  const canWithdraw = live && allowed.has("withdraw") && t.author === me.role;
  return (
    <tr data-testid={`draft-${t.textId}`} class={t.withdrawn ? "withdrawn" : adopted ? "adopted" : ""}>
      <th scope="row" class="first">
        <span class="mono">{t.textId}</span> {t.title ? <span class="title">“{t.title}”</span> : null}
        <div class="small">
          <Lineage t={t} />
          {t.withdrawn ? <span class="mark"> · withdrawn</span> : null}
          {adopted ? <span class="mark"> · ★ adopted</span> : null}
        </div>
        <div class="small">
          by {roleName(sc, t.author)}
          {t.cosponsors.length ? <span class="muted"> with {t.cosponsors.map((c) => roleName(sc, c)).join(", ")}</span> : null}
        </div>
        {props.onAmend && (canAmend || canCosponsor || canWithdraw) ? (
          <div class="actions">
            {canAmend ? (
              <button type="button" class="small" onClick={() => props.onAmend!(t.textId)} aria-label={`amend ${t.textId}`}>
                Amend
              </button>
            ) : null}
            {canCosponsor ? (
              <button type="button" class="small" disabled={st.busy} onClick={() => cmd({ kind: { case: "cosponsorText", value: { textId: t.textId } } })} aria-label={`co-sponsor ${t.textId}`}>
                Co-sponsor
              </button>
            ) : null}
            {canWithdraw ? (
              <button type="button" class="small" disabled={st.busy} onClick={() => cmd({ kind: { case: "withdrawText", value: { textId: t.textId } } })} aria-label={`withdraw ${t.textId}`}>
                Withdraw
              </button>
            ) : null}
          </div>
        ) : null}
        <Refusal st={st} />
      </th>
      {props.showUtility ? (
        <td class="util" data-label="Your utility">
          <UtilityNote sc={sc} worth={client.worth(t.textId)} batna={client.desk?.batna ?? 0} />
        </td>
      ) : null}
      {props.showVotes ? (
        <td class="small" data-label="Votes">{votes.length ? votes.map(([r, c]) => `${r} ${voteMark(c)}`).join(" · ") : <span class="muted">—</span>}</td>
      ) : null}
      {sc.issues.map((i) => {
        const o = t.options[i.id];
        return (
          <td key={i.id} data-issue={i.id} data-label={i.name} title={o ? optionText(sc, o) : undefined}>
            {o ? optionLabel(sc, o) : <span class="muted">open</span>}
            {o && props.redLines.includes(o) ? <span class="mark"> ⚠ red line</span> : null}
          </td>
        );
      })}
    </tr>
  );
}

/** Compose a new text, or an amendment to `parentId`, by picking one option per issue. */
export function Composer({ client, parentId, onDone }: { client: SessionClient; parentId: string; onDone: () => void }) {
  const sc = client.scenario!;
  const s = client.view.state;
  const me = client.me!;
  const parent = parentId ? s.texts.find((t) => t.textId === parentId) : undefined;
  const [title, setTitle] = useState("");
  const [choice, setChoice] = useState<Record<string, string>>(() => ({ ...(parent?.options ?? {}) }));
  const [cmd, st] = useCommand(client);
  const myRole = s.roles.find((r) => r.role === me.role);
  const profile = roleOf(sc, me.role)?.profile;
  const u = useMemo(() => utilityOf(sc, myRole, choice, profile?.redLines ?? []), [sc, myRole, choice, profile]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const options: Record<string, string> = {};
    for (const [k, v] of Object.entries(choice)) if (v) options[k] = v;
    const o = parent
      ? await cmd({ kind: { case: "amendText", value: { textId: parent.textId, title, options } } })
      : await cmd({ kind: { case: "tableText", value: { title, options } } });
    if (o.ok) onDone();
  };
  const prefix = parentId ? "amend" : "compose";
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <form class="composer" ref={form} onSubmit={submit} data-testid={parentId ? "amend-form" : "compose-form"} aria-label={parent ? `amend ${parent.textId}` : "table a new text"}>
      <h3>{parent ? `Amend ${parent.textId}${parent.title ? " “" + parent.title + "”" : ""}` : "Table a new text"}</h3>
      <div class="field">
        <label for={`${prefix}-title`}>Title</label>
        <input id={`${prefix}-title`} value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} maxLength={200} />
      </div>
      <div class="issues">
        {sc.issues.map((i) => (
          <div class="field" key={i.id}>
            <label for={`${prefix}-${i.id}`}>{i.name}</label>
            <select
              id={`${prefix}-${i.id}`}
              data-issue={i.id}
              value={choice[i.id] ?? ""}
              onChange={(e) => setChoice({ ...choice, [i.id]: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{parent ? "(as in " + parent.textId + ")" : "— leave open —"}</option>
              {i.options.map((o) => (
                <option key={o.id} value={o.id} title={o.text}>
                  {o.label}
                  {profile?.redLines.includes(o.id) ? " (your red line)" : ""}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {u ? (
        <p class="small" aria-live="polite">
          Your utility for this text: <strong>{fmtUtility(u.utility)}</strong>
          {u.complete ? (u.utility >= (myRole?.batna ?? 0) ? " ≥ BATNA ✓" : " < BATNA ✗") : " (incomplete)"}
          {u.redLines.length ? ` · ⚠ crosses your red line ${u.redLines.map((r) => optionLabel(sc, r)).join(", ")}` : ""}
        </p>
      ) : null}
      <div class="row">
        <button type="submit" disabled={st.busy}>
          {parent ? "Table amendment" : "Table text"}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <Refusal st={st} />
    </form>
  );
}

/** Vote on each text of the ballot (head of delegation, vote phase), with this delegation's
 * utility of each; the ballot (standing text, new and carried-over texts, what silence does) is
 * the engine's, from the desk. */
export function VotePanel({ client }: { client: SessionClient }) {
  const s = client.view.state;
  const sc = client.scenario!;
  const b = client.desk?.ballot;
  const onBallot = new Set([...(b?.newTextIds ?? []), ...(b?.carriedTextIds ?? [])]);
  const texts = s.texts.filter((t) => onBallot.has(t.textId));
  if (!b || texts.length === 0) return <p class="muted">No text to vote on: only complete texts that include you are put to a vote.</p>;
  const yes = (n: number) => `${n} yes vote${n === 1 ? "" : "s"}`;
  return (
    <>
      {b.standingTextId ? (
        <p data-testid="standing-text">
          <strong>Standing text: {b.standingTextId}</strong>, adopted with {yes(b.standingYes)}.{" "}
          {b.yesToDisplace ? `Another text replaces it only with at least ${yes(b.yesToDisplace)}.` : "A text that passes replaces it."} Voting
          no on it does not unadopt it: only a text that displaces it does.
        </p>
      ) : null}
      <p class="small" data-testid="ballot-silence">
        {b.silence} <span data-testid="ballot-now">{b.ifClosedNow}</span>
      </p>
      <ul class="votes" data-testid="vote-panel">
        {texts.map((t) => (
          <VoteRow key={t.textId} client={client} t={t} sc={sc} fresh={b.newTextIds.includes(t.textId)} />
        ))}
      </ul>
    </>
  );
}

function VoteRow({ client, t, sc, fresh }: { client: SessionClient; t: TreatyText; sc: Scenario; fresh: boolean }) {
  const [cmd, st] = useCommand(client);
  const me = client.me!.role;
  const mine = t.votes[me];
  const cast = (choice: VoteChoice) => cmd({ kind: { case: "vote", value: { textId: t.textId, choice } } });
  const gate = client.gate("vote");
  const closed = !!gate && !gate.open;
  return (
    <li data-testid={`vote-${t.textId}`}>
      <div>
        <span class="mono">{t.textId}</span> {t.title}
        {client.view.state.adoptedTextId === t.textId ? <strong> (standing)</strong> : null}{" "}
        <span class="tag" data-testid="ballot-age" data-age={fresh ? "new" : "carried"}>{fresh ? "new this round" : "carried over"}</span> ·{" "}
        <UtilityNote sc={sc} worth={client.worth(t.textId)} batna={client.desk?.batna ?? 0} withBatna />
      </div>
      <div class="row">
        <span>
          your vote: <strong>{voteMark(mine)}</strong>
        </span>
        <span role="group" aria-label={`vote on ${t.textId}`} class="row">
          <button type="button" disabled={st.busy || closed} onClick={() => cast(VoteChoice.YES)} aria-pressed={mine === VoteChoice.YES}>
            Yes
          </button>
          <button type="button" disabled={st.busy || closed} onClick={() => cast(VoteChoice.NO)} aria-pressed={mine === VoteChoice.NO}>
            No
          </button>
          <button type="button" disabled={st.busy || closed} onClick={() => cast(VoteChoice.ABSTAIN)} aria-pressed={mine === VoteChoice.ABSTAIN}>
            Abstain
          </button>
        </span>
      </div>
      {closed ? <p class="small muted">Voting is closed now: {gate!.reason}.</p> : null}
      <Refusal st={st} />
    </li>
  );
}
