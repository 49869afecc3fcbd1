import assert from "node:assert/strict";
import { test } from "node:test";
import { isLoopbackHost, joinUrl, normalizeBase } from "../../src/state/links";

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
