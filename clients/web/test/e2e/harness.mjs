// What the end-to-end tests share: a parley-server of its own (a free port, a fresh database,
// a fresh data dir, a random admin token, its log in PARLEY_ARTIFACTS_DIR), Debian's headless
// Chromium through playwright-core (no browser download), pages that collect their uncaught
// errors, and waiting on the page instead of on the clock.
//
// Environment: PARLEY_SERVER_BIN, PARLEY_TEST_DATABASE_URL (a superuser libpq URL or keyword
// string; a fresh database is created in it), PARLEY_WEB_DIR, PARLEY_SCENARIOS_DIR,
// PARLEY_MIGRATIONS_DIR, PARLEY_ARTIFACTS_DIR; CHROMIUM overrides /usr/bin/chromium.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} must be set (see the header of ${import.meta.url})`);
  return v;
};
export const TIMEOUT = 30_000;

/** Launches Debian's Chromium headless, as every browser test and the perf script do. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The same connection string pointing at another database (URL or keyword=value form). */
function withDatabase(url, db) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (m) return `${m[1]}/${db}${m[3] ?? ""}`;
  if (/(^|\s)dbname=\S+/.test(url)) return url.replace(/(^|\s)dbname=\S+/, `$1dbname=${db}`);
  return `${url} dbname=${db}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(base, child) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`parley-server exited with ${child.exitCode} (see the server log)`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error("parley-server did not become ready within 60 s");
    await new Promise((r) => setTimeout(r, 100)); // polling the endpoint, not waiting for time
  }
}

/**
 * One test file's server and browser. `name` names its database and its log
 * (PARLEY_ARTIFACTS_DIR/<name>-server.log); `serverArgs` are added to the server's command line.
 * Call stop() in after(): it closes the pages, the browser and the server, and drops the database.
 */
export async function startStack({ name, serverArgs = [] }) {
  const DB_URL = env("PARLEY_TEST_DATABASE_URL");
  const SERVER = env("PARLEY_SERVER_BIN");
  const WEB_DIR = env("PARLEY_WEB_DIR");
  const SCENARIOS = env("PARLEY_SCENARIOS_DIR");
  const MIGRATIONS = env("PARLEY_MIGRATIONS_DIR");
  const artifacts = env("PARLEY_ARTIFACTS_DIR");
  mkdirSync(artifacts, { recursive: true });
  const log = createWriteStream(join(artifacts, `${name}-server.log`));
  const dbName = `parley_${name.replace(/\W/g, "_")}_${process.pid}_${randomBytes(3).toString("hex")}`;
  execFileSync("psql", [DB_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", `CREATE DATABASE ${dbName}`]);
  const dbUrl = withDatabase(DB_URL, dbName);
  const dataDir = mkdtempSync(join(tmpdir(), "parley-web-e2e-"));
  const port = await freePort();
  const contexts = [];
  const stack = {
    base: `http://127.0.0.1:${port}`,
    adminToken: randomBytes(16).toString("hex"),
    /** Where screenshots and the server's log go. */
    artifacts,
    /** The running parley-server (a ChildProcess); replaced by startServer(). */
    server: null,
    browser: null,

    /** Starts parley-server on the same port, database and data dir, and waits until it is ready. */
    async startServer() {
      const child = spawn(
        SERVER,
        [
          "--listen", `127.0.0.1:${port}`,
          "--db", dbUrl,
          "--data-dir", dataDir,
          "--web-dir", WEB_DIR,
          "--scenarios", SCENARIOS,
          "--migrations", MIGRATIONS,
          "--admin-token", stack.adminToken,
          "--log-level", "info",
          ...serverArgs,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      stack.server = child;
      await waitReady(stack.base, child);
    },

    /** Sends the server `signal` and waits until it has exited. */
    async stopServer(signal = "SIGTERM") {
      const child = stack.server;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },

    /** A page in a context of its own (its own sessionStorage), collecting its uncaught errors in page.errors. */
    async newPage(label, viewport = { width: 1280, height: 720 }) {
      const ctx = await stack.browser.newContext({ viewport, baseURL: stack.base });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(`${label}: ${e.message}`));
      return page;
    },

    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await stack.browser?.close().catch(() => {});
      await stack.stopServer();
      log.end();
      try {
        execFileSync("psql", [DB_URL, "-q", "-c", `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], { stdio: "ignore" });
      } catch {
        /* the cluster is the test script's to throw away */
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await stack.startServer();
    stack.browser = await launchChromium();
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}

/** Waits until some element matching `selector` has text containing `text`. */
/** A JSON call to the server's API that must succeed; its answer parsed. */
export async function apiCall(base, method, path, token, body) {
  const r = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

export async function waitText(page, selector, text) {
  await page.waitForFunction(
    ([sel, t]) => [...document.querySelectorAll(sel)].some((el) => el.innerText.includes(t)),
    [selector, text],
    { timeout: TIMEOUT },
  );
}

export const bodyText = (page) => page.locator("body").innerText();

/** No emoji: Debian's chromium has no emoji font, so they would show as empty boxes. */
export const EMOJI = /[\u{1F000}-\u{1FAFF}]/u;
