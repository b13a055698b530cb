import "server-only";
// Fetching what one workflow needs for one window, in parallel, each source under a deadline.
// Never throws for a failed source: the failure becomes `{ ok: false, source, reason }` and the
// checks that need it say unknown with that reason. The number of upstream queries is bounded
// by the config (signals × vhosts, expected consumer services), never by traces or messages.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { Binding, ConsumerInfo, QueueSnapshot } from "@/lib/domain/broker";
import type { Series, SeriesResult } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { Trace } from "@/lib/domain/trace";
import { deadLetterRoutes } from "@/lib/analysis/topology";
import { matchesRef } from "@/lib/analysis/trace-facts";
import type { BrokerState, Observed, QueueMetrics, TraceSample, WorkflowSignals } from "@/lib/analysis/types";
import { isSourceError, sourceDisplayName } from "@/lib/sources/errors";
import type { Sources } from "@/lib/sources/registry";
import { chooseStep } from "@/lib/sources/prometheus/step";
import { escapeRegex } from "@/lib/sources/prometheus/promql";
import { METRICS, counterQuery, dropQuery, gaugeQuery, type QueueSelector } from "./queries";

export interface CollectOptions {
  /** Deadline for each source's part of the evaluation (default 10 s). */
  deadlineMs?: number;
  /** Traces asked of Jaeger per search (default 1000). */
  traceLimit?: number;
  now?: () => number;
}

/** The metrics look back at least this far, so "no ack for 5 minutes" can be judged in a short window. */
export const MIN_METRIC_LOOKBACK_MS = 15 * 60_000;
/** Range-query points: enough for Burrow's window and flap detection, few enough to stay cheap. */
const METRIC_POINTS = 180;
const MIN_STEP_S = 5;

function reasonOf(source: SourceName, error: unknown): string {
  if (isSourceError(error)) return error.message;
  if (error instanceof DeadlineError) return error.message;
  // Not a SourceError: a bug on our side (a bad query we built, a mapping error). Say so.
  return `${sourceDisplayName(source)} data could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

class DeadlineError extends Error {}

function withDeadline<T>(source: SourceName, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`${sourceDisplayName(source)} did not answer within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function observe<T>(source: SourceName, ms: number, work: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await withDeadline(source, ms, work()) };
  } catch (error) {
    return { ok: false, source, reason: reasonOf(source, error) };
  }
}

const unconfigured = (source: SourceName): { ok: false; source: SourceName; reason: string } => ({
  ok: false,
  source,
  reason: `${sourceDisplayName(source)} is not configured (sources.${source} in asyncscope.yaml)`,
});

// ---- RabbitMQ ------------------------------------------------------------------------------

/**
 * Per vhost: one paged queue list filtered to the declared names, one consumer list, one
 * bindings list and one list of the dead-letter queues; plus one connection list for the names
 * clients gave themselves. Five-ish requests whatever the number of queues or consumers.
 */
