// Small factories for analysis tests: a checkout workflow like the lab's, spans, traces, series,
// queue snapshots and whole signal sets. Test support only (imported by *.test.ts).
import { configSchema, type WorkflowConfig } from "@/lib/config/schema";
import type { LogLine, LogSample, ServiceLogActivity } from "@/lib/domain/log";
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  DestinationRef,
  DestinationSignal,
  DestinationState,
} from "@/lib/domain/destination";
import type { SamplePoint, Series } from "@/lib/domain/series";
import type { Span, SpanKind, Trace } from "@/lib/domain/trace";
import type { DestinationHistory, Observed, TraceSample, WorkflowSignals } from "./types";

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
        destinations: [
          { queue: Q.notification, consumers: ["notification-service"] },
          { queue: Q.inventory, consumers: ["inventory-service"] },
          { queue: Q.retry, consumers: ["notification-service"] },
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

/** The destination key of a queue in the default vhost ("//name"), as the RabbitMQ adapter makes it. */
export const key = (queue: string): string => `//${queue}`;

export function ref(queue: string): DestinationRef {
  return { key: key(queue), name: queue, identity: { vhost: "/", queue } };
}

/** A consumer by the name its client gave itself; a name with " -> " is the broker's generated one. */
export function consumer(name: string, i = 0, attributes: Record<string, string> = {}): ConsumerIdentity {
  return {
    id: `amq.ctag-${i}`,
    label: name,
    anonymous: name.includes(" -> "),
    attributes: { consumerTag: `amq.ctag-${i}`, connectionName: name, ...attributes },
  };
}

export interface StateInit {
  waitingN?: number;
  inFlightN?: number;
  consumersN?: number;
  consumerNames?: string[];
  /** Replaces consumerNames: identities as the broker gives them. */
  consumers?: ConsumerIdentity[] | null;
  atMs?: number;
  drainedBy?: DestinationState["drainedBy"];
  oldestPublishedAtMs?: number;
  exists?: boolean;
}

/** A destination's present state, observed at `atMs` (default the end of the healthy window). */
export function makeState(queue: string, init: StateInit = {}): DestinationState {
  const atMs = init.atMs ?? T0 + 15 * MIN;
  const from = "RabbitMQ management API";
  const at = <T>(value: T) => ({ value, atMs, from });
  const consumers =
    init.consumers === null ? undefined : (init.consumers ?? (init.consumerNames ?? []).map((n, i) => consumer(n, i)));
  return {
    ref: ref(queue),
    exists: init.exists ?? true,
    waiting: at(init.waitingN ?? 0),
    inFlight: at(init.inFlightN ?? 0),
    consumerCount: at(init.consumersN ?? consumers?.length ?? 0),
    ...(consumers ? { consumers: at(consumers) } : {}),
    ...(init.oldestPublishedAtMs !== undefined
      ? {
          oldestWaiting: at({
            publishedAtMs: init.oldestPublishedAtMs,
            estimated: false,
            method: "from the broker's head_message_timestamp",
          }),
        }
      : {}),
    ...(init.drainedBy ? { drainedBy: init.drainedBy } : {}),
    warnings: [],
  };
}

export const ok = <T>(value: T): Observed<T> => ({ ok: true, value });

export interface SignalsInit {
  window?: { fromMs: number; toMs: number };
  nowMs?: number;
  state?: Observed<BrokerSnapshot>;
  history?: Partial<DestinationHistory>;
  signals?: Partial<DestinationHistory["signals"]>;
  traces?: Observed<TraceSample> | Trace[];
  /** null: no logs field (a recording made before logs were read). Default: healthyLogs. */
  logs?: Observed<LogSample> | null;
}

export const LOG_SERVICES = ["order-service", "notification-service", "inventory-service"];

/**
 * Every service of the checkout writing info lines each 15 s step of [fromMs, toMs], the last
 * a second before toMs; `lines` are the looked-up traces' lines (none by default).
 */
export function healthyLogs(fromMs: number, toMs: number, lines: LogLine[] = [], traceIds: string[] = []): LogSample {
  const stepMs = 15_000;
  const buckets: ServiceLogActivity["buckets"] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs)
    buckets.push({ tsMs: t, counts: { info: 75 } });
  return {
    store: "victorialogs",
    activity: {
      fromMs,
      toMs,
      stepSeconds: stepMs / 1000,
      services: LOG_SERVICES.map((service) => ({
        service,
        buckets: buckets.map((b) => ({ ...b })),
        lastLineMs: toMs - 1000,
      })),
      messages: [],
    },
    traces: { traceIds, lines, truncated: false, limit: 1000 },
    warnings: [],
  };
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
  const dlqs = [`${Q.notification}.dlq`, `${Q.inventory}.dlq`];
  const series = (names: string[], f: (q: string) => number) =>
    ok(names.map((q) => sampled({ destination: key(q) }, fromMs, window.toMs, step, () => f(q))));
  const work = (q: string) => (q === Q.retry ? 0 : 75);
  const history: DestinationHistory = {
    signals: {
      waiting: series([...queues, ...dlqs], () => 0),
      inFlight: series(queues, () => 0),
      consumers: series(queues, (q) => (q === Q.retry ? 0 : 1)),
      acked: series(queues, work),
      published: series(queues, work),
      redelivered: series(queues, () => 0),
      delivered: series(queues, work),
      ...init.signals,
    },
    drops: ok([sampled({ counter: "lab_messages_dropped_total" }, fromMs, window.toMs, step, () => 0)]),
    absentCounter: "zero",
    stepSeconds: step / 1000,
    fromMs,
    ...init.history,
  };
  const atMs = window.toMs;
  const state: Observed<BrokerSnapshot> =
    init.state ??
    ok({
      atMs,
      from: "RabbitMQ management API",
      destinations: [
        makeState(Q.notification, { consumerNames: ["notification-service"], atMs }),
        makeState(Q.inventory, { consumerNames: ["inventory-service"], atMs }),
        makeState(Q.retry, {
          atMs,
          drainedBy: { ttlMs: 5000, returnsTo: key(Q.notification), returnsToName: Q.notification },
        }),
      ],
      deadLetterRoutes: [Q.notification, Q.inventory].map((q) => ({
        sourceKey: key(q),
        via: `exchange "orders.dlx", routing key "${q}.dlq"`,
        targets: [ref(`${q}.dlq`)],
      })),
      noDeadLetterRoute: [],
      deadLetterStates: dlqs.map((q) => makeState(q, { atMs })),
      warnings: [],
    });
  let traces: Observed<TraceSample>;
  if (Array.isArray(init.traces)) traces = ok({ traces: init.traces, limit: 1000, truncated: false, warnings: [] });
  else if (init.traces) traces = init.traces;
  else {
    const list: Trace[] = [];
    for (let t = window.fromMs; t < window.toMs; t += 5_000) list.push(...checkoutTraces({ startMs: t }));
    traces = ok({ traces: list, limit: 1000, truncated: false, warnings: [] });
  }
  return {
    version: 2,
    workflowId: "checkout",
    window,
    nowMs: init.nowMs ?? window.toMs,
    broker: "rabbitmq",
    state,
    history,
    traces,
    ...(init.logs === null ? {} : { logs: init.logs ?? ok(healthyLogs(fromMs, window.toMs)) }),
    staleAfterMs: { prometheus: 45_000, rabbitmq: 30_000 },
  };
}

