import assert from "node:assert/strict";
import { test } from "node:test";
import type { Thread } from "../../src/state/selectors";
import { titleWithUnread, totalUnread, unreadIn } from "../../src/state/unread";

const msg = (id: string, from: string) => ({ $typeName: "parley.v1.PrivateMessage" as const, messageId: id, from, to: "", roomId: "", text: id, leaked: false });
const thread = (key: string, froms: string[]): Thread => ({ key, title: key, roomId: "", members: [], messages: froms.map((f, i) => msg(`${key}${i}`, f)) });

test("unread counts the others' messages after those shown; one's own never count", () => {
  const t = thread("dm:A|B", ["B", "A", "B", "B"]);
  assert.equal(unreadIn(t, "A", 0), 3);
  assert.equal(unreadIn(t, "A", 2), 2);
  assert.equal(unreadIn(t, "A", 4), 0);
  assert.equal(unreadIn(t, "B", 0), 1);
  const rooms = [t, thread("room:R1", ["C", "A"])];
  assert.equal(totalUnread(rooms, "A", { "dm:A|B": 3 }), 2);
  assert.equal(titleWithUnread("Turkey — Parley", 2), "(2) Turkey — Parley");
  assert.equal(titleWithUnread("Turkey — Parley", 0), "Turkey — Parley");
});
