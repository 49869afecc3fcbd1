// The tabled texts as a table (one row per text, one column per issue with option labels),
// the composer for a new draft or an amendment, and the vote controls.
import { useMemo, useState } from "preact/hooks";
import { VoteChoice, type Scenario, type TreatyText } from "../protocol/schema";
import { fmtUtility, optionLabel, roleName, roleOf } from "../state/selectors";
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

export interface DraftsProps {
  client: SessionClient;
  mode: "desk" | "dashboard" | "projector";
  onAmend?: (textId: string) => void;
}

export function DraftsTable({ client, mode, onAmend }: DraftsProps) {
  const sc = client.scenario!;
  const s = client.view.state;
  const me = client.me!;
  const myRole = s.roles.find((r) => r.role === me.role);
  const profile = roleOf(sc, me.role)?.profile;
  const texts = s.texts;
  if (texts.length === 0) return <p class="muted">No text has been tabled yet.</p>;
  const allowed = client.allowed();
  const showVotes = allowed.has("vote") || texts.some((t) => Object.keys(t.votes).length > 0);
  const showActions = mode === "desk" && !!onAmend && (allowed.has("amend") || allowed.has("cosponsor") || allowed.has("withdraw"));
  return (
    <div class="tablewrap" tabIndex={0} aria-label="tabled texts, scrolls sideways">
      <table class="drafts" data-testid="drafts">
        <caption class="sr-only">Tabled texts</caption>
        <thead>
          <tr>
            <th scope="col">Text and author</th>
            {sc.issues.map((i) => (
              <th scope="col" key={i.id} title={i.description}>
                {i.name}
              </th>
            ))}
            {mode === "desk" && myRole?.weights.length ? <th scope="col">Your utility (BATNA {fmtUtility(myRole.batna)})</th> : null}
            {showVotes ? <th scope="col">Votes this phase</th> : null}
            {showActions ? <th scope="col">Actions</th> : null}
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
              sc={sc}
              redLines={profile?.redLines ?? []}
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
  sc: Scenario;
  redLines: string[];
}) {
  const { t, client, mode, sc } = props;
  const s = client.view.state;
  const me = client.me!;
  const myRole = s.roles.find((r) => r.role === me.role);
  const u = mode === "desk" ? utilityOf(sc, myRole, t.options, props.redLines) : null;
  const adopted = s.adoptedTextId === t.textId;
  const votes = Object.entries(t.votes);
  const allowed = props.mode === "desk" ? props.client.allowed() : new Set<string>();
  const [cmd, st] = useCommand(client);
  return (
    <tr data-testid={`draft-${t.textId}`} class={t.withdrawn ? "withdrawn" : adopted ? "adopted" : ""}>
      <th scope="row">
        <span class="mono">{t.textId}</span> {t.title ? <span>“{t.title}”</span> : null}
        <div class="small">
          <Lineage t={t} />
          {t.withdrawn ? <span class="mark"> · withdrawn</span> : null}
          {adopted ? <span class="mark"> · ★ adopted</span> : null}
        </div>
        <div class="small">
          by {roleName(sc, t.author)}
          {t.cosponsors.length ? <span class="muted"> with {t.cosponsors.map((c) => roleName(sc, c)).join(", ")}</span> : null}
        </div>
      </th>
      {sc.issues.map((i) => {
        const o = t.options[i.id];
        return (
          <td key={i.id} data-issue={i.id}>
            {o ? optionLabel(sc, o) : <span class="muted">open</span>}
            {o && props.redLines.includes(o) ? <span class="mark"> ⚠ red line</span> : null}
          </td>
        );
      })}
      {mode === "desk" && u ? (
        <td data-testid="utility">
          {u.complete ? (
            <>
              <strong>{fmtUtility(u.utility)}</strong> {u.utility >= (myRole?.batna ?? 0) ? "≥ BATNA ✓" : "< BATNA ✗"}
            </>
          ) : (
            <span class="muted">{fmtUtility(u.utility)} so far (incomplete)</span>
          )}
          {u.redLines.length ? <div class="mark">⚠ crosses your red line {u.redLines.map((r) => optionLabel(sc, r)).join(", ")}</div> : null}
        </td>
      ) : null}
      {props.showVotes ? (
        <td class="small">{votes.length ? votes.map(([r, c]) => `${r} ${voteMark(c)}`).join(" · ") : <span class="muted">—</span>}</td>
      ) : null}
      {mode === "desk" && props.onAmend ? (
        <td class="actions">
          {!t.withdrawn && allowed.has("amend") ? (
            <button type="button" onClick={() => props.onAmend!(t.textId)} aria-label={`amend ${t.textId}`}>
              Amend
            </button>
          ) : null}
          {!t.withdrawn && allowed.has("cosponsor") && t.author !== me.role && !t.cosponsors.includes(me.role) ? (
            <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "cosponsorText", value: { textId: t.textId } } })} aria-label={`co-sponsor ${t.textId}`}>
              Co-sponsor
            </button>
          ) : null}
          {!t.withdrawn && allowed.has("withdraw") && t.author === me.role ? (
            <button type="button" disabled={st.busy} onClick={() => cmd({ kind: { case: "withdrawText", value: { textId: t.textId } } })} aria-label={`withdraw ${t.textId}`}>
              Withdraw
            </button>
          ) : null}
          <Refusal st={st} />
        </td>
      ) : null}
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
  return (
    <form class="composer" onSubmit={submit} data-testid={parentId ? "amend-form" : "compose-form"} aria-label={parent ? `amend ${parent.textId}` : "table a new text"}>
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

/** Vote on each live, complete text (head of delegation, vote phase). */
export function VotePanel({ client }: { client: SessionClient }) {
  const s = client.view.state;
  const sc = client.scenario!;
  const texts = s.texts.filter((t) => !t.withdrawn);
  if (texts.length === 0) return <p class="muted">No text to vote on.</p>;
  return (
    <ul class="votes" data-testid="vote-panel">
      {texts.map((t) => (
        <VoteRow key={t.textId} client={client} t={t} sc={sc} />
      ))}
    </ul>
  );
}

function VoteRow({ client, t }: { client: SessionClient; t: TreatyText; sc: Scenario }) {
  const [cmd, st] = useCommand(client);
  const mine = t.votes[client.me!.role];
  const cast = (choice: VoteChoice) => cmd({ kind: { case: "vote", value: { textId: t.textId, choice } } });
  return (
    <li data-testid={`vote-${t.textId}`}>
      <span class="mono">{t.textId}</span> {t.title} — your vote: <strong>{voteMark(mine)}</strong>{" "}
      <span role="group" aria-label={`vote on ${t.textId}`}>
        <button type="button" disabled={st.busy} onClick={() => cast(VoteChoice.YES)} aria-pressed={mine === VoteChoice.YES}>
          Yes
        </button>
        <button type="button" disabled={st.busy} onClick={() => cast(VoteChoice.NO)} aria-pressed={mine === VoteChoice.NO}>
          No
        </button>
        <button type="button" disabled={st.busy} onClick={() => cast(VoteChoice.ABSTAIN)} aria-pressed={mine === VoteChoice.ABSTAIN}>
          Abstain
        </button>
      </span>
      <Refusal st={st} />
    </li>
  );
}
