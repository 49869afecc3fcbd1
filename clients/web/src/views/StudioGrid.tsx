// The preference matrix as a grid: a row per option (under its issue's weight row), a column
// per role with a profile; the sum of each role's weights under its column, and the server's
// problem for that sum, or for any cell, at that cell.
import { edited, preference, profiled, scoreOf, weightOf, weightSum, type Problem, type ScenarioJson } from "../state/studio";
import { FieldProblems, NumberInput } from "./StudioFields";

function Cell(props: { value: number; label: string; path: string; problems: Problem[]; onInput: (v: number) => void; testid: string }) {
  const bad = props.problems.some((p) => p.path === props.path || p.path.startsWith(props.path + "["));
  return (
    <td class={bad ? "has-problem" : ""}>
      <NumberInput value={props.value} label={props.label} invalid={bad} testid={props.testid} onInput={props.onInput} />
    </td>
  );
}

export function PreferenceGrid({ scenario, problems, onChange }: { scenario: ScenarioJson; problems: Problem[]; onChange: (s: ScenarioJson) => void }) {
  const roles = profiled(scenario);
  const issues = scenario.issues ?? [];
  const at = (roleId: string | undefined) => (scenario.roles ?? []).findIndex((r) => r.id === roleId);
  const set = (roleId: string | undefined, issueIndex: number, fill: (p: { weight?: number; scores?: number[] }) => void) =>
    onChange(edited(scenario, (c) => fill(preference(c.roles![at(roleId)], c.issues![issueIndex]))));
  if (!roles.length) return <p class="muted">Add a delegation or outside power first: the grid has a column for each.</p>;
  return (
    <>
    <p class="small muted">
      Each role's weight per issue (the weights of a role sum to 100) and its score for each option (0 to 100). Utility of a text = Σ weight × score / 100.
    </p>
    <div class="grid-scroll">
      <table class="compact prefs-grid" data-testid="pref-grid">
        <thead>
          <tr>
            <th class="first" scope="col">Issue / option</th>
            {roles.map((r) => (
              <th key={r.id} scope="col">
                {r.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => [
            <tr key={`w-${issue.id}`} class="weight-row">
              <th class="first" scope="row">
                {issue.id} {issue.name} — weight
              </th>
              {roles.map((r) => (
                <Cell key={r.id} value={weightOf(r, issue.id)} label={`${r.id} weight on ${issue.id}`} testid={`weight-${r.id}-${issue.id}`}
                  path={`roles[${r.id}].profile.issues[${issue.id}].weight`} problems={problems}
                  onInput={(v) => set(r.id, i, (p) => (p.weight = v))} />
              ))}
            </tr>,
            ...(issue.options ?? []).map((o, j) => (
              <tr key={`s-${issue.id}-${o.id}`}>
                <th class="first option" scope="row">
                  {o.id} {o.label}
                </th>
                {roles.map((r) => (
                  <Cell key={r.id} value={scoreOf(r, issue.id, j)} label={`${r.id} score for ${o.id}`} testid={`score-${r.id}-${o.id}`}
                    path={`roles[${r.id}].profile.issues[${issue.id}].scores[${j}]`} problems={problems}
                    onInput={(v) => set(r.id, i, (p) => (p.scores![j] = v))} />
                ))}
              </tr>
            )),
          ])}
        </tbody>
        <tfoot>
          <tr>
            <th class="first" scope="row">
              Sum of weights
            </th>
            {roles.map((r) => {
              const path = `roles[${r.id}].profile.weights`;
              const bad = problems.some((p) => p.path === path);
              return (
                <td key={r.id} class={`num ${bad ? "has-problem" : "sum-ok"}`} data-testid={`weight-sum-${r.id}`}>
                  <span class="mark">{weightSum(r)}</span>
                  {bad ? null : <span class="sr-only"> accepted</span>}
                  <FieldProblems problems={problems} path={path} />
                </td>
              );
            })}
          </tr>
          <tr>
            <th class="first" scope="row">
              BATNA
            </th>
            {roles.map((r) => (
              <Cell key={r.id} value={r.profile?.batna ?? 0} label={`${r.id} BATNA`} testid={`batna-${r.id}`} path={`roles[${r.id}].profile.batna`}
                problems={problems}
                onInput={(v) => onChange(edited(scenario, (c) => ((c.roles![at(r.id)].profile ??= {}).batna = v)))} />
            ))}
          </tr>
        </tfoot>
      </table>
      {roles.map((r) => (
        <FieldProblems key={r.id} problems={problems.filter((p) => /\.issues(\[[^\]]*\])?(\.|$)/.test(p.path) && !p.path.includes("].weight") && !p.path.includes(".scores"))} path={`roles[${r.id}].profile.issues`} within />
      ))}
    </div>
    </>
  );
}
