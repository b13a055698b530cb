// Helpers for the lab tests: run the CLI, read the real systems. No mocks: every number comes
// from RabbitMQ (its management API or AMQP), Prometheus, Jaeger, a service's /metrics or its log
// file.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import amqp from "amqplib";
import { paths, ports, rabbit, repoRoot, urls } from "../../lab/config";

const run = promisify(execFile);

export async function lab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "lab/cli.ts", ...args], {
      cwd: repoRoot,
      timeout: 170_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Run the CLI and fail with its output if it does not exit 0. */
export async function labOk(...args: string[]): Promise<string> {
  const r = await lab(...args);
  if (r.code !== 0) throw new Error(`lab ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(
  what: string,
  f: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`,
  );
}

/**
 * A request of the tests' own to the lab (set-up, a purge, a query): not a bound under test. In
 * CI, beside the fault suites, RabbitMQ's management API once took more than 5 s to purge a queue.
 */
export const LAB_REQUEST_TIMEOUT_MS = 30_000;

const auth = "Basic " + Buffer.from(`${rabbit.user}:${rabbit.password}`).toString("base64");

export async function rabbitGet<T>(p: string): Promise<T> {
  const res = await fetch(`${rabbit.managementUrl}${p}`, {
    headers: { authorization: auth },
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
  return (await res.json()) as T;
}

/** Empties a queue (management API); for a known baseline after fault tests left dead letters. */
export async function purgeQueue(name: string): Promise<void> {
  const p = `/api/queues/%2F/${encodeURIComponent(name)}/contents`;
  const res = await fetch(`${rabbit.managementUrl}${p}`, {
    method: "DELETE",
    headers: { authorization: auth },
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`DELETE ${p}: ${res.status}`);
}

export interface Queue {
  name: string;
  messages: number;
  messages_ready: number;
  messages_unacknowledged: number;
  consumers: number;
  head_message_timestamp?: number;
  message_stats?: { publish?: number; ack?: number; deliver_get?: number };
  consumer_details: { channel_details: { connection_name: string } }[];
}

export const queue = (name: string) => rabbitGet<Queue>(`/api/queues/%2F/${encodeURIComponent(name)}`);

/**
 * Messages ready in each queue now, from the queue processes themselves (AMQP passive declare).
 * The management API's depths are refreshed every collect_statistics_interval, later under load:
 * in one CI run a DLQ's depth there stayed 2 behind the dead-letter counter through two reads
 * 2.5 s apart. Use this where a depth is compared exactly with a live counter.
 */
export async function readyNow(names: readonly string[]): Promise<number[]> {
  const conn = await amqp.connect(rabbit.amqpUrl);
  try {
    const ch = await conn.createChannel();
    const depths: number[] = [];
    for (const name of names) depths.push((await ch.checkQueue(name)).messageCount);
    return depths;
  } finally {
    await conn.close();
  }
}

/** Application names of a queue's consumers (consumer_details joined with /api/connections). */
export async function consumerApps(name: string): Promise<string[]> {
  const [q, conns] = await Promise.all([
    queue(name),
    rabbitGet<{ name: string; user_provided_name?: string }[]>("/api/connections"),
  ]);
  return q.consumer_details.map(
    (c) =>
      conns.find((x) => x.name === c.channel_details.connection_name)?.user_provided_name ??
      c.channel_details.connection_name,
  );
}

/** One sample from a service's own /metrics (sum of all series of `metric` matching `labels`). */
export async function serviceMetric(
  port: number,
  metric: string,
  labels: Record<string, string> = {},
): Promise<number> {
  return (await scrape(port))(metric, labels);
}

/** One scrape of a service's /metrics, so several counters are read at the same instant. */
export async function scrape(port: number): Promise<(metric: string, labels?: Record<string, string>) => number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
  return (metric, labels = {}) => sumSeries(text, port, metric, labels);
}

function sumSeries(text: string, port: number, metric: string, labels: Record<string, string>): number {
  let sum = 0;
  let found = false;
  for (const line of text.split("\n")) {
    if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
    found = true;
  }
  if (!found) throw new Error(`${metric}${JSON.stringify(labels)} not exposed on :${port}`);
  return sum;
}

export async function promQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${urls.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`, {
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  const body = (await res.json()) as {
    status: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== "success") throw new Error(`prometheus: ${JSON.stringify(body)}`);
  return body.data.result;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
  service: string;
}

/** api_v3 search, flattened to spans with their service name. 404 means "no match". */
export async function jaegerSpans(
  service: string,
  sinceMs: number,
  extra: Record<string, string> = {},
): Promise<OtlpSpan[]> {
  const q = new URLSearchParams({
    "query.service_name": service,
    "query.start_time_min": new Date(Date.now() - sinceMs).toISOString(),
    "query.start_time_max": new Date(Date.now() + 60_000).toISOString(),
    "query.num_traces": "500",
    ...extra,
  });
  const res = await fetch(`${urls.jaeger}/api/v3/traces?${q}`, { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`jaeger api_v3: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    result: {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: Omit<OtlpSpan, "service">[] }[];
      }[];
    };
  };
  const out: OtlpSpan[] = [];
  for (const rs of body.result.resourceSpans) {
    const svc = rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "?";
    for (const ss of rs.scopeSpans) for (const s of ss.spans) out.push({ ...s, service: svc });
  }
  return out;
}

export function byTrace(spans: OtlpSpan[]): Map<string, OtlpSpan[]> {
  const m = new Map<string, OtlpSpan[]>();
  for (const s of spans) m.set(s.traceId, [...(m.get(s.traceId) ?? []), s]);
  return m;
}

export function logLines(service: string): Record<string, unknown>[] {
  const file = path.join(paths.logs, `${service}.log`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export { paths, ports, urls };
export const Q = {
  notification: "order_confirmed.notification",
  inventory: "order_confirmed.inventory",
  retry: "order_confirmation_retry",
  notificationDlq: "order_confirmed.notification.dlq",
  inventoryDlq: "order_confirmed.inventory.dlq",
} as const;

/**
 * Switches poison-messages off and empties the checkout's dead-letter queues: what the fault
 * rejected would keep the dead-letters check at warning for whatever judges the lab next (on CI,
 * the e2e-lab healthy case). The producer reads the switch within a second and the last poison
 * is rejected at once, so 5 s after the switch nothing more arrives.
 */
export async function poisonOffAndDeadLettersEmptied(): Promise<void> {
  await labOk("fault", "poison-messages", "off");
  await sleep(5000);
  await purgeQueue(Q.notificationDlq);
  await purgeQueue(Q.inventoryDlq);
}
