// Compiles test/unit/*.test.ts with esbuild into a temporary directory and runs them with
// node --test (no test framework beyond Node's own).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const unit = join(here, "unit");
const out = mkdtempSync(join(tmpdir(), "parley-web-unit-"));
try {
  const entries = readdirSync(unit).filter((f) => f.endsWith(".test.ts")).map((f) => join(unit, f));
  await esbuild.build({ entryPoints: entries, bundle: true, platform: "node", format: "esm", target: "node20", outdir: out, outExtension: { ".js": ".mjs" }, loader: { ".textproto": "text" }, logLevel: "warning", absWorkingDir: join(here, "..") });
  const files = readdirSync(out).filter((f) => f.endsWith(".mjs")).map((f) => join(out, f));
  const r = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit", cwd: join(here, "..") });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