async function brokerState(sources: Sources, workflow: WorkflowConfig): Promise<BrokerState> {
  const rabbit = sources.rabbitmq!;
  const declared = workflow.queues;
  const vhosts = [...new Set(declared.map((q) => q.vhost))];
  const exact = (names: Iterable<string>) => `^(${[...names].map(escapeRegex).join("|")})$`;
  const [perVhost, clientNames] = await Promise.all([
    Promise.all(
      vhosts.map(async (vhost) => {
        const names = declared.filter((q) => q.vhost === vhost).map((q) => q.name);
        const [queues, consumers, bindings] = await Promise.all([
          rabbit.allQueues({ vhost, name: exact(names), useRegex: true }),
          rabbit.consumers(vhost),
          rabbit.bindings(vhost),
        ]);
        return { queues, consumers, bindings };
      }),
    ),
    rabbit.connectionNames(),
  ]);
  const consumers: ConsumerInfo[] = perVhost.flatMap((v) => v.consumers);
  const queues = perVhost
    .flatMap((v) => v.queues)
    .filter((q) => declared.some((d) => d.vhost === q.vhost && d.name === q.name))
    .map((q): QueueSnapshot => ({
      ...q,
      consumerDetails: consumers
        .filter((c) => c.vhost === q.vhost && c.queue === q.name)
        .map((c) => {
          const name = c.connectionName ? clientNames.get(c.connectionName) : undefined;
          return name ? { ...c, clientConnectionName: name } : c;
        }),
    }));
  const found = new Set(queues.map((q) => `${q.vhost}/${q.name}`));
  const missing = declared.map((q) => `${q.vhost}/${q.name}`).filter((k) => !found.has(k));
  const bindings: Binding[] = perVhost.flatMap((v) => v.bindings);
  const routes = deadLetterRoutes(queues, bindings, new Set(declared.map((q) => `${q.vhost}/${q.name}`)));
  const dlqByVhost = new Map<string, Set<string>>();
  for (const r of routes)
    for (const n of r.dlqNames) (dlqByVhost.get(r.vhost) ?? dlqByVhost.set(r.vhost, new Set()).get(r.vhost)!).add(n);
  const deadLetterQueues = (
    await Promise.all(
      [...dlqByVhost].map(([vhost, names]) => rabbit.allQueues({ vhost, name: exact(names), useRegex: true })),
    )
  ).flat();
  return { queues, missing, deadLetterQueues, routes };
}

// ---- Jaeger --------------------------------------------------------------------------------

async function traceSample(
  sources: Sources,
  workflow: WorkflowConfig,
  start: Date,
  end: Date,
  limit: number,
): Promise<TraceSample> {
  const jaeger = sources.jaeger!;
  const first = await jaeger.findTraces({
    service: workflow.producer.service,
    operation: workflow.producer.span,
    start,
    end,
    limit,
  });
  const traces = new Map<string, Trace>(first.traces.map((t) => [t.traceId, t]));
  const warnings = [...first.warnings];
  let truncated = first.traces.length >= limit;
  const coveredFromMs = truncated
    ? Math.min(...first.traces.map((t) => Math.min(...t.spans.map((s) => s.startUs / 1000))))
    : undefined;
  // Consumers that link to their producer from a trace of their own are not in the producer's
  // traces: fetch those consumer services too (one search per expected consumer span that the
  // first sample did not contain), and the linked traces join by span link.
  const spans = first.traces.flatMap((t) => t.spans);
  const absent = workflow.expectedSpans.filter(
    (ref) => ref.kind === "consumer" && !spans.some((s) => matchesRef(s, ref)),
  );
  if (first.traces.length > 0 && absent.length > 0) {
    const more = await Promise.all(
      absent.map((ref) => jaeger.findTraces({ service: ref.service, operation: ref.span, start, end, limit })),
    );
    for (const result of more) {
      warnings.push(...result.warnings);
      if (result.traces.length >= limit) truncated = true;
      for (const t of result.traces) if (!traces.has(t.traceId)) traces.set(t.traceId, t);
    }
  }
  return {
    traces: [...traces.values()],
    limit,
    truncated,
    ...(coveredFromMs !== undefined ? { coveredFromMs } : {}),
    warnings,
  };
}

// ---- Prometheus ----------------------------------------------------------------------------

function withLabel(result: SeriesResult, label: string, value: string): Series[] {
  return result.series.map((s) => ({ ...s, labels: { ...s.labels, [label]: value } }));
}

interface MetricPlan {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  selector: QueueSelector;
}

function metricPlan(workflow: WorkflowConfig, window: { fromMs: number; toMs: number }): MetricPlan {
  const lookback = Math.max(MIN_METRIC_LOOKBACK_MS, workflow.thresholds.noAckFor * 2000);
  const fromMs = Math.min(window.fromMs, window.toMs - lookback);
  const step = chooseStep({ startMs: fromMs, endMs: window.toMs, widthPx: METRIC_POINTS, minStepS: MIN_STEP_S });
  return {
    fromMs,
    toMs: window.toMs,
    stepSeconds: step.stepS,
    selector: { names: workflow.queues.map((q) => q.name), vhosts: [...new Set(workflow.queues.map((q) => q.vhost))] },
  };
}

