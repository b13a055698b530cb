// npm run bench:bundle — the client JavaScript a browser loads for a page, gzipped, read from
// the `.next` build output of Turbopack (run `npm run build` first). Budget for the workflow page
// (issue 11): 165 KB initial, 275 KB with the lazily loaded chunks, no library internals patched.
//
// Initial JS = the framework's root chunks (build-manifest rootMainFiles) + every chunk of the
// page's client components (client-reference manifest: the page and its layouts).
// Lazy JS = every chunk those chunks can load later (next/dynamic or import(): recharts): found by
// following the chunk paths Turbopack's loaders name, and cross-checked against the page's
// react-loadable manifest. Lazy chunks arrive after the page is interactive, but they are part of
// what the page costs, so the budget counts them.
// Usage: node scripts/bench-bundle.mjs [route …]   (default: /workflows/[id] and /)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, ".next");
const INITIAL_BUDGET_KB = 165;
const TOTAL_BUDGET_KB = 275;
const BUDGETED = "/workflows/[id]";

if (!existsSync(path.join(next, "BUILD_ID"))) {
  console.error("No build in .next: run `npm run build` first.");
  process.exit(2);
}

const gzipKb = (file) => zlib.gzipSync(readFileSync(path.join(next, file)), { level: 9 }).length / 1024;
/** Manifest entries are URL paths ("/_next/static/chunks/…", `[` written %5B): files under .next. */
const toFile = (chunk) => decodeURIComponent(chunk.replace(/^\/_next\//, ""));
const sum = (files) => files.reduce((n, f) => n + gzipKb(f), 0);

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function initialChunks(route) {
  const dir = path.join(next, "server", "app", ...route.split("/").filter(Boolean));
  const manifestFile = path.join(dir, "page_client-reference-manifest.js");
  const buildManifestFile = path.join(dir, "page", "build-manifest.json");
  if (!existsSync(manifestFile))
    throw new Error(`no client-reference manifest for ${route} at ${path.relative(root, manifestFile)}`);
  const sandbox = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(manifestFile, "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST[`${route === "/" ? "" : route}/page`];
  const files = new Set();
  const buildManifest = readJson(
    existsSync(buildManifestFile) ? buildManifestFile : path.join(next, "build-manifest.json"),
  );
  for (const f of buildManifest.rootMainFiles ?? []) files.add(f);
  for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const f of list) files.add(toFile(f));
  for (const mod of Object.values(manifest.clientModules ?? {})) for (const c of mod.chunks ?? []) files.add(toFile(c));
  return { dir, files: [...files].filter((f) => f.endsWith(".js")), polyfills: buildManifest.polyfillFiles ?? [] };
}

/** Chunks reachable from `initial` through the chunk paths their loaders name, not already loaded. */
function lazyChunks(initial, dir) {
  const seen = new Set(initial);
  const lazy = [];
  const queue = [...initial];
  while (queue.length) {
    const file = queue.shift();
    for (const [ref] of readFileSync(path.join(next, file), "utf8").matchAll(/static\/chunks\/[\w.~-]+\.js/g)) {
      if (seen.has(ref) || !existsSync(path.join(next, ref))) continue;
      seen.add(ref);
      lazy.push(ref);
      queue.push(ref);
    }
  }
  // next/dynamic's own record of what each lazy component needs: every file must be counted.
  const loadable = path.join(dir, "page", "react-loadable-manifest.json");
  const missed = existsSync(loadable)
    ? Object.values(readJson(loadable))
        .flatMap((e) => e.files ?? [])
        .filter((f) => f.endsWith(".js") && !seen.has(f))
    : [];
  if (missed.length)
    throw new Error(
      `lazy chunks in the react-loadable manifest not reached from the page's chunks: ${missed.join(", ")}`,
    );
  return lazy;
}

const routes = process.argv.slice(2).length ? process.argv.slice(2) : [BUDGETED, "/"];
let failed = false;
for (const route of routes) {
  const { dir, files, polyfills } = initialChunks(route);
  const lazy = lazyChunks(files, dir);
  const initialKb = sum(files);
  const lazyKb = sum(lazy);
  const total = initialKb + lazyKb;
  const budgeted = route === BUDGETED;
  const within = initialKb <= INITIAL_BUDGET_KB && total <= TOTAL_BUDGET_KB;
  if (budgeted && !within) failed = true;
  console.log(
    `${route}: ${total.toFixed(1)} KB gzipped client JS = ${initialKb.toFixed(1)} KB initial (${files.length} chunks) + ${lazyKb.toFixed(1)} KB lazy (${lazy.length} chunk${lazy.length === 1 ? "" : "s"})` +
      (budgeted
        ? ` (budget ${INITIAL_BUDGET_KB} KB initial, ${TOTAL_BUDGET_KB} KB in all: ${within ? "within" : "OVER"})`
        : ""),
  );
  const sizes = files.map((f) => ({ f, kb: gzipKb(f) })).sort((a, b) => b.kb - a.kb);
  for (const s of sizes.slice(0, 6)) console.log(`  ${s.kb.toFixed(1).padStart(6)} KB  ${s.f}`);
  for (const f of lazy) console.log(`  ${gzipKb(f).toFixed(1).padStart(6)} KB  ${f}  (lazy)`);
  if (polyfills.length)
    console.log(`  (+ ${sum(polyfills).toFixed(1)} KB nomodule polyfills, loaded only by old browsers: not counted)`);
}
process.exit(failed ? 1 : 0);
