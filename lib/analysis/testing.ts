// Small factories for analysis tests: a checkout workflow like the lab's, spans, traces, series,
// queue snapshots and whole signal sets. Test support only (imported by *.test.ts).
import { configSchema, type WorkflowConfig } from "@/lib/config/schema";
import type { ConsumerInfo, QueueSnapshot } from "@/lib/domain/broker";
import type { SamplePoint, Series } from "@/lib/domain/series";
import type { Span, SpanKind, Trace } from "@/lib/domain/trace";
import type { BrokerState, Observed, QueueMetrics, TraceSample, WorkflowSignals } from "./types";

export const T0 = Date.parse("2026-11-23T19:00:00Z");
export const MIN = 60_000;

export const Q = {
  notification: "order_confirmed.notification",
  inventory: "order_confirmed.inventory",
  retry: "order_confirmation_retry",
} as const;

export function makeWorkflow(overrides: Record<string, unknown> = {}): WorkflowConfig {
  const parsed = configSchema.parse({
    version: 1,
    sources: {},
    workflows: [
      {
        id: "checkout",
        name: "Checkout confirmation",
        producer: { service: "order-service", span: "publish orders", kind: "producer" },
        queues: [
          { name: Q.notification, consumers: ["notification-service"] },
          { name: Q.inventory, consumers: ["inventory-service"] },
          { name: Q.retry, consumers: ["notification-service"] },
        ],
        expectedSpans: [
          { service: "order-service", span: "POST /checkout", kind: "server" },
          { service: "order-service", span: "publish orders", kind: "producer" },
          { service: "notification-service", span: `process ${Q.notification}`, kind: "consumer" },
          { service: "inventory-service", span: `process ${Q.inventory}`, kind: "consumer" },
          { service: "inventory-service", span: "stock.update" },
        ],
        dropCounters: ["lab_messages_dropped_total"],
        thresholds: {
          noAckFor: "5m",
          completenessBelow: 0.95,
          oldestMessageAge: "2m",
          orphanGrace: "30s",
          deadLetterPerMinute: 0,
          clockSkewTolerance: "1s",
        },
        logs: { linkTemplate: "http://logs.test/search?trace={traceId}&from={from}&to={to}" },
        ...overrides,
      },
    ],
  });
  return parsed.workflows[0]!;
}

let ids = 0;
export const nextId = (prefix: string) => `${prefix}${(++ids).toString(16).padStart(14, "0")}`;

export function makeSpan(
  init: Partial<Span> & { name: string; service: string; startMs: number; traceId: string },
): Span {
  const { startMs, ...rest } = init as Partial<Span> & {
    startMs: number;
    name: string;
    service: string;
    traceId: string;
  };
  return {
    spanId: nextId("s"),
    kind: "internal" as SpanKind,
    durationUs: 5_000,
    attributes: {},
    resource: {},
    events: [],
    links: [],
    status: { code: "unset" },
    warnings: [],
    ...rest,
    startUs: startMs * 1000,
  };
}

export interface CheckoutShape {
  startMs: number;
  notification?: boolean;
  inventory?: boolean;
  /** inventory consumer ends OK but writes no stock.update (the silent drop). */
  stockUpdate?: boolean;
  /** Put consumer spans in traces of their own, joined only by a span link. */
  linkOnly?: boolean;
  /** Shift the inventory-service clock by this much. */
  inventorySkewMs?: number;
  inventoryError?: boolean;
}

