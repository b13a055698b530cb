// npm run bench:scale – Asyncscope at scale, against the running lab (`npm run lab -- up`) and
// the production build (`npm run build`). Prints figures only, no pass/fail:
//   - server RSS: idle after start, with N queues on the broker, after the viewers;
//   - upstream requests of one evaluation (cold caches), by source;
//   - overview and workflow page response times, cold, without and with N extra queues;
//   - V viewers of one workflow page for S seconds: errors, p50/p99, upstream requests
//     compared with one viewer's over the same time;
// each for PGlite and for a throw-away PostgreSQL (Debian's, as in tests/db).
// The N queues ("bench-scale.00000"…) are declared through the management API in one
// definitions import, C of them consumed, and deleted at the end (they also expire after 30
// minutes unused, should the bench be killed).
//
// Options: --db pglite,postgres  --queues 10000  --consumed 100  --viewers 200  --seconds 120
//          --port 3410 (servers use port, port+1, …)  --workflow checkout
// See docs/scale.md for the figures and what they mean.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestPostgres, type TestPostgres } from "../tests/support/postgres";
import { consume, declareQueues, deleteQueues, labRabbitUp, queueCount } from "./bench-scale/rabbit";
import {
  delta,
  describeCounts,
  startServer,
  total,
  upstreamRequests,
  upstreamSeconds,
  type BenchServer,
} from "./bench-scale/server";
import { p99ByPeriod, percentile, runViewers } from "./bench-scale/viewers";
import { watchEvaluations, type EvaluationWatch } from "./bench-scale/evaluations";
import { REFRESH_SECONDS } from "../lib/view/refresh-grid";
import { loadAverage, option, runBench } from "./bench-scale/cli";

const root = path.resolve(import.meta.dirname, "..");

const num = (name: string, fallback: number) => {
  const n = Number(option(name, String(fallback)));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a number`);
  return n;
};

const databases = option("db", "pglite,postgres").split(",");
const queues = num("queues", 10_000);
const consumed = num("consumed", 100);
const viewers = num("viewers", 200);
const seconds = num("seconds", 120);
const workflow = option("workflow", "checkout");
let port = num("port", 3410);
const config = path.join(root, "asyncscope.example.yaml");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (n: number) => `${n.toFixed(0)} MB`;
const rss = async (server: BenchServer): Promise<string> => `${mb(server.rssMb())} (${await server.memory()})`;
const ms = (n: number | undefined) => (n === undefined ? "n/a" : `${n.toFixed(0)} ms`);

/**
 * Waits until the 5-s aligned window has moved on and the clients' 2-s response cache has
 * expired since the last request, so the next request evaluates from scratch.
 */
async function coldMoment(): Promise<void> {
  const intoWindow = Date.now() % 5000;
  await sleep(5000 - intoWindow + 100);
}

async function timePage(baseUrl: string, pagePath: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}${pagePath}`, { signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${pagePath}: ${res.status}`);
  return performance.now() - t0;
}

async function oneEvaluation(server: BenchServer): Promise<Map<string, number>> {
  await coldMoment();
  const before = await upstreamRequests(server.baseUrl);
  await timePage(server.baseUrl, `/api/workflows/${workflow}/view?range=15m`);
  return delta(await upstreamRequests(server.baseUrl), before);
}

async function pageTimes(server: BenchServer, label: string): Promise<void> {
  for (const [name, pagePath] of [
    ["overview", "/"],
    ["workflow page", `/workflows/${workflow}`],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      await coldMoment();
      samples.push(await timePage(server.baseUrl, pagePath));
    }
    console.log(`  ${label} ${name} (cold, 3 runs): ${samples.map((s) => ms(s)).join(", ")}`);
  }
}

/**
 * The overview as deployed: a server with the check sweep at its default (every 30 s), whose
 * latest evaluations the overview shows when at most 45 s old (lib/evaluate/reuse.ts). Timed
 * three times at cold moments after the first sweep has run.
 */
async function overviewWithSweep(kind: string, pg: TestPostgres | undefined, tag: string, label: string) {
  const { server, stop } = await database(kind, pg, `${tag}_sweep`, {});
  try {
    await sleep(40_000); // the first sweep runs 30 s after start
    const samples: number[] = [];
    let labelled = 0;
    for (let i = 0; i < 3; i++) {
      await coldMoment();
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}/`, { signal: AbortSignal.timeout(60_000) });
      const html = await res.text();
      if (!res.ok) throw new Error(`GET /: ${res.status}`);
      samples.push(performance.now() - t0);
      labelled += html.split('data-testid="workflow-as-of"').length - 1;
    }
    console.log(
      `  ${label}overview with the check sweep on (cold moments, 3 runs): ${samples.map((s) => ms(s)).join(", ")}; ${labelled} workflow verdicts shown "as of" an earlier evaluation`,
    );
  } finally {
    await stop();
  }
}

