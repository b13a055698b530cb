// npm run bench:analysis – prints (never asserts):
//   1. the time to analyse 10,000 traces of 20 spans, against JSON.parse of the same traces
//      (target: at most 2×), with and without the per-instant transitions;
//   2. the upstream queries one evaluation issues, for a workflow with 3 queues and with 30,
//      against real HTTP servers on loopback that answer like Prometheus, Jaeger and RabbitMQ
//      (so the count is the client's, retries and all), and against the lab when it is up.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { analyseWorkflow } from "@/lib/analysis/analyse";
import { healthySignals, makeSpan, makeWorkflow, nextId, Q, T0 } from "@/lib/analysis/testing";
import type { Span, Trace } from "@/lib/domain/trace";
import type { WorkflowConfig } from "@/lib/config/schema";
import { loadConfigFile } from "@/lib/config/loader";
import { configSchema } from "@/lib/config/schema";
import { collectSignals } from "@/lib/evaluate/collect";
import { createSources, readersFor } from "@/lib/sources/registry";
import { sourceCallCounts } from "@/lib/telemetry/metrics";

const TRACES = 10_000;
const SPANS = 20;

/** A checkout of 20 spans: the five the workflow expects plus fifteen ordinary children. */
function bigTrace(i: number): Trace {
  const traceId = nextId("b").padEnd(32, "0");
  const t = T0 + i * 80; // 10,000 traces over ~13 minutes
  const attrs = (n: number) => ({
    "http.method": { type: "string" as const, value: "POST" },
    "db.rows": { type: "int" as const, value: n },
    "code.function": { type: "string" as const, value: `handler${n}` },
  });
  const root = makeSpan({
    traceId,
    name: "POST /checkout",
    service: "order-service",
    kind: "server",
    startMs: t,
    attributes: attrs(0),
  });
  const publish = makeSpan({
    traceId,
    name: "publish orders",
    service: "order-service",
    kind: "producer",
    parentSpanId: root.spanId,
    startMs: t + 4,
    attributes: { "messaging.destination.name": { type: "string", value: "orders:order_confirmed" } },
  });
  const link = [{ traceId, spanId: publish.spanId, relation: "link" as const, attributes: {} }];
  const notif = makeSpan({
    traceId,
    name: `process ${Q.notification}`,
    service: "notification-service",
    kind: "consumer",
    parentSpanId: publish.spanId,
    links: link,
    startMs: t + 20,
  });
  const inv = makeSpan({
    traceId,
    name: `process ${Q.inventory}`,
    service: "inventory-service",
    kind: "consumer",
    parentSpanId: publish.spanId,
    links: link,
    startMs: t + 22,
  });
  const stock = makeSpan({
    traceId,
    name: "stock.update",
    service: "inventory-service",
    parentSpanId: inv.spanId,
    startMs: t + 24,
  });
  const spans: Span[] = [root, publish, notif, inv, stock];
  const parents = [root, notif, inv, stock];
  while (spans.length < SPANS) {
    const parent = parents[spans.length % parents.length]!;
    spans.push(
      makeSpan({
        traceId,
        name: `db.query ${spans.length}`,
        service: parent.service,
        kind: "client",
        parentSpanId: parent.spanId,
        startMs: parent.startUs / 1000 + 1,
        attributes: attrs(spans.length),
      }),
    );
  }
  return { traceId, spans, warnings: [] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function benchAnalysis(): void {
  const workflow = makeWorkflow();
  const traces = Array.from({ length: TRACES }, (_, i) => bigTrace(i));
  const payload = JSON.stringify(traces);
  const window = { fromMs: T0, toMs: T0 + 15 * 60_000 };
  const parse: number[] = [];
  const plain: number[] = [];
  const withTransitions: number[] = [];
  // Each run parses a fresh copy (timed), then analyses it (timed separately); the first run
  // warms the JIT and is dropped. Medians of the rest.
  for (let run = 0; run < 8; run++) {
    let started = performance.now();
    const parsed = JSON.parse(payload) as Trace[];
    const parseMs = performance.now() - started;
    const signals = healthySignals({ window, traces: parsed });
    started = performance.now();
    analyseWorkflow(workflow, signals, { transitions: false });
    const plainMs = performance.now() - started;
    started = performance.now();
    analyseWorkflow(workflow, signals, { transitions: true });
    const transMs = performance.now() - started;
    if (run === 0) continue;
    parse.push(parseMs);
    plain.push(plainMs);
    withTransitions.push(transMs);
  }
  const parseMs = median(parse);
  const analyseMs = median(plain);
  const analyseTransMs = median(withTransitions);
  const mb = (payload.length / 1024 / 1024).toFixed(1);
  console.log(
    `analysis of ${TRACES.toLocaleString("en")} traces × ${SPANS} spans (${mb} MiB of JSON), medians of 7 runs`,
  );
  console.log(`  JSON.parse                             ${parseMs.toFixed(0).padStart(6)} ms`);
  console.log(
    `  analysis (checks, verdict, checklist)  ${analyseMs.toFixed(0).padStart(6)} ms   ratio ${(analyseMs / parseMs).toFixed(2)}× (target ≤ 2×)`,
  );
  console.log(
    `  the same with transitions (13 instants) ${analyseTransMs.toFixed(0).padStart(5)} ms   ratio ${(analyseTransMs / parseMs).toFixed(2)}×`,
  );
}

// ---- upstream queries ----------------------------------------------------------------------

interface Fake {
  url: string;
  close(): Promise<void>;
}

async function serve(handler: (url: URL, res: http.ServerResponse) => void): Promise<Fake> {
  const server = http.createServer((req, res) => handler(new URL(req.url ?? "/", "http://x"), res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function fakes(): Promise<{ prometheus: Fake; jaeger: Fake; rabbitmq: Fake }> {
  const prometheus = await serve((_url, res) =>
    json(res, 200, { status: "success", data: { resultType: "matrix", result: [] } }),
  );
  const jaeger = await serve((url, res) => {
    if (url.pathname === "/api/v3/services") return json(res, 200, { services: ["order-service"] });
    return json(res, 404, { error: { code: 404, message: "trace not found" } }); // api_v3: no match is 404
  });
  const rabbitmq = await serve((url, res) => {
    const parts = url.pathname.split("/").map(decodeURIComponent);
    if (parts[2] === "queues" && parts.length === 5) {
      return json(res, 200, {
        name: parts[4],
        vhost: parts[3],
        messages: 0,
        messages_ready: 0,
        messages_unacknowledged: 0,
        consumers: 1,
        arguments: { "x-dead-letter-exchange": "orders.dlx", "x-dead-letter-routing-key": `${parts[4]}.dlq` },
        effective_policy_definition: {},
        consumer_details: [
          {
            consumer_tag: "amq.ctag-1",
            channel_details: { connection_name: "127.0.0.1:50000 -> 127.0.0.1:5672", name: "ch" },
          },
        ],
      });
    }
    if (parts[2] === "connections")
      return json(res, 200, { name: parts[3], client_properties: { connection_name: "inventory-service" } });
    if (parts[2] === "bindings") return json(res, 200, []);
    if (parts[2] === "queues")
      return json(res, 200, { items: [], page: 1, page_size: 500, page_count: 1, filtered_count: 0, total_count: 0 });
    return json(res, 404, { error: "not found" });
  });
  return { prometheus, jaeger, rabbitmq };
}

const SOURCES = ["prometheus", "jaeger", "rabbitmq"];

/** Upstream calls per source so far, from the app's own metrics (asyncscope_source_calls_total). */
async function upstream(): Promise<Record<string, number>> {
  const counts = await Promise.all(SOURCES.map(async (name) => [name, (await sourceCallCounts(name)).upstream]));
  return Object.fromEntries(counts);
}

async function since(before: Record<string, number>): Promise<Record<string, number>> {
  const now = await upstream();
  return Object.fromEntries(SOURCES.map((name) => [name, now[name]! - before[name]!]));
}

function describeCounts(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total} (${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`;
}

async function benchQueries(): Promise<void> {
  const f = await fakes();
  try {
    for (const queueCount of [3, 30]) {
      const destinations = Array.from({ length: queueCount }, (_, i) => ({
        queue: `q${i}`,
        consumers: ["inventory-service"],
      }));
      const workflow: WorkflowConfig = makeWorkflow({ destinations });
      const config = configSchema.parse({
        version: 1,
        sources: {
          prometheus: { url: f.prometheus.url, timeoutMs: 2000 },
          jaeger: { url: f.jaeger.url, timeoutMs: 2000 },
          rabbitmq: { managementUrl: f.rabbitmq.url, timeoutMs: 2000 },
        },
        workflows: [
          {
            id: "bench",
            name: "bench",
            destinations,
            producer: workflow.producer,
            expectedSpans: workflow.expectedSpans,
          },
        ],
      });
      const before = await upstream();
      const now = Date.now();
      await collectSignals(readersFor(workflow, config, createSources(config.sources)), workflow, {
        fromMs: now - 15 * 60_000,
        toMs: now,
      });
      console.log(
        `  loopback servers, ${String(queueCount).padStart(2)} queues: ${describeCounts(await since(before))}`,
      );
    }
  } finally {
    await Promise.all([f.prometheus.close(), f.jaeger.close(), f.rabbitmq.close()]);
  }
  // The lab, when it is up: the real count, with real consumers and traces.
  try {
    const config = loadConfigFile(process.env.ASYNCSCOPE_CONFIG ?? "asyncscope.example.yaml", process.env);
    const sources = createSources(config.sources);
    const health = await sources.brokers.rabbitmq?.health();
    if (!health?.ok) {
      console.log(`  lab: not measured (${health?.message ?? "no RabbitMQ configured"})`);
      return;
    }
    const workflow = config.workflows[0]!;
    const before = await upstream();
    const now = Date.now();
    const signals = await collectSignals(readersFor(workflow, config, sources), workflow, {
      fromMs: now - 15 * 60_000,
      toMs: now,
    });
    const traces = signals.traces.ok ? signals.traces.value.traces.length : 0;
    console.log(
      `  lab (${workflow.destinations.length} queues, ${traces} traces): ${describeCounts(await since(before))}`,
    );
  } catch (error) {
    console.log(`  lab: not measured (${error instanceof Error ? error.message : String(error)})`);
  }
}

benchAnalysis();
console.log("upstream queries for one evaluation");
await benchQueries();
