// npm run bench:idle – the production server's memory when idle, without the lab: `next start`
// (the build in .next/) on the offline demo config, RSS read from /proc after it has sat idle,
// once on a fresh data folder and once restarted on the folder the first run left. The same
// server and probe as bench:scale (scripts/bench-scale/server.ts, memory-probe.cjs); the check
// sweep is off, so nothing runs between start and reading. Prints figures only.
//
// Options: --db pglite,postgres  --idle 20 (seconds)  --port 3430
// See docs/scale.md for the figures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestPostgres, type TestPostgres } from "../tests/support/postgres";
import { startServer, type BenchServer } from "./bench-scale/server";
import { loadAverage, option, runBench } from "./bench-scale/cli";

const root = path.resolve(import.meta.dirname, "..");

const databases = option("db", "pglite").split(",");
const idleSeconds = Number(option("idle", "20"));
let port = Number(option("port", "3430"));
const config = path.join(root, "demo", "asyncscope.demo.yaml");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function idleReading(dataDir: string, databaseUrl: string | undefined, label: string): Promise<void> {
  const startedAt = Date.now();
  const server: BenchServer = await startServer({
    root,
    port: port++,
    config,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    env: { ASYNCSCOPE_CHECK_SWEEP_SECONDS: "0" },
  });
  try {
    const healthySeconds = (Date.now() - startedAt) / 1000;
    await sleep(idleSeconds * 1000);
    const rss = server.rssMb();
    console.log(
      `  ${label}: healthy after ${healthySeconds.toFixed(1)} s; RSS after ${idleSeconds} s idle ${rss.toFixed(0)} MB (${await server.memory()})`,
    );
  } finally {
    await server.stop();
  }
}

async function main() {
  const pg: TestPostgres | undefined = databases.includes("postgres") ? await startTestPostgres() : undefined;
  console.log(`bench:idle on ${os.cpus().length} cores, load average ${loadAverage()}`);
  try {
    for (const kind of databases) {
      console.log(`[${kind}]`);
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `asyncscope-idle-${kind}-`));
      const databaseUrl = kind === "postgres" ? await pg!.createDatabase(`idle_${Date.now()}`) : undefined;
      try {
        await idleReading(dataDir, databaseUrl, "fresh data folder / empty database");
        await idleReading(dataDir, databaseUrl, "restart on the existing folder / database");
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await pg?.stop();
  }
  console.log(`load average after: ${loadAverage()}`);
}

runBench("bench:idle", main);
