#!/usr/bin/env node
// Builds the browser client.
//
//   node clients/web/build.mjs --out DIR    generate types, bundle, write DIR/index.html + assets
//   node clients/web/build.mjs --gen-only   only regenerate src/gen/ (for type checking)
//
// Steps: protoc + protoc-gen-es turn proto/ into src/gen/ (regenerated every build, never
// committed); esbuild bundles src/main.tsx into DIR/assets/app-<hash>.js and .css; index.html
// references them; every file gets a .gz sibling (the server may send it as is); stale assets
// from earlier builds are removed; sizes are printed, gzipped total last.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants as zlib } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const protoRoot = resolve(here, "../../proto");
const genDir = join(here, "src/gen");

function fail(message) {
  console.error(`web: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { out: null, genOnly: false, sourcemap: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") args.out = argv[++i];
    else if (a.startsWith("--out=")) args.out = a.slice(6);
    else if (a === "--gen-only") args.genOnly = true;
    else if (a === "--sourcemap") args.sourcemap = true;
    else fail(`unknown argument '${a}' (usage: build.mjs --out DIR [--sourcemap] | --gen-only)`);
  }
  if (!args.genOnly && !args.out) fail("missing --out DIR (usage: build.mjs --out DIR)");
  return args;
}

function findProtoc() {
  const candidates = [process.env.PROTOC, "/usr/bin/protoc", "/usr/local/bin/protoc"].filter(Boolean);
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return execFileSync("sh", ["-c", "command -v protoc"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function generate() {
  const plugin = join(here, "node_modules/.bin/protoc-gen-es");
  if (!existsSync(join(here, "node_modules")) || !existsSync(plugin)) {
    fail(`node_modules is missing in ${here}: run 'npm ci' there first`);
  }
  const protoc = findProtoc();
  if (!protoc) fail("protoc not found (install Debian's protobuf-compiler, or set PROTOC)");
  const protos = readdirSync(join(protoRoot, "parley/v1"))
    .filter((f) => f.endsWith(".proto"))
    .map((f) => `parley/v1/${f}`);
  rmSync(genDir, { recursive: true, force: true });
  mkdirSync(genDir, { recursive: true });
  try {
    execFileSync(
      protoc,
      [
        `--plugin=protoc-gen-es=${plugin}`,
        `--es_out=${genDir}`,
        "--es_opt=target=ts,import_extension=none",
        `-I${protoRoot}`,
        ...protos,
      ],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  } catch (e) {
    fail(`protoc failed: ${e.message}`);
  }
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

async function bundle(outDir) {
  let esbuild;
  try {
    esbuild = await import(join(here, "node_modules/esbuild/lib/main.js"));
  } catch {
    fail(`esbuild is missing in ${here}/node_modules: run 'npm ci' there first`);
  }
  const assets = join(outDir, "assets");
  mkdirSync(assets, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: join(here, "src/main.tsx") },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    loader: { ".textproto": "text" }, // the studio's templates (scenarios/templates/)
    outdir: assets,
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    sourcemap: false,
    metafile: true,
    write: false,
    legalComments: "none",
    logLevel: "warning",
    absWorkingDir: here,
  });
  const files = [];
  for (const f of result.outputFiles) {
    writeFileSync(f.path, f.contents);
    files.push(f.path);
  }
  const js = files.find((f) => f.endsWith(".js"));
  const css = files.find((f) => f.endsWith(".css"));
  if (!js) fail("esbuild produced no JavaScript");
  const rel = (p) => "/assets/" + p.slice(assets.length + 1);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parley</title>
<link rel="icon" href="data:,">
${css ? `<link rel="stylesheet" href="${rel(css)}">` : ""}
<script type="module" src="${rel(js)}"></script>
</head>
<body>
<div id="app"><noscript>Parley needs JavaScript.</noscript></div>
</body>
</html>
`;
  const index = join(outDir, "index.html");
  writeFileSync(index, html);
  const keep = new Set(files.map((f) => f.slice(assets.length + 1)));
  for (const name of readdirSync(assets)) {
    const base = name.endsWith(".gz") ? name.slice(0, -3) : name;
    if (!keep.has(base)) rmSync(join(assets, name), { force: true });
  }
  const sizes = {};
  for (const f of [index, ...files]) {
    const raw = statSync(f).size;
    const gz = gzipSync(readFileSync(f), { level: zlib.Z_BEST_COMPRESSION });
    writeFileSync(f + ".gz", gz);
    sizes[f] = gz.length;
    console.log(`web: ${f.slice(outDir.length + 1).padEnd(36)} ${kb(raw).padStart(10)} raw ${kb(gz.length).padStart(9)} gzipped`);
  }
  const jsGz = sizes[js];
  const cssGz = css ? sizes[css] : 0;
  console.log(`web: bundle ${kb(jsGz + cssGz)} gzipped (js ${kb(jsGz)}, css ${kb(cssGz)})`);
}

const args = parseArgs(process.argv.slice(2));
generate();
if (!args.genOnly) await bundle(resolve(process.cwd(), args.out));
