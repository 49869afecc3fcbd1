import assert from "node:assert/strict";
import { test } from "node:test";
import { api } from "../../src/protocol/api";

test("a long history is read page by page until the server says there is no next page", async () => {
  const asked: string[] = [];
  const pages: Record<string, unknown> = {
    "0": { events: [{ seq: 1, event: { round: 1 } }, { seq: 3, event: { round: 1 } }], next_after: 3 },
    "3": { events: [], next_after: 6 }, // a page can hold nothing this role may see
    "6": { events: [{ seq: 7, event: { round: 2 } }], next_after: null },
  };
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: string) => {
    asked.push(input);
    const after = new URL(input, "http://x").searchParams.get("after") ?? "";
    return new Response(JSON.stringify(pages[after]), { status: 200, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
  try {
    const items = await api.events("s1", "code", "KSA", 0);
    assert.deepEqual(items.map((i) => i.seq), [1, 3, 7]);
    assert.equal(items[2].event.round, 2);
    assert.equal(asked.length, 3);
    assert.ok(asked.every((u) => u.startsWith("/api/sessions/s1/events?") && u.includes("as=KSA")));
  } finally {
    globalThis.fetch = real;
  }
});
