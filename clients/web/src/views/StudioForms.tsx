// The studio's sections other than the grid: the scenario's own fields, roles and briefs,
// issues and options with their clause semantics, rounds and phases with the adoption rule,
// and injects (with the MSEL spreadsheet) and the stress test.
import { useState } from "preact/hooks";
import { effectFrom, effectText, injectsFromCsv, injectsToCsv, MselError } from "../state/msel";
import { edited, freshId, optionIds, type InjectJson, type IssueJson, type OptionJson, type Problem, type ScenarioJson } from "../state/studio";
import { Card, FieldProblems, LinesField, ListField, NumberField, SelectField, TextField } from "./StudioFields";

export interface SectionProps {
  scenario: ScenarioJson;
  problems: Problem[];
  onChange: (s: ScenarioJson) => void;
}

const ROLE_KINDS: [string, string][] = [
  ["DELEGATION", "Delegation (votes and signs)"],
  ["OUTSIDE_POWER", "Outside power (talks and pledges)"],
  ["WHITE_CELL", "White cell (facilitator)"],
  ["OBSERVER", "Observer (public record only)"],
];
const CLAUSE_KINDS: [string, string][] = [
  ["CLAUSE_KIND_UNSPECIFIED", "Plain clause"],
  ["MEMBERSHIP", "Membership (who may sign)"],
  ["COMMAND", "Command"],
  ["COST_SHARING", "Cost sharing"],
  ["THREAT_SCOPE", "Threat scope"],
  ["TRIGGER", "Trigger"],
  ["PRECEDENCE", "Precedence over prior commitments"],
  ["DETERRENCE", "Deterrence"],
];
const ACTIONS = ["message", "caucus", "statement", "table", "amend", "withdraw", "cosponsor", "vote", "pledge", "sign"];

export function GeneralSection({ scenario, problems, onChange }: SectionProps) {
  const set = (fill: (c: ScenarioJson) => void) => onChange(edited(scenario, fill));
  return (
    <div class="stack">
      <TextField label="Id (used by the API; letters, digits, hyphens)" path="id" problems={problems} testid="scenario-id" value={scenario.id ?? ""}
        onInput={(v) => set((c) => (c.id = v))} />
      <TextField label="Title" path="title" problems={problems} testid="scenario-title" value={scenario.title ?? ""} onInput={(v) => set((c) => (c.title = v))} />
      <TextField label="Summary (every participant reads it first)" path="summary" problems={problems} multiline value={scenario.summary ?? ""}
        onInput={(v) => set((c) => (c.summary = v))} />
      <LinesField label="Objectives" path="objectives" problems={problems} value={scenario.objectives} onInput={(v) => set((c) => (c.objectives = v))} />
      <LinesField label="Discussion questions" path="discussion_questions" problems={problems} value={scenario.discussionQuestions}
        onInput={(v) => set((c) => (c.discussionQuestions = v))} />
      <label class="check">
        <input type="checkbox" data-testid="hide-model-seats" checked={!!scenario.hideModelSeats}
          onChange={(e) => set((c) => (c.hideModelSeats = (e.target as HTMLInputElement).checked))} />
        do not tell participants which seats a language model plays (the white cell always sees it)
      </label>
      <FieldProblems problems={problems} path="roles" />
    </div>
  );
}

