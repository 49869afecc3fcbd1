import assert from "node:assert/strict";
import { test } from "node:test";
import { codeInHash, isLoopbackHost, joinUrl, normalizeBase, reviewUrl } from "../../src/state/links";

test("loopback hosts are the ones a phone cannot open", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "app.localhost", "[::1]", "::1", "0.0.0.0", "LOCALHOST"]) assert.ok(isLoopbackHost(h), h);
  for (const h of ["192.168.1.20", "parley.example.org", "10.0.0.1", "128.0.0.1"]) assert.ok(!isLoopbackHost(h), h);
});

test("a typed base URL is normalized, and nonsense falls back to the page's origin", () => {
  const origin = "http://127.0.0.1:8080";
  const cases: [string, string][] = [
    ["", origin],
    ["   ", origin],
    ["192.168.1.20:8080", "http://192.168.1.20:8080"],
    ["http://192.168.1.20:8080/", "http://192.168.1.20:8080"],
    ["https://parley.example.org/exercise//", "https://parley.example.org/exercise"],
    ["ftp://host", origin],
    ["http://", origin],
  ];
  for (const [input, want] of cases) assert.equal(normalizeBase(input, origin), want, JSON.stringify(input));
  assert.equal(joinUrl("abc123", "http://192.168.1.20:8080"), "http://192.168.1.20:8080/join#abc123");
});

test("the code in a page's hash, whatever wraps it; a malformed one is no code", () => {
  const cases: [string, string][] = [
    ["#abc123", "abc123"],
    ["abc123", "abc123"],
    ["#%20abc123%20", "abc123"],
    ["#", ""],
    ["", ""],
    ["#%E0%A4%A", ""],
  ];
  for (const [hash, want] of cases) assert.equal(codeInHash(hash), want, JSON.stringify(hash));
});

test("a review link carries the code in the hash and the session in the query", () => {
  assert.equal(reviewUrl("abc123", "0123abcd"), "/review?session=0123abcd#abc123");
  assert.equal(reviewUrl("abc123"), "/review#abc123");
  assert.equal(reviewUrl("abc123", "a b&c"), "/review?session=a%20b%26c#abc123");
});