async function queueMetrics(
  sources: Sources,
  workflow: WorkflowConfig,
  plan: MetricPlan,
  ms: number,
  dlqNames: Promise<string[]>,
): Promise<QueueMetrics> {
  const base = { fromMs: plan.fromMs, stepSeconds: plan.stepSeconds };
  const prom = sources.prometheus;
  if (!prom) {
    const u = unconfigured("prometheus");
    return {
      ...base,
      ready: u,
      unacked: u,
      consumers: u,
      acked: u,
      published: u,
      redelivered: u,
      delivered: u,
      headTimestamp: u,
      drops: u,
    };
  }
  const range = {
    start: new Date(plan.fromMs),
    end: new Date(plan.toMs),
    widthPx: METRIC_POINTS,
    minStepSeconds: MIN_STEP_S,
  };
  const series = (expr: string) => observe("prometheus", ms, async () => (await prom.queryRange(expr, range)).series);
  const s = plan.selector;
  const step = plan.stepSeconds;
  const [ready, unacked, consumers, acked, published, redelivered, delivered, headTimestamp, drops] = await Promise.all(
    [
      // The dead-letter queues' depth rides along once the broker has named them.
      observe("prometheus", ms, async () => {
        const extra = await dlqNames;
        const names = [...s.names, ...extra.filter((n) => !s.names.includes(n))];
        return (await prom.queryRange(gaugeQuery(METRICS.ready, { ...s, names }), range)).series;
      }),
      series(gaugeQuery(METRICS.unacked, s)),
      series(gaugeQuery(METRICS.consumers, s)),
      series(counterQuery(METRICS.acked, s, step)),
      series(counterQuery(METRICS.published, s, step, "queue_vhost")),
      series(counterQuery(METRICS.redelivered, s, step)),
      series(counterQuery(METRICS.delivered, s, step)),
      series(gaugeQuery(METRICS.headTimestamp, s)),
      observe("prometheus", ms, async () => {
        const results = await Promise.all(
          workflow.dropCounters.map(async (name) =>
            withLabel(await prom.queryRange(dropQuery(name, step), range), "counter", name),
          ),
        );
        return results.flat();
      }),
    ],
  );
  return { ...base, ready, unacked, consumers, acked, published, redelivered, delivered, headTimestamp, drops };
}

// ---- all together ----------------------------------------------------------------------------

export async function collectSignals(
  sources: Sources,
  workflow: WorkflowConfig,
  window: { fromMs: number; toMs: number },
  opts: CollectOptions = {},
): Promise<WorkflowSignals> {
  const ms = opts.deadlineMs ?? 10_000;
  const now = (opts.now ?? Date.now)();
  const plan = metricPlan(workflow, window);
  const broker: Promise<Observed<BrokerState>> = sources.rabbitmq
    ? observe("rabbitmq", ms, () => brokerState(sources, workflow))
    : Promise.resolve(unconfigured("rabbitmq"));
  // Wait for the broker's DLQ names at most half the deadline, so a slow broker cannot take
  // the depth query (and every check that needs it) down with it.
  const dlqNames = Promise.race([
    broker.then((b) => (b.ok ? b.value.routes.flatMap((r) => r.dlqNames) : [])),
    new Promise<string[]>((resolve) => setTimeout(() => resolve([]), ms / 2).unref?.()),
  ]);
  const traceEnd = new Date(Math.min(window.toMs, now));
  const traces: Promise<Observed<TraceSample>> =
    sources.jaeger && traceEnd.getTime() > window.fromMs
      ? observe("jaeger", ms, () =>
          traceSample(sources, workflow, new Date(window.fromMs), traceEnd, opts.traceLimit ?? 1000),
        )
      : Promise.resolve(
          sources.jaeger
            ? { ok: false, source: "jaeger", reason: "the window is in the future" }
            : unconfigured("jaeger"),
        );
  const [b, m, t] = await Promise.all([broker, queueMetrics(sources, workflow, plan, ms, dlqNames), traces]);
  return { version: 1, workflowId: workflow.id, window, nowMs: now, broker: b, metrics: m, traces: t };
}