export function RolesSection({ scenario, problems, onChange }: SectionProps) {
  const roles = scenario.roles ?? [];
  const set = (i: number, fill: (r: NonNullable<ScenarioJson["roles"]>[number]) => void) => onChange(edited(scenario, (c) => fill(c.roles![i])));
  const add = () =>
    onChange(edited(scenario, (c) => {
      const id = freshId((c.roles ?? []).map((r) => r.id), "ROLE");
      (c.roles ??= []).push({ id, name: "New delegation", kind: "DELEGATION", publicBrief: "", privateBrief: "", profile: { batna: 50, issues: [] } });
    }));
  return (
    <div class="stack">
      {roles.map((r, i) => {
        const path = `roles[${r.id ?? i}]`;
        const profiled = r.kind === "DELEGATION" || r.kind === "OUTSIDE_POWER";
        return (
          <Card key={i} title={`${r.id ?? "?"} — ${r.name ?? ""}`} testid={`role-${r.id}`}
            onRemove={() => onChange(edited(scenario, (c) => c.roles!.splice(i, 1)))} removeLabel={`Remove ${r.id}`}>
            <div class="studio-fields">
              <TextField label="Id" path={`${path}.id`} problems={problems} value={r.id ?? ""} onInput={(v) => set(i, (x) => (x.id = v))} />
              <TextField label="Name" path={`${path}.name`} problems={problems} value={r.name ?? ""} onInput={(v) => set(i, (x) => (x.name = v))} />
              <SelectField label="Kind" path={`${path}.kind`} problems={problems} value={r.kind ?? "DELEGATION"} options={ROLE_KINDS}
                onChange={(v) => set(i, (x) => (x.kind = v))} />
              <NumberField label="Advisers (seats besides the head)" path={`${path}.advisers`} problems={problems} value={r.advisers ?? 0} step="1" min={0}
                onInput={(v) => set(i, (x) => (x.advisers = Math.max(0, Math.round(v))))} />
            </div>
            <TextField label="Public brief (everyone reads it)" path={`${path}.public_brief`} problems={problems} multiline value={r.publicBrief ?? ""}
              testid={`public-brief-${r.id}`} onInput={(v) => set(i, (x) => (x.publicBrief = v))} />
            <TextField label="Private brief (this role and the white cell)" path={`${path}.private_brief`} problems={problems} multiline
              value={r.privateBrief ?? ""} testid={`private-brief-${r.id}`} onInput={(v) => set(i, (x) => (x.privateBrief = v))} />
            {profiled ? (
              <div class="studio-fields">
                <ListField label="Red lines" hint="option ids it may not sign" path={`${path}.profile.red_lines`} problems={problems}
                  value={r.profile?.redLines} onInput={(v) => set(i, (x) => ((x.profile ??= {}).redLines = v))} />
                <NumberField label="Pledge budget (points)" path={`${path}.profile.pledge_budget`} problems={problems} step="1"
                  value={Number(r.profile?.pledgeBudget ?? 0)} onInput={(v) => set(i, (x) => ((x.profile ??= {}).pledgeBudget = Math.round(v)))} />
                <NumberField label="Utility of one pledge point" path={`${path}.profile.pledge_point_utility`} problems={problems}
                  value={r.profile?.pledgePointUtility ?? 0} onInput={(v) => set(i, (x) => ((x.profile ??= {}).pledgePointUtility = v))} />
                <p class="small muted">BATNA, weights and scores: in the preference grid.</p>
              </div>
            ) : null}
            {profiled ? (
              <details>
                <summary class="small">What its bots say (optional; otherwise made from its own issues and options)</summary>
                <LinesField label="First word to a partner ({to} and {me} are filled in)" path={`${path}.voice.courting`} problems={problems}
                  value={(r.voice as { courting?: string[] } | undefined)?.courting}
                  onInput={(v) => set(i, (x) => (x.voice = { ...((x.voice as object) ?? {}), courting: v }))} />
                <LinesField label="Replies to a private message" path={`${path}.voice.replies`} problems={problems}
                  value={(r.voice as { replies?: string[] } | undefined)?.replies}
                  onInput={(v) => set(i, (x) => (x.voice = { ...((x.voice as object) ?? {}), replies: v }))} />
              </details>
            ) : null}
            <FieldProblems problems={problems.filter((p) => !p.path.startsWith(`${path}.profile`))} path={path} />
          </Card>
        );
      })}
      <p>
        <button type="button" onClick={add} data-testid="add-role">
          Add a role
        </button>
      </p>
    </div>
  );
}

