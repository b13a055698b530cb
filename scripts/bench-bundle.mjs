// npm run bench:bundle — the client JavaScript a browser loads for a page, gzipped, read from
// the `.next` build output (run `npm run build` first). Budget for the workflow page: 250 KB.
//
// Initial JS = the framework's root chunks (build-manifest rootMainFiles) + every chunk of the
// page's client components (client-reference manifest). Chunks loaded later by next/dynamic
// (recharts) are listed separately: they arrive after the page is interactive.
// Usage: node scripts/bench-bundle.mjs [route …]   (default: /workflows/[id] and /)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, ".next");
const BUDGET_KB = 250;

if (!existsSync(path.join(next, "BUILD_ID"))) {
  console.error("No build in .next: run `npm run build` first.");
  process.exit(2);
}

const gzipKb = (file) => zlib.gzipSync(readFileSync(path.join(next, file)), { level: 9 }).length / 1024;

function pageChunks(route) {
  const dir = path.join(next, "server", "app", ...route.split("/").filter(Boolean));
  const manifestFile = path.join(dir, "page_client-reference-manifest.js");
  const buildManifestFile = path.join(dir, "page", "build-manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`no client-reference manifest for ${route} at ${path.relative(root, manifestFile)}`);
  const sandbox = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(manifestFile, "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST[`${route === "/" ? "" : route}/page`];
  const files = new Set();
  const buildManifest = JSON.parse(readFileSync(existsSync(buildManifestFile) ? buildManifestFile : path.join(next, "build-manifest.json"), "utf8"));
  for (const f of buildManifest.rootMainFiles ?? []) files.add(f);
  for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const f of list) files.add(f);
  for (const mod of Object.values(manifest.clientModules ?? {})) for (const c of mod.chunks ?? []) files.add(c.replace(/^\/_next\//, ""));
  return { files: [...files].filter((f) => f.endsWith(".js")), polyfills: buildManifest.polyfillFiles ?? [] };
}

/** Chunks that hold recharts and are not part of the initial load: the lazily loaded charts. */
function lazyChartChunks(initial) {
  const dir = path.join(next, "static", "chunks");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => `static/chunks/${f}`)
    .filter((f) => !initial.has(f) && /recharts|CartesianGrid/.test(readFileSync(path.join(next, f), "utf8")));
}

const routes = process.argv.slice(2).length ? process.argv.slice(2) : ["/workflows/[id]", "/"];
let failed = false;
for (const route of routes) {
  const { files, polyfills } = pageChunks(route);
  const sizes = files.map((f) => ({ f, kb: gzipKb(f) })).sort((a, b) => b.kb - a.kb);
  const total = sizes.reduce((n, s) => n + s.kb, 0);
  const lazy = route.startsWith("/workflows") ? lazyChartChunks(new Set(files)) : [];
  const lazyKb = lazy.reduce((n, f) => n + gzipKb(f), 0);
  const within = total <= BUDGET_KB;
  if (route.startsWith("/workflows") && !within) failed = true;
  console.log(`${route}: ${total.toFixed(1)} KB gzipped initial client JS in ${files.length} chunks${route.startsWith("/workflows") ? ` (budget ${BUDGET_KB} KB: ${within ? "within" : "OVER"})` : ""}`);
  for (const s of sizes.slice(0, 6)) console.log(`  ${s.kb.toFixed(1).padStart(6)} KB  ${s.f}`);
  if (polyfills.length) console.log(`  (+ ${polyfills.map(gzipKb).reduce((a, b) => a + b, 0).toFixed(1)} KB nomodule polyfills, loaded only by old browsers)`);
  if (lazy.length) console.log(`  lazily loaded charts (recharts): ${lazyKb.toFixed(1)} KB gzipped in ${lazy.length} chunk${lazy.length === 1 ? "" : "s"}; initial + charts = ${(total + lazyKb).toFixed(1)} KB`);
}
process.exit(failed ? 1 : 0);