/**
 * Waits until the server holds no evaluation a page load could reuse: the poll warm-up
 * (lib/view/poll-warmup.ts) evaluates at each boundary until 1.5 periods after the last poll,
 * and a page load reuses one at most a period old (lib/evaluate/reuse.ts). Every viewer run then
 * starts as the first viewers of a pasted link do, and one viewer and 200 compare on equal
 * terms: before, the one viewer's page load reused the previous phase's evaluation, and the
 * 200's first loads found none (docs/scale.md).
 */
async function noReusableEvaluation(): Promise<void> {
  await sleep(2.5 * REFRESH_SECONDS * 1000);
  await coldMoment();
}

async function viewerRun(server: BenchServer, count: number) {
  await noReusableEvaluation();
  const before = await upstreamRequests(server.baseUrl);
  const secondsBefore = await upstreamSeconds(server.baseUrl);
  const watch = await watchEvaluations(server.baseUrl, REFRESH_SECONDS * 1000);
  const loadAtStart = loadAverage();
  const cpuBefore = server.cpuMs();
  const t0 = performance.now();
  const run = await runViewers({ baseUrl: server.baseUrl, workflow, viewers: count, seconds });
  // The server's own CPU over the run: near one core, it is busy with its own work; well under,
  // it waited for a machine shared with the lab and the viewers' client.
  const cpu = `server CPU ${((server.cpuMs() - cpuBefore) / 1000).toFixed(1)} s in ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${loadAtStart} at the start`;
  const upstream = delta(await upstreamRequests(server.baseUrl), before);
  // Mean time of an upstream request by source: a poll waits for its period's evaluation, whose
  // length is mostly its upstream requests (slow when the broker holds 10,000 queues on a busy machine).
  const spent = delta(await upstreamSeconds(server.baseUrl), secondsBefore);
  const upstreamMean = [...upstream]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, count]) => `${source} ${Math.round(((spent.get(source) ?? 0) * 1000) / count)} ms`)
    .join(", ");
  return { run, upstream, upstreamMean, evaluations: await watch.stop(), cpu };
}

/** "10 evaluated (2, 1, 1, …), 1590 shared, 12 reused": the runs and what they served. */
function describeEvaluations({ evaluatedByPeriod, served }: Awaited<ReturnType<EvaluationWatch["stop"]>>): string {
  const count = (how: string) => served.get(how) ?? 0;
  return `evaluations: ${count("evaluated")} evaluated (per ${REFRESH_SECONDS}-s period: ${evaluatedByPeriod.join(", ")}), ${count("shared")} shared, ${count("reused")} reused`;
}

