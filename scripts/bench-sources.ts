// npm run bench:sources – what the source clients cost the upstream and the caller.
// Prints figures only (no pass/fail): how many upstream calls 100 concurrent identical
// requests cause, and the latency the client adds over a bare fetch + JSON.parse, as a ratio.
// The upstream is a real HTTP server on 127.0.0.1 started here, answering a Prometheus-shaped
// body, so the numbers measure our code and not a network.
import { spawnSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

// The clients import "server-only", which throws unless resolved with the react-server
// condition (as Next.js does for server code). Re-run this script under that condition.
if (!process.execArgv.some((arg) => arg.includes("react-server"))) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  process.exit(child.status ?? 1);
}

const { createPrometheusSource } = await import("../lib/sources/prometheus/client");
const { sourceCallCounts } = await import("../lib/telemetry/metrics");
const { createLogsSource } = await import("../lib/sources/logs/client");
const { logsSourceSchema } = await import("../lib/sources/logs/config");

const body = JSON.stringify({
  status: "success",
  data: {
    resultType: "vector",
    result: Array.from({ length: 20 }, (_, i) => ({
      metric: { __name__: "rabbitmq_queue_messages_ready", vhost: "/", queue: `q${i}` },
      value: [1795461755.457, String(i)],
    })),
  },
});

// What VictoriaLogs' /select/logsql/query streams: JSON lines, one per log line.
const logLines = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({
    _msg: `step ${i}`,
    _stream: '{service.name="orders"}',
    _time: new Date(1_795_000_000_000 + i * 1000).toISOString(),
    "service.name": "orders",
    level: "info",
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
  }),
).join("\n");

async function startUpstream(
  delayMs: number,
  answer: { body: string; contentType: string } = { body, contentType: "application/json" },
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    setTimeout(() => {
      res.writeHead(200, { "content-type": answer.contentType });
      res.end(answer.body);
    }, delayMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timeEach(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

// 1. Coalescing: 100 concurrent identical requests, the upstream taking 50 ms.
{
  const upstream = await startUpstream(50);
  const prom = createPrometheusSource({ url: upstream.url, timeoutMs: 5_000 });
  await Promise.all(Array.from({ length: 100 }, () => prom.query('rabbitmq_queue_messages_ready{vhost="/"}')));
  const concurrent = upstream.hits();
  // Then 100 more "viewers" refreshing within the cache TTL (2 s default).
  await Promise.all(Array.from({ length: 100 }, () => prom.query('rabbitmq_queue_messages_ready{vhost="/"}')));
  console.log(`coalescing: 100 concurrent identical requests -> ${concurrent} upstream call(s) (target: 1)`);
  console.log(
    `cache:      100 more within the TTL            -> ${upstream.hits() - concurrent} more upstream call(s)`,
  );
  console.log(
    `            app metrics (asyncscope_source_calls_total): ${JSON.stringify(sourceCallCounts("prometheus"))}`,
  );
  await upstream.close();
}

// 1b. The same for the logs source (VictoriaLogs adapter): 100 concurrent evaluations asking
//     for the same traces' lines, then 100 more within the TTL.
{
  const upstream = await startUpstream(50, { body: logLines, contentType: "application/stream+json" });
  const logs = createLogsSource(logsSourceSchema.parse({ store: "victorialogs", url: upstream.url, timeoutMs: 5_000 }));
  const ask = () =>
    logs.reader.traceLines(
      ["4bf92f3577b34da6a3ce929d0e0e4736"],
      { fromMs: 1_794_999_000_000, toMs: 1_795_001_000_000 },
      100,
    );
  await Promise.all(Array.from({ length: 100 }, ask));
  const concurrent = upstream.hits();
  await Promise.all(Array.from({ length: 100 }, ask));
  console.log(`logs:       100 concurrent identical trace-line reads -> ${concurrent} upstream call(s) (target: 1)`);
  console.log(
    `            100 more within the TTL                   -> ${upstream.hits() - concurrent} more upstream call(s)`,
  );
  console.log(`            app metrics (asyncscope_source_calls_total): ${JSON.stringify(sourceCallCounts("logs"))}`);
  await upstream.close();
}

// 2. Overhead: sequential requests with a distinct query each (no cache, no coalescing), an
//    upstream answering at once, so the difference is our deadline, streaming reader, zod
//    validation, mapping, span and metrics.
{
  const upstream = await startUpstream(0);
  const prom = createPrometheusSource({ url: upstream.url, timeoutMs: 5_000 }, { cacheTtlMs: 0 });
  const n = 500;
  // Warm both paths (JIT, keep-alive sockets).
  for (let i = 0; i < 50; i++) {
    await prom.query(`warm${i}`);
    await (await fetch(`${upstream.url}/api/v1/query?query=warm${i}`)).json();
  }
  const raw = await timeEach(n, async (i) =>
    JSON.parse(await (await fetch(`${upstream.url}/api/v1/query?query=raw${i}`)).text()),
  );
  const client = await timeEach(n, (i) => prom.query(`client${i}`));
  const rawMedian = percentile(raw, 50);
  const clientMedian = percentile(client, 50);
  console.log(`overhead (${n} sequential requests, ${body.length}-byte body):`);
  console.log(`  raw fetch+JSON.parse  median ${rawMedian.toFixed(3)} ms  p95 ${percentile(raw, 95).toFixed(3)} ms`);
  console.log(
    `  source client         median ${clientMedian.toFixed(3)} ms  p95 ${percentile(client, 95).toFixed(3)} ms`,
  );
  console.log(
    `  ratio client/raw (median): ${(clientMedian / rawMedian).toFixed(2)}x  (added ${(clientMedian - rawMedian).toFixed(3)} ms per call)`,
  );
  await upstream.close();
}
