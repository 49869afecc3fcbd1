// Injects as a spreadsheet (the MSEL facilitators keep): export to CSV and import from it.
// Columns: number (the inject's id), round, phase, offset, title, text, audience (role ids,
// space-separated; empty: everyone), kind (news: lands when its round and phase begin; held:
// the white cell releases it; leak: held, publishes a private message; crisis: held, for the
// stress test), effects (as the white cell's rulings write them: KSA.batna=-5 TUR.C2=+10
// TUR.C2:=70 PAK.M>C=5) and crisis (category=state; victim=PAK; attacker=armed group;
// cost=120; strength=850; conflicting=KSA,QAT). A bad cell is refused with its row (as a
// spreadsheet numbers it: the header is row 1, blank rows count) and column.
import type { EffectJson, InjectJson } from "./studio";

export const MSEL_COLUMNS = ["number", "round", "phase", "offset", "title", "text", "audience", "kind", "effects", "crisis"] as const;
type Column = (typeof MSEL_COLUMNS)[number];
const KINDS = ["news", "held", "leak", "crisis"];

export class MselError extends Error {
  constructor(
    readonly row: number,
    readonly column: string,
    message: string,
  ) {
    super(`row ${row}, column ${column}: ${message}`);
  }
}

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function num(n: number | undefined): string {
  return n === undefined || n === 0 ? "" : String(n);
}

/** One effect as the white cell's rulings write it (KSA.batna=-5). */
export function effectText(e: EffectJson): string {
  const sign = (n: number) => (n >= 0 ? `+${n}` : String(n));
  if (e.weightShift) return `${e.role}.${e.weightShift.fromIssue}>${e.weightShift.toIssue}=${e.weightShift.amount ?? 0}`;
  if (e.score) return e.score.set ? `${e.role}.${e.score.option}:=${e.score.delta ?? 0}` : `${e.role}.${e.score.option}=${sign(e.score.delta ?? 0)}`;
  return `${e.role}.batna=${sign(e.batnaDelta ?? 0)}`;
}

function kindOf(i: InjectJson): string {
  if (i.crisis) return "crisis";
  if (i.leak) return "leak";
  return i.held ? "held" : "news";
}

function crisisText(i: InjectJson): string {
  const c = i.crisis;
  if (!c) return "";
  const parts = [`category=${c.category ?? ""}`, `victim=${c.victim ?? ""}`, `attacker=${c.attacker ?? ""}`, `cost=${c.cost ?? 0}`];
  if (c.requiredStrength) parts.push(`strength=${c.requiredStrength}`);
  if (c.conflicting?.length) parts.push(`conflicting=${c.conflicting.join(",")}`);
  return parts.join("; ");
}

/** The injects as CSV, one row each, with a header row. */
export function injectsToCsv(injects: InjectJson[]): string {
  const rows = [MSEL_COLUMNS.join(",")];
  for (const i of injects) {
    const values: Record<Column, string> = {
      number: i.id ?? "",
      round: num(i.round),
      phase: i.phase ?? "",
      offset: "",
      title: i.title ?? "",
      text: i.text ?? "",
      audience: (i.audience ?? []).join(" "),
      kind: kindOf(i),
      effects: (i.effects ?? []).map(effectText).join(" "),
      crisis: crisisText(i),
    };
    rows.push(MSEL_COLUMNS.map((c) => cell(values[c])).join(","));
  }
  return rows.join("\r\n") + "\r\n";
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
    } else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += ch;
    }
  }
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const blank = (r: string[]) => r.every((f) => f.trim() === "");

function whole(v: string, row: number, column: string, min: number): number | undefined {
  if (v.trim() === "") return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw new MselError(row, column, `'${v}' is not a whole number of ${min} or more`);
  return Number(v);
}

export function effectFrom(token: string, row: number): EffectJson {
  const m = /^([^.\s]+)\.([^=:>\s]+)(?:>([^=\s]+))?(:?=)([+-]?\d+(?:\.\d+)?)$/.exec(token);
  if (!m) throw new MselError(row, "effects", `'${token}' is not an effect (KSA.batna=-5, TUR.C2=+10, TUR.C2:=70 or PAK.M>C=5)`);
  const [, role, target, to, op, value] = m;
  const n = Number(value);
  if (to !== undefined) {
    if (op !== "=") throw new MselError(row, "effects", `'${token}': a weight moves with '=', not ':='`);
    return { role, weightShift: { fromIssue: target, toIssue: to, amount: n } };
  }
  if (target === "batna") {
    if (op !== "=") throw new MselError(row, "effects", `'${token}': a BATNA changes with '=', not ':='`);
    return { role, batnaDelta: n };
  }
  return { role, score: op === ":=" ? { option: target, delta: n, set: true } : { option: target, delta: n } };
}