async function database(
  kind: string,
  pg: TestPostgres | undefined,
  tag: string,
  // The background check sweep off by default, so upstream counts are the viewers' alone.
  env: Record<string, string> = { ASYNCSCOPE_CHECK_SWEEP_SECONDS: "0" },
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-bench-"));
  const databaseUrl = kind === "postgres" ? await pg!.createDatabase(`bench_${tag}_${Date.now()}`) : undefined;
  const server = await startServer({
    root,
    port: port++,
    config,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    env,
  });
  console.log(`  server log: ${server.logFile}`);
  return {
    server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  if (!(await labRabbitUp())) throw new Error("the lab's RabbitMQ does not answer: run `npm run lab -- up` first");
  const needsPostgres = databases.includes("postgres");
  const pg = needsPostgres ? await startTestPostgres() : undefined;
  console.log(
    `bench:scale on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load average ${loadAverage()}; broker has ${await queueCount()} queues in vhost /`,
  );
  try {
    // Part 1: the lab as it is.
    for (const kind of databases) {
      console.log(`\n[${kind}] lab queues only`);
      const { server, stop } = await database(kind, pg, "plain");
      try {
        await sleep(5000);
        console.log(`  RSS idle after start: ${await rss(server)}`);
        const evaluation = await oneEvaluation(server);
        console.log(`  upstream requests per evaluation: ${total(evaluation)} (${describeCounts(evaluation)})`);
        await pageTimes(server, "");
        console.log(`  RSS after page loads: ${await rss(server)}`);
      } finally {
        await stop();
      }
      await overviewWithSweep(kind, pg, "plain", "");
    }
    // Part 2: N more queues, C consumed; then the viewers.
    const t0 = Date.now();
    await declareQueues(queues);
    const consumers = consumed > 0 ? await consume(consumed) : undefined;
    console.log(
      `\ndeclared ${queues} queues (${consumed} consumed) in ${((Date.now() - t0) / 1000).toFixed(1)} s; broker has ${await queueCount()} queues in vhost /`,
    );
    try {
      for (const kind of databases) {
        console.log(`\n[${kind}] with ${queues} more queues`);
        const { server, stop } = await database(kind, pg, "queues");
        try {
          await sleep(5000);
          console.log(`  RSS idle after start: ${await rss(server)}`);
          const evaluation = await oneEvaluation(server);
          console.log(`  upstream requests per evaluation: ${total(evaluation)} (${describeCounts(evaluation)})`);
          await pageTimes(server, "");
          console.log(`  RSS after page loads: ${await rss(server)}`);
          // --viewers 0: page and overview figures only.
          if (viewers > 0) {
            const one = await viewerRun(server, 1);
            console.log(
              `  1 viewer, ${seconds} s: ${one.run.requests} requests, ${one.run.errors} errors; upstream ${total(one.upstream)} (${describeCounts(one.upstream)}), mean ${one.upstreamMean}`,
            );
            console.log(`    ${describeEvaluations(one.evaluations)}; ${one.cpu}`);
            const many = await viewerRun(server, viewers);
            const all = [...many.run.pageMs, ...many.run.apiMs];
            console.log(
              `  ${viewers} viewers, ${seconds} s: ${many.run.requests} requests, ${many.run.errors} errors${many.run.errorSamples.length ? ` (${many.run.errorSamples.join("; ")})` : ""}`,
            );
            console.log(
              `    page load p50 ${ms(percentile(many.run.pageMs, 50))} p99 ${ms(percentile(many.run.pageMs, 99))}; data API p50 ${ms(percentile(many.run.apiMs, 50))} p99 ${ms(percentile(many.run.apiMs, 99))}; all p50 ${ms(percentile(all, 50))} p99 ${ms(percentile(all, 99))}`,
            );
            // The page loads come in the first period: the polls of the later ones are the steady state.
            const byPeriod = p99ByPeriod(many.run, REFRESH_SECONDS * 1000).map((p) => (p === undefined ? "–" : ms(p)));
            console.log(`    data API p99 in each ${REFRESH_SECONDS}-s period: ${byPeriod.join(", ")}`);
            const ratio = total(one.upstream) > 0 ? total(many.upstream) / total(one.upstream) : Number.NaN;
            console.log(
              `    upstream ${total(many.upstream)} (${describeCounts(many.upstream)}) = ${ratio.toFixed(2)}× one viewer's, mean ${many.upstreamMean}`,
            );
            console.log(`    ${describeEvaluations(many.evaluations)}; ${many.cpu}`);
            console.log(`  RSS after the viewers: ${await rss(server)}`);
          }
        } finally {
          await stop();
        }
        await overviewWithSweep(kind, pg, "queues", "");
      }
    } finally {
      await consumers?.close();
      const d0 = Date.now();
      await deleteQueues(queues);
      console.log(`\ndeleted the ${queues} bench queues in ${((Date.now() - d0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await pg?.stop();
  }
}

runBench("bench:scale", main);
