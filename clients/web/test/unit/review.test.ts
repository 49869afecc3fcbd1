import assert from "node:assert/strict";
import { test } from "node:test";
import { reviewQuery } from "../../src/protocol/api";
import { EVERYONE, identifyErrorText, readReviewMeta, reviewErrorText, reviewFilename, roleChoices, viewLabel } from "../../src/state/review";

const roles = [
  { id: "PAK", name: "Pakistan" },
  { id: "KSA", name: "Saudi Arabia" },
  { id: "WHITE", name: "White cell" },
];

test("the review's JSON gives the viewer, the roles and whether it may pick; anything else reads as empty", () => {
  assert.deepEqual(readReviewMeta({ viewer_role: "WHITE", roles, is_facilitator: true, title: "Spring exercise", events: [] }), {
    viewerRole: "WHITE",
    roles,
    isFacilitator: true,
    title: "Spring exercise",
  });
  assert.equal(readReviewMeta({ session: { title: "Nested" } }).title, "Nested");
  const empty = { viewerRole: "", roles: [], isFacilitator: false, title: "" };
  for (const bad of [null, undefined, 42, "text", [], { roles: "PAK", is_facilitator: "true", viewer_role: 7 }]) {
    assert.deepEqual(readReviewMeta(bad), empty, JSON.stringify(bad));
  }
  // A role without an id is dropped; one without a name shows its id.
  assert.deepEqual(readReviewMeta({ roles: [{ name: "nobody" }, { id: "TUR" }, null, "QAT"] }).roles, [{ id: "TUR", name: "TUR" }]);
});

test("a facilitator picks everyone's view or any other role's; the label says whose view is shown", () => {
  const white = readReviewMeta({ viewer_role: "WHITE", roles, is_facilitator: true });
  assert.deepEqual(roleChoices(white), [
    { value: "", label: EVERYONE },
    { value: "PAK", label: "Pakistan" },
    { value: "KSA", label: "Saudi Arabia" },
  ]);
  assert.equal(viewLabel(white, ""), "Everyone (white cell)");
  assert.equal(viewLabel(white, "KSA"), "Saudi Arabia's view");
  assert.equal(viewLabel(white, "XYZ"), "XYZ's view", "a role the list lacks still names itself");
  const seat = readReviewMeta({ viewer_role: "PAK", roles, is_facilitator: false });
  assert.equal(viewLabel(seat, ""), "Pakistan's view");
  assert.equal(viewLabel(readReviewMeta({}), ""), "");
});

test("the query names the format, and the view and message texts only when asked", () => {
  const cases: [Parameters<typeof reviewQuery>[0], string][] = [
    [{ format: "html", as: "", withMessages: false }, "format=html"],
    [{ format: "md", as: "PAK", withMessages: false }, "format=md&as=PAK"],
    [{ format: "json", as: "", withMessages: true }, "format=json&with_messages=1"],
    [{ format: "html", as: "A&B", withMessages: true }, "format=html&as=A%26B&with_messages=1"],
  ];
  for (const [r, want] of cases) assert.equal(reviewQuery(r), want, JSON.stringify(r));
});

test("a download is named after the session, the view and the format, with nothing unsafe in a file name", () => {
  const cases: [string, "html" | "md" | "json", string, string][] = [
    ["0123abcd", "html", "", "parley-review-0123abcd.html"],
    ["0123abcd", "md", "PAK", "parley-review-0123abcd-PAK.md"],
    ["0123abcd", "json", "", "parley-review-0123abcd.json"],
    ["../etc/passwd", "html", "a b/c", "parley-review-etc-passwd-a-b-c.html"],
    ["", "md", "", "parley-review.md"],
  ];
  for (const [id, format, as, want] of cases) assert.equal(reviewFilename(id, format, as), want);
});

test("a failed request says what it means, then the server's own sentence", () => {
  const cases: [number, string, string][] = [
    [401, "a token or join code of this session is needed", "This code does not open the review. The server says: a token or join code of this session is needed"],
    [403, "only a facilitator reads another role's view; you are PAK", "This code may not read that view. The server says: only a facilitator reads another role's view; you are PAK"],
    [404, "no session 'x'", "This server has no review of that session. The server says: no session 'x'"],
    [503, "", "The server cannot make the review right now; try again in a moment."],
    [500, "boom", "The review could not be loaded. The server says: boom"],
    [0, "the server is not reachable", "the server is not reachable"],
    [0, "", "The server is not reachable."],
  ];
  for (const [status, message, want] of cases) assert.equal(reviewErrorText(status, message), want, `${status} ${message}`);
});

test("a link without the session's id that cannot learn it says how to name it; other failures read as any other", () => {
  assert.equal(
    identifyErrorText(404, "session 0123 is not running on this server"),
    "This link does not name its session, and the server no longer hosts it live to ask (session 0123 is not running on this server). " +
      "Open /review?session=ID#CODE with the session's id, shown on the dashboard.",
  );
  assert.equal(identifyErrorText(401, "unknown join code or token"), reviewErrorText(401, "unknown join code or token"));
  assert.equal(identifyErrorText(0, "the server is not reachable"), "the server is not reachable");
});