function crisisFrom(text: string, row: number): NonNullable<InjectJson["crisis"]> {
  const c: NonNullable<InjectJson["crisis"]> = {};
  // "key=value; key=value": a value may hold spaces (an attacker named "armed group").
  for (const token of text.split(";").map((t) => t.trim()).filter(Boolean)) {
    const eq = token.indexOf("=");
    const key = (eq < 0 ? token : token.slice(0, eq)).trim();
    const value = eq < 0 ? "" : token.slice(eq + 1).trim();
    if (value.includes("=")) throw new MselError(row, "crisis", `'${token}': separate the details with ';' (category=state; victim=PAK; cost=120)`);
    const number = () => {
      if (!/^\d+(\.\d+)?$/.test(value)) throw new MselError(row, "crisis", `${key} must be a number, not '${value}'`);
      return Number(value);
    };
    if (key === "category") c.category = value;
    else if (key === "victim") c.victim = value;
    else if (key === "attacker") c.attacker = value;
    else if (key === "cost") c.cost = number();
    else if (key === "strength") c.requiredStrength = number();
    else if (key === "conflicting") c.conflicting = value.split(/[\s,]+/).filter(Boolean);
    else throw new MselError(row, "crisis", `'${token}' is not one of category=, victim=, attacker=, cost=, strength=, conflicting= (separated by ';')`);
  }
  return c;
}

function injectFrom(get: (c: Column) => string, row: number): InjectJson {
  const id = get("number").trim();
  if (!id) throw new MselError(row, "number", "every inject needs a number (its id)");
  const kind = get("kind").trim().toLowerCase() || "news";
  if (!KINDS.includes(kind)) throw new MselError(row, "kind", `'${kind}' is not one of ${KINDS.join(", ")}`);
  if (whole(get("offset"), row, "offset", 0)) {
    throw new MselError(row, "offset", "an inject lands when its phase begins; offsets within a phase are not supported");
  }
  const inject: InjectJson = { id, title: get("title").trim(), text: get("text").trim() };
  const round = whole(get("round"), row, "round", 1);
  const phase = get("phase").trim();
  if (kind === "news") {
    if (round === undefined || !phase) throw new MselError(row, round === undefined ? "round" : "phase", "a news inject lands at a round and phase: give both, or make it held");
    inject.round = round;
    inject.phase = phase;
  } else {
    inject.held = true;
    if (kind === "leak") inject.leak = true;
  }
  const audience = get("audience").trim();
  if (audience) inject.audience = audience.split(/[\s,]+/);
  const effects = get("effects").trim();
  if (effects) inject.effects = effects.split(/\s+/).map((t) => effectFrom(t, row));
  const crisis = get("crisis").trim();
  if (kind === "crisis") {
    if (!crisis) throw new MselError(row, "crisis", "a crisis needs its category, victim, attacker and cost");
    inject.crisis = crisisFrom(crisis, row);
  } else if (crisis) {
    throw new MselError(row, "crisis", `only a crisis inject has crisis details; this row's kind is ${kind}`);
  }
  return inject;
}

/** The injects of a CSV with a header row; throws MselError naming the first bad cell. */
export function injectsFromCsv(text: string): InjectJson[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ""));
  const first = records.findIndex((r) => !blank(r));
  if (first < 0) throw new MselError(1, "number", "the file is empty: it needs a header row and one row per inject");
  const header = records[first].map((h) => h.trim().toLowerCase());
  const headerRow = first + 1;
  header.forEach((h, i) => {
    if (!(MSEL_COLUMNS as readonly string[]).includes(h)) {
      throw new MselError(headerRow, h || `#${i + 1}`, `unknown column; the columns are ${MSEL_COLUMNS.join(", ")}`);
    }
  });
  for (const required of ["number", "title", "text"]) {
    if (!header.includes(required)) throw new MselError(headerRow, required, "missing column");
  }
  const seen = new Set<string>();
  const injects: InjectJson[] = [];
  records.forEach((r, k) => {
    const row = k + 1; // as a spreadsheet numbers it: blank rows count
    if (k <= first || blank(r)) return;
    if (r.length > header.length) throw new MselError(row, `#${header.length + 1}`, `${r.length} cells, but the header has ${header.length} columns`);
    const get = (c: Column) => {
      const at = header.indexOf(c);
      return at < 0 ? "" : (r[at] ?? "");
    };
    const inject = injectFrom(get, row);
    if (seen.has(inject.id!)) throw new MselError(row, "number", `'${inject.id}' is used by an earlier row`);
    seen.add(inject.id!);
    injects.push(inject);
  });
  return injects;
}
