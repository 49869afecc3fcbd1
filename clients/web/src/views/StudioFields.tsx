// Form fields of the scenario studio: each shows the server's problems for its field path
// beneath it, so an author reads what is wrong where it is wrong.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { problemsAt, problemsExactly, type Problem } from "../state/studio";

let counter = 0;
function useId(prefix: string): string {
  return useMemo(() => `${prefix}-${++counter}`, []);
}

/** The problems at one path (exact), or inside it (`within`), as alerts. */
export function FieldProblems({ problems, path, within = false }: { problems: Problem[]; path: string; within?: boolean }) {
  const list = within ? problemsAt(problems, path) : problemsExactly(problems, path);
  if (!list.length) return null;
  return (
    <ul class="field-problems" data-path={path}>
      {list.map((p, i) => (
        <li key={i} role="alert">
          ⚠ {p.message}
        </li>
      ))}
    </ul>
  );
}

interface FieldProps {
  label: string;
  path: string;
  problems: Problem[];
  testid?: string;
}

export function TextField(props: FieldProps & { value: string; onInput: (v: string) => void; multiline?: boolean; placeholder?: string }) {
  const id = useId("sf");
  const bad = problemsExactly(props.problems, props.path).length > 0;
  return (
    <div class={`field${bad ? " has-problem" : ""}`}>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea id={id} rows={3} value={props.value} aria-invalid={bad} data-testid={props.testid} placeholder={props.placeholder}
          onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)} />
      ) : (
        <input id={id} value={props.value} aria-invalid={bad} data-testid={props.testid} placeholder={props.placeholder}
          onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
      )}
      <FieldProblems problems={props.problems} path={props.path} />
    </div>
  );
}

/** A number as typed: "0.", "-" or "" stay on screen while the author types; a value that
 * reads as a number is passed on at once, and the field shows the scenario's value again when
 * it changes from elsewhere. */
export function NumberInput(props: { id?: string; value: number; label?: string; testid?: string; invalid?: boolean; onInput: (v: number) => void }) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => {
    if (Number(text) !== props.value || text.trim() === "") setText(String(props.value));
  }, [props.value]);
  return (
    <input id={props.id} type="text" inputMode="decimal" autoComplete="off" value={text} aria-label={props.label} aria-invalid={props.invalid}
      data-testid={props.testid} class="number"
      onInput={(e) => {
        const t = (e.target as HTMLInputElement).value;
        setText(t);
        const v = Number(t.replace(",", "."));
        if (t.trim() !== "" && Number.isFinite(v)) props.onInput(v);
      }}
      onBlur={() => setText(String(props.value))} />
  );
}

export function NumberField(props: FieldProps & { value: number | undefined; onInput: (v: number) => void; step?: string; min?: number }) {
  const id = useId("sn");
  const bad = problemsExactly(props.problems, props.path).length > 0;
  return (
    <div class={`field num${bad ? " has-problem" : ""}`}>
      <label for={id}>{props.label}</label>
      <NumberInput id={id} value={props.value ?? 0} invalid={bad} testid={props.testid} onInput={props.onInput} />
      <FieldProblems problems={props.problems} path={props.path} />
    </div>
  );
}

export function SelectField(props: FieldProps & { value: string; options: [string, string][]; onChange: (v: string) => void }) {
  const id = useId("ss");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} data-testid={props.testid} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      <FieldProblems problems={props.problems} path={props.path} />
    </div>
  );
}

/** A list of ids or words as one line ("KSA, TUR"); empty entries are dropped. */
export function ListField(props: FieldProps & { value: string[] | undefined; onInput: (v: string[]) => void; hint?: string }) {
  return (
    <TextField label={props.label + (props.hint ? ` (${props.hint})` : "")} path={props.path} problems={props.problems} testid={props.testid}
      value={(props.value ?? []).join(", ")}
      onInput={(v) => props.onInput(v.split(/[,\s]+/).filter(Boolean))} />
  );
}

/** One line per entry (objectives, discussion questions). */
export function LinesField(props: FieldProps & { value: string[] | undefined; onInput: (v: string[]) => void }) {
  return (
    <TextField label={props.label + " (one per line)"} path={props.path} problems={props.problems} testid={props.testid} multiline
      value={(props.value ?? []).join("\n")}
      onInput={(v) => props.onInput(v.split("\n").filter((x) => x.trim() !== ""))} />
  );
}

export function Card(props: { title: ComponentChildren; children: ComponentChildren; onRemove?: () => void; removeLabel?: string; testid?: string }) {
  return (
    <div class="studio-card" data-testid={props.testid}>
      <div class="row studio-card-head">
        <h3>{props.title}</h3>
        {props.onRemove ? (
          <button type="button" class="link" onClick={props.onRemove}>
            {props.removeLabel ?? "Remove"}
          </button>
        ) : null}
      </div>
      {props.children}
    </div>
  );
}