/** The clause semantics an option of this kind needs, as a few fields. */
function Semantics({ kind, option, path, problems, onChange }: { kind: string; option: OptionJson; path: string; problems: Problem[]; onChange: (o: OptionJson) => void }) {
  const set = (field: string, value: Record<string, unknown>) => onChange({ ...option, [field]: { ...((option[field] as object) ?? {}), ...value } });
  const get = (field: string) => (option[field] ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "MEMBERSHIP":
      return <ListField label="Eligible to sign" hint="role ids" path={`${path}.membership`} problems={problems} value={get("membership").eligible as string[]}
        onInput={(v) => set("membership", { eligible: v })} />;
    case "TRIGGER":
      return (
        <div class="studio-fields">
          <SelectField label="Procedure" path={`${path}.trigger`} problems={problems} value={String(get("trigger").procedure ?? "PROCEDURE_UNSPECIFIED")}
            options={[["PROCEDURE_UNSPECIFIED", "—"], ["AUTOMATIC", "Automatic"], ["VOTE", "Vote"], ["CONSULTATION", "Consultation only"]]}
            onChange={(v) => set("trigger", { procedure: v, ...(v === "VOTE" ? { rule: { kind: "SIMPLE_MAJORITY" } } : {}) })} />
          {get("trigger").procedure === "VOTE" ? (
            <SelectField label="Vote rule" path={`${path}.trigger.rule`} problems={problems}
              value={String((get("trigger").rule as Record<string, unknown> | undefined)?.kind ?? "SIMPLE_MAJORITY")}
              options={[["SIMPLE_MAJORITY", "Simple majority"], ["UNANIMITY", "Unanimity"], ["CONSENSUS", "Consensus"]]}
              onChange={(v) => set("trigger", { rule: { kind: v } })} />
          ) : null}
        </div>
      );
    case "COST_SHARING":
      return (
        <div class="studio-fields">
          <SelectField label="Formula" path={`${path}.cost`} problems={problems} value={String(get("cost").formula ?? "FORMULA_UNSPECIFIED")}
            options={[["FORMULA_UNSPECIFIED", "—"], ["EQUAL", "Equal"], ["BY_QUANTITY", "By a quantity"], ["FISCAL_CAPACITY", "Fiscal capacity"], ["VOLUNTARY", "Voluntary"]]}
            onChange={(v) => set("cost", { formula: v })} />
          {get("cost").formula === "BY_QUANTITY" ? (
            <TextField label="Quantity" path={`${path}.cost.quantity`} problems={problems} value={String(get("cost").quantity ?? "")} onInput={(v) => set("cost", { quantity: v })} />
          ) : null}
          {get("cost").formula === "FISCAL_CAPACITY" ? (
            <>
              <ListField label="Payers" path={`${path}.cost.payers`} problems={problems} value={get("cost").payers as string[]} onInput={(v) => set("cost", { payers: v })} />
              <NumberField label="Payers' share (0–1)" path={`${path}.cost.payer_share`} problems={problems} value={Number(get("cost").payerShare ?? 0)}
                onInput={(v) => set("cost", { payerShare: v })} />
            </>
          ) : null}
        </div>
      );
    case "THREAT_SCOPE":
      return <ListField label="Crisis categories covered" path={`${path}.scope.categories`} problems={problems} value={get("scope").categories as string[]}
        onInput={(v) => set("scope", { categories: v })} />;
    case "COMMAND":
      return (
        <div class="studio-fields">
          <SelectField label="Command" path={`${path}.command`} problems={problems} value={String(get("command").mode ?? "MODE_UNSPECIFIED")}
            options={[["MODE_UNSPECIFIED", "—"], ["LEAD_ROLE", "A lead role"], ["ROTATION", "Rotation"], ["COUNCIL", "Council"], ["NONE", "None"]]}
            onChange={(v) => set("command", { mode: v })} />
          {get("command").mode === "LEAD_ROLE" ? (
            <TextField label="Lead role" path={`${path}.command.lead_role`} problems={problems} value={String(get("command").leadRole ?? "")}
              onInput={(v) => set("command", { leadRole: v })} />
          ) : null}
          {get("command").mode === "ROTATION" ? (
            <ListField label="Rotation order" path={`${path}.command.rotation`} problems={problems} value={get("command").rotation as string[]}
              onInput={(v) => set("command", { rotation: v })} />
          ) : null}
        </div>
      );
    case "PRECEDENCE":
      return <SelectField label="Conflict with prior commitments" path={`${path}.precedence`} problems={problems}
        value={String(get("precedence").conflict ?? "CONFLICT_UNSPECIFIED")}
        options={[["CONFLICT_UNSPECIFIED", "—"], ["NO_OPT_OUT", "Binds regardless"], ["EXEMPT", "Conflicting member exempt"], ["OPT_OUT_RECORDED", "May opt out, recorded"]]}
        onChange={(v) => set("precedence", { conflict: v })} />;
    case "DETERRENCE":
      return (
        <div class="studio-fields">
          <ListField label="Crisis categories" path={`${path}.deterrence.categories`} problems={problems} value={get("deterrence").categories as string[]}
            onInput={(v) => set("deterrence", { categories: v })} />
          <NumberField label="Strength multiplier" path={`${path}.deterrence`} problems={problems} value={Number(get("deterrence").strengthMultiplier ?? 1)}
            onInput={(v) => set("deterrence", { strengthMultiplier: v })} />
        </div>
      );
    default:
      return null;
  }
}

