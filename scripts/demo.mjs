// npm run demo — Asyncscope on its embedded defaults, offline: recordings of the real lab
// under eight incidents on four brokers (demo/asyncscope.demo.yaml replays demo/bundles/), PGlite
// under .data/demo with a seeded example incident, a production build (made or refreshed when the
// sources are newer), served at http://localhost:3000 (PORT to change). Nothing to install
// besides `npm install`; no Prometheus, Jaeger or broker is contacted.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = {
  ...process.env,
  ASYNCSCOPE_CONFIG: process.env.ASYNCSCOPE_CONFIG || path.join(root, "demo", "asyncscope.demo.yaml"),
  ASYNCSCOPE_DATA_DIR: process.env.ASYNCSCOPE_DATA_DIR ?? path.join(root, ".data", "demo"),
  NEXT_TELEMETRY_DISABLED: "1",
};
const port = process.env.PORT ?? "3000";
const nextBin = path.join(root, "node_modules", ".bin", "next");

/** Newest modification time under the folders a build is made from. */
function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "lib", "public", "build"]) {
    if (existsSync(path.join(root, dir))) visit(path.join(root, dir));
  }
  for (const file of ["next.config.ts", "package.json", "postcss.config.mjs", "instrumentation.ts", "proxy.ts"]) {
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSourceMtime()) {
  console.log("[demo] building the app (first run, or the sources changed)…");
  const build = spawnSync(nextBin, ["build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) {
    console.error(`[demo] next build failed (exit ${build.status ?? build.signal}); see the output above.`);
    process.exit(1);
  }
}

// The example incident (idempotent), for the demo's own config only: its workflow ids are the
// demo's. Runs before the server: PGlite takes one process at a time.
const seed = process.env.ASYNCSCOPE_CONFIG
  ? { status: 0 }
  : spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/demo-seed.ts"], {
      cwd: root,
      env,
      stdio: "inherit",
    });
if (seed.status !== 0)
  console.error(
    `[demo] seeding the example incident failed (${seed.error ? seed.error.message : `exit ${seed.status ?? seed.signal}`}); the app starts without it.`,
  );

console.log(`[demo] config ${env.ASYNCSCOPE_CONFIG}, data ${env.ASYNCSCOPE_DATA_DIR}`);
console.log(`[demo] open http://localhost:${port}`);
const server = spawn(nextBin, ["start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