/** Rewrites one queue's points of a history signal: value = f(ms before the window end); undefined drops the point. */
export function setSeries(
  signals: WorkflowSignals,
  signal: DestinationSignal,
  queue: string,
  f: (msBeforeEnd: number) => number | undefined,
): void {
  const obs = signals.history.signals[signal];
  if (!obs?.ok) throw new Error(`${signal} is not an ok series`);
  const s = obs.value.find((x) => x.labels.destination === key(queue));
  if (!s) throw new Error(`no ${signal} series for ${queue}`);
  const end = signals.window.toMs;
  s.points = s.points.flatMap((p) => {
    const v = f(end - p.tsMs);
    return v === undefined ? [] : [{ tsMs: p.tsMs, value: v }];
  });
}

/** Replaces one queue's present state (keeping its dead-letter and delay facts). */
export function setState(signals: WorkflowSignals, queue: string, init: StateInit): void {
  if (!signals.state.ok) throw new Error("the broker failed");
  const list = signals.state.value.destinations;
  const i = list.findIndex((d) => d.ref.key === key(queue));
  const drainedBy = list[i]!.drainedBy;
  list[i] = makeState(queue, { atMs: signals.state.value.atMs, ...(drainedBy ? { drainedBy } : {}), ...init });
}

export function failed(source: string, reason: string): { ok: false; source: string; reason: string } {
  return { ok: false, source, reason };
}