function IssueCard({ issue, index, scenario, problems, onChange }: SectionProps & { issue: IssueJson; index: number }) {
  const path = `issues[${issue.id ?? index}]`;
  const set = (fill: (x: IssueJson) => void) => onChange(edited(scenario, (c) => fill(c.issues![index])));
  const addOption = () =>
    set((x) => (x.options ??= []).push({ id: freshId(optionIds(scenario), `${issue.id ?? "O"}`), label: "New option", text: "", effectiveness: 0.5 }));
  return (
    <Card title={`${issue.id ?? "?"} — ${issue.name ?? ""}`} testid={`issue-${issue.id}`} removeLabel={`Remove ${issue.id}`}
      onRemove={() => onChange(edited(scenario, (c) => c.issues!.splice(index, 1)))}>
      <div class="studio-fields">
        <TextField label="Id" path={`${path}.id`} problems={problems} value={issue.id ?? ""} onInput={(v) => set((x) => (x.id = v))} />
        <TextField label="Name" path={`${path}.name`} problems={problems} value={issue.name ?? ""} onInput={(v) => set((x) => (x.name = v))} />
        <SelectField label="Clause kind" path={`${path}.kind`} problems={problems} value={issue.kind ?? "CLAUSE_KIND_UNSPECIFIED"} options={CLAUSE_KINDS}
          onChange={(v) => set((x) => (x.kind = v))} />
      </div>
      <TextField label="Description" path={`${path}.description`} problems={problems} value={issue.description ?? ""} onInput={(v) => set((x) => (x.description = v))} />
      {(issue.options ?? []).map((o, j) => {
        const opath = `${path}.options[${o.id ?? j}]`;
        const setOption = (next: OptionJson) => set((x) => (x.options![j] = next));
        return (
          <div class="studio-option" key={j}>
            <div class="studio-fields">
              <TextField label="Option id" path={`${opath}.id`} problems={problems} value={o.id ?? ""} onInput={(v) => setOption({ ...o, id: v })} />
              <TextField label="Label" path={`${opath}.label`} problems={problems} value={o.label ?? ""} onInput={(v) => setOption({ ...o, label: v })} />
              <NumberField label="Effectiveness (0–1)" path={`${opath}.effectiveness`} problems={problems} value={o.effectiveness ?? 0}
                onInput={(v) => setOption({ ...o, effectiveness: v })} />
              <button type="button" class="link" onClick={() => set((x) => x.options!.splice(j, 1))}>
                Remove {o.id}
              </button>
            </div>
            <TextField label="Clause text" path={`${opath}.text`} problems={problems} value={o.text ?? ""} onInput={(v) => setOption({ ...o, text: v })} />
            <Semantics kind={issue.kind ?? ""} option={o} path={opath} problems={problems} onChange={setOption} />
            <FieldProblems problems={problems} path={opath} />
          </div>
        );
      })}
      <button type="button" onClick={addOption}>
        Add an option
      </button>
      <FieldProblems problems={problems} path={path} />
    </Card>
  );
}

