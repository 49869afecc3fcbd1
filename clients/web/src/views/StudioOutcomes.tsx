// The studio's named outcomes: the ways a session can end that the debrief should name (a
// name, a line, and conditions over who signed, what the adopted text holds, whether it
// entered into force and how its crises went). Order matters: the first that holds names a
// session, so each can move up. The server checks every edit, as for the other sections.
import { edited, type ConditionJson, type OutcomeJson, type ScenarioJson } from "../state/studio";
import { Card, FieldProblems, ListField, NumberField, SelectField, TextField } from "./StudioFields";
import type { SectionProps } from "./StudioForms";

const FLAGS: [string, string][] = [
  ["", "not checked"],
  ["YES", "yes"],
  ["NO", "no"],
];
const CRISES: [string, string][] = [
  ["", "not checked"],
  ["NONE_INVOKED", "no crisis obliged the members"],
  ["SOME_INVOKED", "a crisis obliged them"],
  ["SOME_HELD", "a crisis held"],
  ["SOME_FAILED", "a crisis failed"],
];

function ConditionCard(props: { c: ConditionJson; path: string; problems: SectionProps["problems"]; set: (fill: (c: ConditionJson) => void) => void; onRemove: () => void; k: number }) {
  const { c, path, problems, set } = props;
  const orUndefined = (n: number) => (n > 0 ? Math.round(n) : undefined);
  return (
    <Card title={props.k === 0 ? "When" : "Or when"} onRemove={props.onRemove} removeLabel="Remove this condition" testid={`condition-${props.k}`}>
      <p class="small muted">Every part you set must hold; parts left unset are not checked.</p>
      <div class="studio-fields">
        <SelectField label="Treaty in force" path={`${path}.in_force`} problems={problems} value={c.inForce ?? ""} options={FLAGS}
          onChange={(v) => set((x) => (x.inForce = v || undefined))} />
        <SelectField label="A text adopted" path={`${path}.adopted`} problems={problems} value={c.adopted ?? ""} options={FLAGS}
          onChange={(v) => set((x) => (x.adopted = v || undefined))} />
        <ListField label="Signed by each of" hint="role ids" path={`${path}.signed`} problems={problems} value={c.signed} testid="condition-signed"
          onInput={(v) => set((x) => (x.signed = v))} />
        <ListField label="Signed by none of" hint="role ids" path={`${path}.not_signed`} problems={problems} value={c.notSigned}
          onInput={(v) => set((x) => (x.notSigned = v))} />
        <NumberField label="At least this many signatures (0: any)" path={`${path}.min_signatories`} problems={problems} value={c.minSignatories ?? 0}
          onInput={(v) => set((x) => (x.minSignatories = orUndefined(v)))} />
        <NumberField label="At most this many signatures (0: any)" path={`${path}.max_signatories`} problems={problems} value={c.maxSignatories ?? 0}
          onInput={(v) => set((x) => (x.maxSignatories = orUndefined(v)))} />
        <ListField label="The adopted text holds one of" hint="option ids" path={`${path}.options_any`} problems={problems} value={c.optionsAny}
          onInput={(v) => set((x) => (x.optionsAny = v))} />
        <ListField label="The adopted text holds none of" hint="option ids" path={`${path}.options_none`} problems={problems} value={c.optionsNone}
          onInput={(v) => set((x) => (x.optionsNone = v))} />
        <SelectField label="The stress test" path={`${path}.crises`} problems={problems} value={c.crises ?? ""} options={CRISES}
          onChange={(v) => set((x) => (x.crises = v || undefined))} />
      </div>
      <FieldProblems problems={problems} path={path} />
    </Card>
  );
}

export function OutcomesSection({ scenario, problems, onChange }: SectionProps) {
  const outcomes = scenario.outcomes ?? [];
  const set = (i: number, fill: (o: OutcomeJson) => void) => onChange(edited(scenario, (c) => fill(c.outcomes![i])));
  const change = (fill: (c: ScenarioJson) => void) => onChange(edited(scenario, fill));
  return (
    <div class="stack" data-testid="outcomes-section">
      <p class="small">
        Name the ways a session can end that the debrief should talk about. When a session ends, the first outcome with a condition that holds
        names it (rehearsals count them, the review, the projector and the class debrief say which one a table reached); a session none fits is
        "Other". Put the most specific first and end with a catch-all such as "No agreement" (treaty in force: no).
      </p>
      {outcomes.map((o, i) => {
        const path = `outcomes[${o.id || i}]`;
        return (
          <Card key={i} title={`${i + 1}. ${o.name || o.id || "new outcome"}`} testid={`outcome-${i}`}
            onRemove={() => change((c) => c.outcomes!.splice(i, 1))} removeLabel={`Remove ${o.name || "this outcome"}`}>
            <div class="studio-fields">
              <TextField label="Id" path={`${path}.id`} problems={problems} value={o.id ?? ""} testid="outcome-id" onInput={(v) => set(i, (x) => (x.id = v))} />
              <TextField label="Name" path={`${path}.name`} problems={problems} value={o.name ?? ""} testid="outcome-name" onInput={(v) => set(i, (x) => (x.name = v))} />
            </div>
            <TextField label="Description (one line)" path={`${path}.description`} problems={problems} value={o.description ?? ""}
              onInput={(v) => set(i, (x) => (x.description = v))} />
            <FieldProblems problems={problems} path={path} />
            {(o.when ?? []).map((c, k) => (
              <ConditionCard key={k} k={k} c={c} path={`${path}.when[${k}]`} problems={problems}
                set={(fill) => set(i, (x) => fill(x.when![k]))} onRemove={() => set(i, (x) => x.when!.splice(k, 1))} />
            ))}
            <div class="row wrap">
              <button type="button" onClick={() => set(i, (x) => (x.when ??= []).push({}))}>
                Add a condition
              </button>
              {i > 0 ? (
                <button type="button" onClick={() => change((c) => c.outcomes!.splice(i - 1, 0, c.outcomes!.splice(i, 1)[0]))}>
                  Move up
                </button>
              ) : null}
            </div>
          </Card>
        );
      })}
      <div>
        <button type="button" data-testid="add-outcome"
          onClick={() => change((c) => (c.outcomes ??= []).push({ id: `outcome-${outcomes.length + 1}`, name: "", when: [{ inForce: "YES" }] }))}>
          Add an outcome
        </button>
      </div>
    </div>
  );
}
