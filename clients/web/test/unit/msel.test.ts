import assert from "node:assert/strict";
import { test } from "node:test";
import { injectsFromCsv, injectsToCsv, MselError, parseCsv } from "../../src/state/msel";
import type { InjectJson } from "../../src/state/studio";

const injects: InjectJson[] = [
  { id: "ceasefire", title: "Ceasefire collapses", text: 'The truce broke down, "again", overnight.\nMarkets fell.', round: 1, phase: "brief" },
  { id: "strike", title: "Revenue hit", text: "Oil revenue falls.", held: true, audience: ["KSA", "QAT"], effects: [
    { role: "KSA", batnaDelta: -5 },
    { role: "TUR", score: { option: "C2", delta: 10 } },
    { role: "TUR", score: { option: "C2", delta: 70, set: true } },
    { role: "PAK", weightShift: { fromIssue: "M", toIssue: "C", amount: 5 } },
  ] },
  { id: "leak", title: "A leak", text: "A private message is published.", held: true, leak: true },
  { id: "X1", title: "Strike", text: "Cross-border strike.", held: true, crisis: { category: "state", victim: "PAK", attacker: "IND", cost: 120, requiredStrength: 850, conflicting: ["KSA", "QAT"] } },
  { id: "raid", title: "Raid", text: "A port is raided.", held: true, crisis: { category: "non-state", victim: "BETA", attacker: "armed group", cost: 30 } },
];

test("injects survive a round trip through CSV, quotes, commas and line breaks included", () => {
  const csv = injectsToCsv(injects);
  assert.match(csv.split("\r\n")[0], /^number,round,phase,offset,title,text,audience,kind,effects,crisis$/);
  assert.deepEqual(injectsFromCsv(csv), injects);
});

test("a spreadsheet's export reads: any column order, a byte order mark, blank lines, kind defaulting to news", () => {
  const csv = "\uFEFFTitle,Number,Text,Round,Phase\n\nOpening,open,Talks open.,1,plenary\n";
  assert.deepEqual(injectsFromCsv(csv), [{ id: "open", title: "Opening", text: "Talks open.", round: 1, phase: "plenary" }]);
  assert.deepEqual(parseCsv('a,"b ""c""",d\r\n1,2,3'), [["a", 'b "c"', "d"], ["1", "2", "3"]]);
  // Blank rows are skipped, but counted: the error names the row a spreadsheet shows.
  assert.throws(() => injectsFromCsv("number,title,text,round,phase\n\n,,,,\nx,T,t,one,talks\n"), /row 4, column round/);
});

test("a bad cell is refused with its row (the header is row 1) and column", () => {
  const cases: [string, number, string, RegExp][] = [
    ["number,title,text,kind\nx,T,t,rumour\n", 2, "kind", /not one of news, held, leak, crisis/],
    ["number,title,text,round,phase\nx,T,t,two,plenary\n", 2, "round", /not a whole number/],
    ["number,title,text,round,phase\nx,T,t,1,\n", 2, "phase", /round and phase/],
    ["number,title,text,kind,effects\nx,T,t,held,KSA.batna=-5\ny,T,t,held,KSA.batna-5\n", 3, "effects", /not an effect/],
    ["number,title,text,kind,crisis\nx,T,t,crisis,category=state; cost=lots\n", 2, "crisis", /cost must be a number/],
    ["number,title,text,kind,crisis\nx,T,t,crisis,category=state victim=A\n", 2, "crisis", /separate the details/],
    ["number,title,text,kind,crisis\nx,T,t,held,category=state\n", 2, "crisis", /only a crisis inject/],
    ["number,title,text,kind\nx,T,t,held\nx,T,t,held\n", 3, "number", /earlier row/],
    ["number,title,text,offset,kind\nx,T,t,30,held\n", 2, "offset", /not supported/],
    ["number,title,text,colour\nx,T,t,red\n", 1, "colour", /unknown column/],
    ["number,text\nx,t\n", 1, "title", /missing column/],
    ["number,title,text\nx,T,t,extra\n", 2, "#4", /header has 3 columns/],
  ];
  for (const [csv, row, column, why] of cases) {
    assert.throws(() => injectsFromCsv(csv), (e: unknown) => {
      assert.ok(e instanceof MselError, csv);
      assert.equal(e.row, row, csv);
      assert.equal(e.column, column, csv);
      assert.match(e.message, why);
      assert.match(e.message, new RegExp(`^row ${row}, column ${column.replace("#", "#")}:`));
      return true;
    });
  }
});
