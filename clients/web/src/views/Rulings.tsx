// The white cell's own record on the dashboard: private notes for the review,
// rulings told to everyone or to some roles (optionally moving a role's BATNA),
// and its rating of each of the scenario's objectives for the HSEEP section.
// The server checks every field; a refusal shows next to its form.
import { useState } from "preact/hooks";
import { ObjectiveRating, RoleKind } from "../protocol/schema";
import type { SessionClient } from "../session";
import { Capped, Refusal, Section, timeOf, useCommand } from "./common";

const RATING_WORDS: [ObjectiveRating, string][] = [
  [ObjectiveRating.MET, "met"],
  [ObjectiveRating.PARTLY_MET, "partly met"],
  [ObjectiveRating.NOT_MET, "not met"],
];

function ObjectiveRow({ client, index, text }: { client: SessionClient; index: number; text: string }) {
  const [cmd, st] = useCommand(client);
  const mine = client.view.logs.ratings.filter((r) => r.objective === index);
  const rated = mine[mine.length - 1];
  const [rating, setRating] = useState<ObjectiveRating>(rated?.rating ?? ObjectiveRating.OBJECTIVE_RATING_UNSPECIFIED);
  const [comment, setComment] = useState(rated?.comment ?? "");
  const words = RATING_WORDS.find(([r]) => r === rated?.rating)?.[1];
  return (
    <li data-testid={`objective-${index}`}>
      <p>
        {text}{" "}
        <strong data-testid="rating">{words ? `· ${words}` : <span class="muted">· not rated</span>}</strong>
        {rated?.comment ? <span class="muted"> — {rated.comment}</span> : null}
      </p>
      <form
        class="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          cmd({ kind: { case: "rateObjective", value: { objective: index, rating, comment } } });
        }}
      >
        <label for={`rate-${index}`} class="sr-only">
          Rating of objective {index + 1}
        </label>
        <select id={`rate-${index}`} value={String(rating)} onChange={(e) => setRating(Number((e.target as HTMLSelectElement).value) as ObjectiveRating)}>
          <option value={String(ObjectiveRating.OBJECTIVE_RATING_UNSPECIFIED)} disabled>
            — rate it —
          </option>
          {RATING_WORDS.map(([r, w]) => (
            <option key={r} value={String(r)}>
              {w}
            </option>
          ))}
        </select>
        <label for={`rate-comment-${index}`} class="sr-only">
          Comment on objective {index + 1}
        </label>
        <input id={`rate-comment-${index}`} value={comment} placeholder="why (for the review)" maxLength={2000} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={st.busy || rating === ObjectiveRating.OBJECTIVE_RATING_UNSPECIFIED}>
          Rate
        </button>
        <Refusal st={st} />
      </form>
    </li>
  );
}

/** Each of the scenario's objectives with the white cell's rating (met, partly, not met) and why. */
export function ObjectivesPanel({ client }: { client: SessionClient }) {
  const objectives = client.scenario!.objectives;
  if (!objectives.length) return null;
  return (
    <Section title="Objectives" id="objectives" testid="objectives">
      <p class="small muted">Your rating of each, with a comment, goes to the review's HSEEP section; you can rate after the session ends.</p>
      <ol class="objectives">
        {objectives.map((o, i) => (
          <ObjectiveRow key={i} client={client} index={i} text={o} />
        ))}
      </ol>
    </Section>
  );
}

function NoteForm({ client }: { client: SessionClient }) {
  const [cmd, st] = useCommand(client);
  const [text, setText] = useState("");
  return (
    <form
      class="stack"
      data-testid="note-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if ((await cmd({ kind: { case: "note", value: { text } } })).ok) setText("");
      }}
    >
      <label for="note-text">Private note (kept for the review; only the white cell sees it)</label>
      <textarea id="note-text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" disabled={st.busy}>
        Keep note
      </button>
      <Refusal st={st} />
    </form>
  );
}

function RulingForm({ client }: { client: SessionClient }) {
  const sc = client.scenario!;
  const players = sc.roles.filter((r) => r.kind === RoleKind.DELEGATION || r.kind === RoleKind.OUTSIDE_POWER);
  const [cmd, st] = useCommand(client);
  const [text, setText] = useState("");
  const [audience, setAudience] = useState<string[]>([]);
  const [batnaRole, setBatnaRole] = useState("");
  const [batnaDelta, setBatnaDelta] = useState("");
  const toggle = (id: string) => setAudience((a) => (a.includes(id) ? a.filter((x) => x !== id) : [...a, id]));
  const submit = async (e: Event) => {
    e.preventDefault();
    const delta = Number(batnaDelta);
    const effects = batnaRole && batnaDelta !== "" ? [{ role: batnaRole, batnaDelta: delta }] : [];
    const o = await cmd({ kind: { case: "adjudicate", value: { text, audience, effects } } });
    if (o.ok) {
      setText("");
      setBatnaDelta("");
    }
  };
  return (
    <form class="stack" data-testid="ruling-form" onSubmit={submit}>
      <label for="ruling-text">Ruling</label>
      <textarea id="ruling-text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <fieldset>
        <legend>Told to (none ticked: everyone)</legend>
        <div class="row wrap">
          {players.map((r) => (
            <label key={r.id} class="check">
              <input type="checkbox" checked={audience.includes(r.id)} onChange={() => toggle(r.id)} /> {r.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="row wrap">
        <label for="ruling-batna-role">Change a BATNA (optional)</label>
        <select id="ruling-batna-role" value={batnaRole} onChange={(e) => setBatnaRole((e.target as HTMLSelectElement).value)}>
          <option value="">— none —</option>
          {players.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <label for="ruling-batna-delta" class="sr-only">
          BATNA change in utility points
        </label>
        <input
          id="ruling-batna-delta"
          type="number"
          step="any"
          placeholder="e.g. -5"
          value={batnaDelta}
          onInput={(e) => setBatnaDelta((e.target as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" disabled={st.busy}>
        Issue ruling
      </button>
      <Refusal st={st} />
    </form>
  );
}

/** Notes and rulings, newest first, under the two forms. */
export function RulingsPanel({ client }: { client: SessionClient }) {
  const v = client.view;
  const rulings = v.logs.news.filter((n) => n.kind === "ruling");
  return (
    <Section title="Rulings and notes" id="rulings" testid="rulings">
      <RulingForm client={client} />
      <Capped
        items={rulings}
        label="rulings"
        empty="No ruling yet."
        render={(r) => (
          <li key={r.seq} data-testid="ruling">
            <strong>{r.title}</strong>
            {r.audience.length ? <span class="muted"> (to {r.audience.join(", ")})</span> : <span class="muted"> (to everyone)</span>}: {r.text}
          </li>
        )}
      />
      <NoteForm client={client} />
      <Capped
        items={v.logs.notes}
        label="notes"
        empty="No note yet."
        render={(n) => (
          <li key={n.seq} data-testid="note">
            <span class="muted small">
              R{n.round} {timeOf(n.atMs)}
            </span>{" "}
            {n.text}
          </li>
        )}
      />
    </Section>
  );
}