/** A checkout as the lab makes it: POST /checkout → publish orders → two consumers (→ stock.update). */
export function checkoutTraces(shape: CheckoutShape): Trace[] {
  const traceId = nextId("t").padEnd(32, "0");
  const t = shape.startMs;
  const root = makeSpan({
    traceId,
    name: "POST /checkout",
    service: "order-service",
    kind: "server",
    startMs: t,
    durationUs: 20_000,
  });
  const publish = makeSpan({
    traceId,
    name: "publish orders",
    service: "order-service",
    kind: "producer",
    parentSpanId: root.spanId,
    startMs: t + 5,
  });
  const main: Span[] = [root, publish];
  const others: Trace[] = [];
  const consumer = (service: string, queue: string, startMs: number, extra: Partial<Span> = {}): Span[] => {
    const own = shape.linkOnly ? nextId("t").padEnd(32, "1") : traceId;
    const span = makeSpan({
      traceId: own,
      name: `process ${queue}`,
      service,
      kind: "consumer",
      startMs,
      links: [{ traceId, spanId: publish.spanId, relation: "link", attributes: {} }],
      ...(shape.linkOnly ? {} : { parentSpanId: publish.spanId }),
      ...extra,
    });
    return [span];
  };
  if (shape.notification !== false) {
    const spans = consumer("notification-service", Q.notification, t + 20);
    if (shape.linkOnly) others.push({ traceId: spans[0]!.traceId, spans, warnings: [] });
    else main.push(...spans);
  }
  if (shape.inventory !== false) {
    const skew = shape.inventorySkewMs ?? 0;
    const spans = consumer(
      "inventory-service",
      Q.inventory,
      t + 25 + skew,
      shape.inventoryError ? { status: { code: "error", message: "nack called on message without requeue" } } : {},
    );
    if (shape.stockUpdate !== false && !shape.inventoryError) {
      spans.push(
        makeSpan({
          traceId: spans[0]!.traceId,
          name: "stock.update",
          service: "inventory-service",
          parentSpanId: spans[0]!.spanId,
          startMs: t + 27 + skew,
        }),
      );
    }
    if (shape.linkOnly) others.push({ traceId: spans[0]!.traceId, spans, warnings: [] });
    else main.push(...spans);
  }
  return [{ traceId, spans: main, warnings: [] }, ...others];
}

export function makeSeries(labels: Record<string, string>, points: Array<[number, number]>): Series {
  return { labels, points: points.map(([tsMs, value]) => ({ tsMs, value })) };
}

/** A series sampled every `stepMs` from `fromMs`, value from `f(ms since from)`. */
export function sampled(
  labels: Record<string, string>,
  fromMs: number,
  toMs: number,
  stepMs: number,
  f: (tMs: number, i: number) => number | undefined,
): Series {
  const points: SamplePoint[] = [];
  for (let t = fromMs, i = 0; t <= toMs; t += stepMs, i++) {
    const v = f(t - fromMs, i);
    if (v !== undefined) points.push({ tsMs: t, value: v });
  }
  return { labels, points };
}

export function makeQueue(
  name: string,
  init: Partial<QueueSnapshot> & { readyN?: number; consumersN?: number; consumerNames?: string[] } = {},
): QueueSnapshot {
  const { readyN = 0, consumersN, consumerNames, ...rest } = init;
  const names = consumerNames ?? [];
  const consumerDetails: ConsumerInfo[] = names.map((n, i) => ({
    vhost: "/",
    queue: name,
    consumerTag: `amq.ctag-${i}`,
    connectionName: `127.0.0.1:5${i}000 -> 127.0.0.1:5672`,
    ...(n.includes(" -> ") ? {} : { clientConnectionName: n }),
  }));
  return {
    vhost: "/",
    name,
    type: "classic",
    atMs: T0,
    ready: { value: readyN, from: "management_api" },
    unacked: { value: 0, from: "management_api" },
    total: { value: readyN, from: "management_api" },
    consumers: { value: consumersN ?? names.length, from: "management_api" },
    arguments: {},
    consumerDetails,
    ...rest,
  };
}

export const ok = <T>(value: T): Observed<T> => ({ ok: true, value });

export interface SignalsInit {
  window?: { fromMs: number; toMs: number };
  nowMs?: number;
  broker?: Observed<BrokerState>;
  metrics?: Partial<QueueMetrics>;
  traces?: Observed<TraceSample> | Trace[];
}

