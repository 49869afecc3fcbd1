// This role's utility of a text, from its own current preferences (the RoleState the server
// sends it, which injects may have changed): the sum over issues of weight * score / 100, on a
// 0..100 scale, as scenario.proto's Profile says. Only the own role's weights are ever known.
import type { RoleState, Scenario } from "../protocol/schema";

export interface UtilityResult {
  utility: number;
  complete: boolean; // every issue has an option
  redLines: string[]; // red-line option ids the text contains
}

export function utilityOf(
  scenario: Scenario,
  rs: RoleState | undefined,
  options: Record<string, string>,
  redLines: readonly string[] = [],
): UtilityResult | null {
  if (!rs || rs.weights.length === 0) return null;
  let u = 0;
  let complete = true;
  const hit: string[] = [];
  scenario.issues.forEach((issue, i) => {
    const chosen = options[issue.id];
    const o = chosen === undefined ? -1 : issue.options.findIndex((x) => x.id === chosen);
    if (o < 0) {
      complete = false;
      return;
    }
    u += (rs.weights[i] ?? 0) * (rs.scores[i]?.scores[o] ?? 0);
    if (redLines.includes(chosen)) hit.push(chosen);
  });
  return { utility: u / 100, complete, redLines: hit };
}