export function IssuesSection(props: SectionProps) {
  const add = () =>
    props.onChange(edited(props.scenario, (c) => {
      const id = freshId((c.issues ?? []).map((i) => i.id), "ISSUE");
      (c.issues ??= []).push({ id, name: "New issue", options: [{ id: `${id}A`, label: "First", effectiveness: 0.5 }, { id: `${id}B`, label: "Second", effectiveness: 0.5 }] });
    }));
  return (
    <div class="stack">
      {(props.scenario.issues ?? []).map((issue, i) => (
        <IssueCard key={i} {...props} issue={issue} index={i} />
      ))}
      <FieldProblems problems={props.problems} path="issues" />
      <p>
        <button type="button" onClick={add}>
          Add an issue
        </button>
      </p>
    </div>
  );
}

export function StructureSection({ scenario, problems, onChange }: SectionProps) {
  const rounds = scenario.structure?.rounds ?? [];
  const set = (fill: (c: ScenarioJson) => void) => onChange(edited(scenario, fill));
  const adoption = scenario.structure?.adoption ?? {};
  const eif = scenario.structure?.entryIntoForce ?? {};
  return (
    <div class="stack">
      {rounds.map((round, r) => (
        <Card key={r} title={`Round ${r + 1}`} onRemove={() => set((c) => c.structure!.rounds!.splice(r, 1))} removeLabel={`Remove round ${r + 1}`}>
          {(round.phases ?? []).map((ph, p) => {
            const path = `structure.rounds[${r + 1}].phases[${ph.id ?? p}]`;
            const setPhase = (fill: (x: NonNullable<typeof round.phases>[number]) => void) => set((c) => fill(c.structure!.rounds![r].phases![p]));
            return (
              <div class="studio-option" key={p}>
                <div class="studio-fields">
                  <TextField label="Phase id" path={path} problems={problems} value={ph.id ?? ""} onInput={(v) => setPhase((x) => (x.id = v))} />
                  <TextField label="Name" path={`${path}.name`} problems={problems} value={ph.name ?? ""} onInput={(v) => setPhase((x) => (x.name = v))} />
                  <NumberField label="Minutes" path={`${path}.duration_seconds`} problems={problems} value={(ph.durationSeconds ?? 0) / 60} step="0.5"
                    onInput={(v) => setPhase((x) => (x.durationSeconds = Math.max(0, Math.round(v * 60))))} />
                  <button type="button" class="link" onClick={() => set((c) => c.structure!.rounds![r].phases!.splice(p, 1))}>
                    Remove phase
                  </button>
                </div>
                <fieldset>
                  <legend class="small">Allowed</legend>
                  {ACTIONS.map((a) => (
                    <label class="check" key={a}>
                      <input type="checkbox" checked={(ph.allowed ?? []).includes(a)}
                        onChange={(e) => setPhase((x) => {
                          const on = (e.target as HTMLInputElement).checked;
                          x.allowed = on ? [...(x.allowed ?? []), a] : (x.allowed ?? []).filter((y) => y !== a);
                        })} />
                      {a}
                    </label>
                  ))}
                </fieldset>
                <FieldProblems problems={problems} path={`${path}.allowed`} />
              </div>
            );
          })}
          <button type="button" onClick={() => set((c) => (c.structure!.rounds![r].phases ??= []).push({ id: "talks", name: "Talks", durationSeconds: 600, allowed: ["message"] }))}>
            Add a phase
          </button>
          <FieldProblems problems={problems} path={`structure.rounds[${r + 1}]`} />
        </Card>
      ))}
      <p>
        <button type="button" onClick={() => set((c) => ((c.structure ??= {}).rounds ??= []).push({ phases: [] }))}>
          Add a round
        </button>
      </p>
      <FieldProblems problems={problems} path="structure.rounds" />
      <FieldProblems problems={problems} path="structure" />
      <Card title="Adoption and entry into force">
        <div class="studio-fields">
          <SelectField label="A text is adopted by" path="structure.adoption" problems={problems} value={adoption.kind ?? "CONSENSUS"}
            options={[["CONSENSUS", "Consensus (no objection)"], ["UNANIMITY", "Unanimity"], ["QUALIFIED_MAJORITY", "Qualified majority"], ["SIMPLE_MAJORITY", "Simple majority"]]}
            onChange={(v) => set((c) => (((c.structure ??= {}).adoption ??= {}).kind = v))} />
          {adoption.kind === "QUALIFIED_MAJORITY" ? (
            <>
              <NumberField label="Numerator" path="structure.adoption" problems={[]} value={adoption.numerator ?? 2} step="1"
                onInput={(v) => set((c) => (c.structure!.adoption!.numerator = Math.round(v)))} />
              <NumberField label="Denominator" path="structure.adoption" problems={[]} value={adoption.denominator ?? 3} step="1"
                onInput={(v) => set((c) => (c.structure!.adoption!.denominator = Math.round(v)))} />
            </>
          ) : null}
          <SelectField label="A delegation that does not vote" path="structure.adoption.non_voter" problems={problems} value={adoption.nonVoter ?? "ABSTAINS"}
            options={[["ABSTAINS", "counts as abstaining"], ["COUNTS_AS_NO", "counts as a no"]]}
            onChange={(v) => set((c) => (((c.structure ??= {}).adoption ??= {}).nonVoter = v))} />
          <NumberField label="Quorum (votes cast; 0 none)" path="structure.adoption.quorum" problems={problems} value={adoption.quorum ?? 0} step="1"
            onInput={(v) => set((c) => (((c.structure ??= {}).adoption ??= {}).quorum = Math.max(0, Math.round(v))))} />
          <SelectField label="An adopted text" path="structure.standing" problems={problems} value={String(scenario.structure?.standing ?? "HOLDS")}
            options={[["HOLDS", "stands until another passes with at least as many yes votes"], ["LATEST", "is replaced by any later passing text"]]}
            onChange={(v) => set((c) => ((c.structure ??= {}).standing = v))} />
          <NumberField label="Signatures for entry into force" path="structure.entry_into_force.min_signatories" problems={problems} value={eif.minSignatories ?? 0}
            step="1" testid="min-signatories"
            onInput={(v) => set((c) => (((c.structure ??= {}).entryIntoForce ??= {}).minSignatories = Math.max(0, Math.round(v))))} />
          <ListField label="Indispensable signatories" hint="role ids" path="structure.entry_into_force.required" problems={problems} value={eif.required}
            onInput={(v) => set((c) => (((c.structure ??= {}).entryIntoForce ??= {}).required = v))} />
        </div>
        <FieldProblems problems={problems} path="structure.adoption" within />
      </Card>
    </div>
  );
}