/**
 * Signals of a healthy checkout over [T0, T0+15m]: every queue consumed, empty, acks flowing,
 * declared consumers attached. Tests override the part they are about.
 */
export function healthySignals(init: SignalsInit = {}): WorkflowSignals {
  const window = init.window ?? { fromMs: T0, toMs: T0 + 15 * MIN };
  const fromMs = window.toMs - 15 * MIN < window.fromMs ? window.toMs - 15 * MIN : window.fromMs;
  const step = 15_000;
  const queues = [Q.notification, Q.inventory, Q.retry];
  const gauge = (f: (q: string) => number) =>
    ok(queues.map((q) => sampled({ queue: q, vhost: "/" }, fromMs, window.toMs, step, () => f(q))));
  const work = (q: string) => (q === Q.retry ? 0 : 75);
  const metrics: QueueMetrics = {
    ready: ok(
      [...queues, `${Q.notification}.dlq`, `${Q.inventory}.dlq`].map((q) =>
        sampled({ queue: q, vhost: "/" }, fromMs, window.toMs, step, () => 0),
      ),
    ),
    unacked: gauge(() => 0),
    consumers: gauge((q) => (q === Q.retry ? 0 : 1)),
    acked: gauge(work),
    published: ok(queues.map((q) => sampled({ queue: q, queue_vhost: "/" }, fromMs, window.toMs, step, () => work(q)))),
    redelivered: gauge(() => 0),
    delivered: gauge(work),
    drops: ok([sampled({ counter: "lab_messages_dropped_total" }, fromMs, window.toMs, step, () => 0)]),
    stepSeconds: step / 1000,
    fromMs,
    ...init.metrics,
  };
  const dl = (q: string) => ({ exchange: "orders.dlx", routingKey: `${q}.dlq`, from: "arguments" as const });
  const broker: Observed<BrokerState> =
    init.broker ??
    ok({
      queues: [
        makeQueue(Q.notification, { consumerNames: ["notification-service"], deadLetter: dl(Q.notification) }),
        makeQueue(Q.inventory, { consumerNames: ["inventory-service"], deadLetter: dl(Q.inventory) }),
        makeQueue(Q.retry, {
          arguments: { "x-message-ttl": 5000 },
          deadLetter: { exchange: "", routingKey: Q.notification, from: "arguments" },
        }),
      ],
      missing: [],
      deadLetterQueues: [makeQueue(`${Q.notification}.dlq`), makeQueue(`${Q.inventory}.dlq`)],
      routes: [
        {
          vhost: "/",
          sourceQueue: `//${Q.notification}`,
          exchange: "orders.dlx",
          routingKey: `${Q.notification}.dlq`,
          dlqNames: [`${Q.notification}.dlq`],
        },
        {
          vhost: "/",
          sourceQueue: `//${Q.inventory}`,
          exchange: "orders.dlx",
          routingKey: `${Q.inventory}.dlq`,
          dlqNames: [`${Q.inventory}.dlq`],
        },
      ],
    });
  let traces: Observed<TraceSample>;
  if (Array.isArray(init.traces)) traces = ok({ traces: init.traces, limit: 1000, truncated: false, warnings: [] });
  else if (init.traces) traces = init.traces;
  else {
    const list: Trace[] = [];
    for (let t = window.fromMs; t < window.toMs; t += 5_000) list.push(...checkoutTraces({ startMs: t }));
    traces = ok({ traces: list, limit: 1000, truncated: false, warnings: [] });
  }
  return { version: 1, workflowId: "checkout", window, nowMs: init.nowMs ?? window.toMs, broker, metrics, traces };
}

export function failed(
  source: "prometheus" | "jaeger" | "rabbitmq",
  reason: string,
): { ok: false; source: typeof source; reason: string } {
  return { ok: false, source, reason };
}
