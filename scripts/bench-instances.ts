// npm run bench:instances – several app instances on one PostgreSQL database (a rolling deploy,
// two replicas): how many timeline sweeps they run between them per interval, and what those
// cost upstream, against one instance alone. Production build (`next start`, .next/) on the
// example config against the running lab (`npm run lab -- up`), each run on a fresh database of
// a throw-away PostgreSQL, with one open incident on the checkout workflow for the sweep to
// derive. The instances are started spread over an interval, so their timers tick at different
// moments of it; the check sweep is off, so every upstream request counted is the timeline
// sweep's. Prints figures only.
//
// Options: --instances 2  --interval 15 (seconds)  --intervals 8  --port 3440
// See docs/scale.md for the figures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestPostgres, type TestPostgres } from "../tests/support/postgres";
import { labRabbitUp } from "./bench-scale/rabbit";
import { delta, describeCounts, startServer, total, upstreamRequests, type BenchServer } from "./bench-scale/server";
import { loadAverage, option, runBench } from "./bench-scale/cli";

const root = path.resolve(import.meta.dirname, "..");
const config = path.join(root, "asyncscope.example.yaml");

function wholeOption(name: string, fallback: string, min: number): number {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return value;
}

const instances = wholeOption("instances", "2", 2);
const intervalSeconds = wholeOption("interval", "15", 5);
const intervals = wholeOption("intervals", "8", 2);
let port = wholeOption("port", "3440", 1024);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sum of one metric's series whose labels contain `labels` (text format of /api/metrics). */
async function metricSum(baseUrl: string, name: string, labels = ""): Promise<number> {
  const res = await fetch(`${baseUrl}/api/metrics`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${baseUrl}/api/metrics: ${res.status}`);
  let sum = 0;
  for (const line of (await res.text()).split("\n")) {
    const m = new RegExp(`^${name}(\\{[^}]*\\})?\\s+(\\S+)`).exec(line);
    if (m && (m[1] ?? "").includes(labels)) sum += Number(m[2]);
  }
  return sum;
}

interface Reading {
  derivations: number;
  skipped: number;
  upstream: Map<string, number>;
}

async function read(server: BenchServer): Promise<Reading> {
  return {
    // A sweep's derivation of the incident: ok, or partial (a source missing); not "failed",
    // which also counts sweeps that could not start.
    derivations:
      (await metricSum(server.baseUrl, "asyncscope_timeline_derivations_total", 'outcome="ok"')) +
      (await metricSum(server.baseUrl, "asyncscope_timeline_derivations_total", 'outcome="partial"')),
    skipped: await metricSum(server.baseUrl, "asyncscope_sweep_skipped_total", 'sweep="timeline"'),
    upstream: await upstreamRequests(server.baseUrl),
  };
}

async function openIncident(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      title: "bench:instances",
      severity: "sev3",
      startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      workflowIds: ["checkout"],
    }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201) throw new Error(`POST /api/incidents: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Starts `count` instances on one database, spread over an interval, and counts for `intervals`. */
async function run(pg: TestPostgres, count: number): Promise<void> {
  const databaseUrl = await pg.createDatabase(`instances_${count}_${Date.now()}`);
  const servers: BenchServer[] = [];
  const folders: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      // Spread over the interval, so that no two timers tick at the same moment of it.
      if (i > 0) await sleep((intervalSeconds * 1000) / count);
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-instances-"));
      folders.push(dataDir);
      servers.push(
        await startServer({
          root,
          port: port++,
          config,
          dataDir,
          databaseUrl,
          env: { ASYNCSCOPE_CHECK_SWEEP_SECONDS: "0", ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: String(intervalSeconds) },
        }),
      );
    }
    await openIncident(servers[0]!);
    const before = await Promise.all(servers.map(read));
    const startedMs = Date.now();
    await sleep(intervals * intervalSeconds * 1000);
    const after = await Promise.all(servers.map(read));
    const elapsedIntervals = (Date.now() - startedMs) / (intervalSeconds * 1000);
    let sweeps = 0;
    let upstream = new Map<string, number>();
    for (const [i, server] of servers.entries()) {
      const ran = after[i]!.derivations - before[i]!.derivations;
      const skipped = after[i]!.skipped - before[i]!.skipped;
      const requests = delta(after[i]!.upstream, before[i]!.upstream);
      sweeps += ran;
      for (const [source, n] of requests) upstream.set(source, (upstream.get(source) ?? 0) + n);
      console.log(
        `  instance ${i + 1} (port ${server.port}): ${ran} sweep(s) of the incident, ${skipped} skipped, ${total(requests)} upstream requests (${describeCounts(requests)})`,
      );
    }
    upstream = new Map([...upstream].filter(([, n]) => n > 0));
    console.log(
      `  in all over ${elapsedIntervals.toFixed(1)} intervals: ${sweeps} sweeps = ${(sweeps / elapsedIntervals).toFixed(2)} per interval; ${total(upstream)} upstream requests = ${(total(upstream) / elapsedIntervals).toFixed(1)} per interval`,
    );
  } finally {
    for (const server of servers) await server.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}

async function main() {
  if (!(await labRabbitUp())) throw new Error("the lab's RabbitMQ does not answer: run `npm run lab -- up` first");
  const pg = await startTestPostgres();
  console.log(
    `bench:instances on ${os.cpus().length} cores, load average ${loadAverage()}; timeline sweep every ${intervalSeconds} s, counted over ${intervals} intervals`,
  );
  try {
    console.log("\n[1 instance]");
    await run(pg, 1);
    console.log(
      `\n[${instances} instances on the same database, started ${(intervalSeconds / instances).toFixed(1)} s apart]`,
    );
    await run(pg, instances);
  } finally {
    await pg.stop();
  }
  console.log(`\nload average after: ${loadAverage()}`);
}

runBench("bench:instances", main);