/** A file the browser saves: the text under a name. */
export function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** An inject's effects as the white cell's rulings write them; a token that is not an effect is named, and nothing changes until it reads. */
function EffectsField({ effects, path, problems, onChange }: { effects: InjectJson["effects"]; path: string; problems: Problem[]; onChange: (e: NonNullable<InjectJson["effects"]>) => void }) {
  const [text, setText] = useState((effects ?? []).map(effectText).join(" "));
  const [error, setError] = useState("");
  return (
    <div class="field">
      <TextField label="Effects (e.g. KSA.batna=-5 TUR.C2=+10 TUR.C2:=70 PAK.M>C=5; each seen only by the role it changes)" path={`${path}.effects`}
        problems={problems} value={text}
        onInput={(v) => {
          setText(v);
          try {
            onChange(v.trim() ? v.trim().split(/\s+/).map((t) => effectFrom(t, 0)) : []);
            setError("");
          } catch (e) {
            setError(e instanceof MselError ? e.message.replace(/^row 0, column effects: /, "") : String(e));
          }
        }} />
      {error ? <p class="field-problems" role="alert">⚠ {error}</p> : null}
    </div>
  );
}

export function InjectsSection({ scenario, problems, onChange }: SectionProps) {
  const [csvError, setCsvError] = useState("");
  const [csvNote, setCsvNote] = useState("");
  const injects = scenario.injects ?? [];
  const set = (i: number, fill: (x: NonNullable<ScenarioJson["injects"]>[number]) => void) => onChange(edited(scenario, (c) => fill(c.injects![i])));
  const importCsv = async (file: File | undefined) => {
    if (!file) return;
    try {
      const list = injectsFromCsv(await file.text());
      onChange(edited(scenario, (c) => (c.injects = list)));
      setCsvError("");
      setCsvNote(`${list.length} inject${list.length === 1 ? "" : "s"} read from ${file.name}; the server checks them now.`);
    } catch (e) {
      setCsvNote("");
      setCsvError(e instanceof MselError ? `${file.name}: ${e.message}` : String(e));
    }
  };
  const stress = (scenario.stressTest ?? {}) as Record<string, unknown>;
  const setStress = (field: string, value: unknown) => onChange(edited(scenario, (c) => ((c.stressTest ??= {})[field] = value)));
  return (
    <div class="stack">
      <div class="row wrap">
        <button type="button" data-testid="export-csv" onClick={() => download(`${scenario.id || "scenario"}-injects.csv`, injectsToCsv(injects), "text/csv")}>
          Export injects as CSV
        </button>
        <label class="button">
          Import injects from CSV
          <input type="file" accept=".csv,text/csv" class="sr-only" data-testid="import-csv" onChange={(e) => importCsv((e.target as HTMLInputElement).files?.[0])} />
        </label>
        <span class="small muted">Columns: number, round, phase, offset, title, text, audience, kind, effects, crisis</span>
      </div>
      {csvError ? <p class="refusal" role="alert" data-testid="csv-error">{csvError}</p> : null}
      {csvNote ? <p role="status">{csvNote}</p> : null}
      {injects.map((inj, i) => {
        const path = `injects[${inj.id ?? i}]`;
        return (
          <Card key={i} title={`${inj.id ?? "?"} — ${inj.title ?? ""}`} onRemove={() => onChange(edited(scenario, (c) => c.injects!.splice(i, 1)))} removeLabel={`Remove ${inj.id}`}>
            <div class="studio-fields">
              <TextField label="Id" path={`${path}.id`} problems={problems} value={inj.id ?? ""} onInput={(v) => set(i, (x) => (x.id = v))} />
              <TextField label="Title" path={`${path}.title`} problems={problems} value={inj.title ?? ""} onInput={(v) => set(i, (x) => (x.title = v))} />
              <label class="check">
                <input type="checkbox" checked={!!inj.held} onChange={(e) => set(i, (x) => (x.held = (e.target as HTMLInputElement).checked))} />
                held (the white cell releases it)
              </label>
              {!inj.held ? (
                <>
                  <NumberField label="Round" path={`${path}.round`} problems={problems} value={inj.round ?? 0} step="1" onInput={(v) => set(i, (x) => (x.round = Math.round(v)))} />
                  <TextField label="Phase" path={`${path}.phase`} problems={problems} value={inj.phase ?? ""} onInput={(v) => set(i, (x) => (x.phase = v))} />
                </>
              ) : null}
              <ListField label="Audience" hint="empty: everyone" path={`${path}.audience`} problems={problems} value={inj.audience}
                onInput={(v) => set(i, (x) => (x.audience = v))} />
            </div>
            <TextField label="Text" path={`${path}.text`} problems={problems} multiline value={inj.text ?? ""} onInput={(v) => set(i, (x) => (x.text = v))} />
            <label class="check">
              <input type="checkbox" checked={!!inj.leak} onChange={(e) => set(i, (x) => (x.leak = (e.target as HTMLInputElement).checked))} />
              leak (the white cell publishes a private message of its choice)
            </label>
            <EffectsField key={`${inj.id}-${i}`} effects={inj.effects} path={path} problems={problems} onChange={(v) => set(i, (x) => (x.effects = v))} />
            {inj.crisis ? (
              <div class="studio-fields">
                <TextField label="Crisis category" path={`${path}.crisis.category`} problems={problems} value={inj.crisis.category ?? ""}
                  onInput={(v) => set(i, (x) => (x.crisis!.category = v))} />
                <TextField label="Victim (role id)" path={`${path}.crisis.victim`} problems={problems} value={inj.crisis.victim ?? ""} onInput={(v) => set(i, (x) => (x.crisis!.victim = v))} />
                <TextField label="Attacker" path={`${path}.crisis.attacker`} problems={problems} value={inj.crisis.attacker ?? ""} onInput={(v) => set(i, (x) => (x.crisis!.attacker = v))} />
                <NumberField label="Cost (pledge points)" path={`${path}.crisis.cost`} problems={problems} value={inj.crisis.cost ?? 0}
                  onInput={(v) => set(i, (x) => (x.crisis!.cost = v))} />
                <NumberField label="Required strength" path={`${path}.crisis.required_strength`} problems={problems} value={inj.crisis.requiredStrength ?? 0}
                  onInput={(v) => set(i, (x) => (x.crisis!.requiredStrength = v))} />
                <ListField label="Conflicting members" hint="role ids" path={`${path}.crisis.conflicting`} problems={problems} value={inj.crisis.conflicting}
                  onInput={(v) => set(i, (x) => (x.crisis!.conflicting = v))} />
              </div>
            ) : null}
            <FieldProblems problems={problems} path={path} />
            <FieldProblems problems={problems} path={`${path}.crisis`} />
            <FieldProblems problems={problems} path={`${path}.effects`} within />
          </Card>
        );
      })}
      <p class="row wrap">
        <button type="button" onClick={() => onChange(edited(scenario, (c) => (c.injects ??= []).push({ id: freshId((c.injects ?? []).map((x) => x.id), "news"), title: "News", text: "", held: true })))}>
          Add an inject
        </button>
        <button type="button" onClick={() => onChange(edited(scenario, (c) => (c.injects ??= []).push({ id: freshId((c.injects ?? []).map((x) => x.id), "crisis"), title: "Crisis", text: "", held: true, crisis: { category: "state", victim: "", attacker: "", cost: 50 } })))}>
          Add a crisis
        </button>
      </p>
      <Card title="Stress test (after signature)">
        <div class="studio-fields">
          <ListField label="Crises run by default" hint="inject ids" path="stress_test.default_crises" problems={problems} value={stress.defaultCrises as string[]}
            onInput={(v) => setStress("defaultCrises", v)} />
          <TextField label="Forces quantity" path="stress_test.forces_quantity" problems={problems} value={String(stress.forcesQuantity ?? "")}
            onInput={(v) => setStress("forcesQuantity", v)} />
          <NumberField label="Minutes per crisis" path="stress_test.duration_seconds" problems={problems} value={Number(stress.durationSeconds ?? 0) / 60}
            onInput={(v) => setStress("durationSeconds", Math.round(v * 60))} />
          <NumberField label="Defection penalty" path="stress_test.defection_penalty" problems={problems} value={Number(stress.defectionPenalty ?? 0)}
            onInput={(v) => setStress("defectionPenalty", v)} />
        </div>
        <FieldProblems problems={problems} path="stress_test" within />
      </Card>
    </div>
  );
}
