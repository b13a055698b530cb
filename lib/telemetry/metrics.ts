import { Counter, Gauge, Histogram, Registry } from "prom-client";

// The app's own metrics, served at /api/metrics in the Prometheus text format by prom-client.
// Only the app's metrics: prom-client's default process metrics are not collected (the names
// served here are a contract with dashboards and alert rules, docs/operations.md).

export { Registry };

/** What prom-client serves; the Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_TEXT_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

// One registry per process. Kept on globalThis so Next.js dev reloads do not start new
// registries that would reset counters behind the scraper's back; for the same reason a metric
// is looked up before it is defined (prom-client refuses a second registration of a name).
const globalKey = Symbol.for("asyncscope.metrics.registry");
const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
export const appMetrics: Registry = (holder[globalKey] ??= new Registry());

type Names<L extends string> = readonly L[];

export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: Names<L>) {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  );
}

export function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: Names<L>) {
  return (
    (registry.getSingleMetric(name) as Gauge<L> | undefined) ??
    new Gauge<L>({ name, help, labelNames, registers: [registry] })
  );
}

function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: Names<L>,
  buckets: number[],
) {
  return (
    (registry.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] })
  );
}

/** The label sets of a counter's or gauge's series, with their values. */
export async function seriesOf<L extends string>(
  metric: Counter<L> | Gauge<L>,
): Promise<Array<{ labels: Partial<Record<L, string | number>>; value: number }>> {
  return (await metric.get()).values;
}

/** A series' value, or undefined when the series does not exist (never a made-up 0). */
export async function valueOf<L extends string>(
  metric: Counter<L> | Gauge<L>,
  labels: Readonly<Record<L, string>>,
): Promise<number | undefined> {
  const pairs = Object.entries(labels) as Array<[L, string]>;
  const names = Object.keys(labels).length;
  return (await seriesOf(metric)).find(
    (series) =>
      Object.keys(series.labels).length === names &&
      pairs.every(([name, value]) => String(series.labels[name]) === value),
  )?.value;
}

export const upstreamRequests = counter(
  appMetrics,
  "asyncscope_upstream_requests_total",
  "Upstream HTTP requests made to data sources (after coalescing and caching), by outcome.",
  ["source", "outcome"],
);
export const upstreamErrors = counter(
  appMetrics,
  "asyncscope_upstream_errors_total",
  "Failed upstream requests by error kind (http, parse, network, timeout, too_large).",
  ["source", "kind"],
);
export const upstreamDuration = histogram(
  appMetrics,
  "asyncscope_upstream_request_duration_seconds",
  "Duration of upstream HTTP requests including the body, per source.",
  ["source"],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);
export const sourceCalls = counter(
  appMetrics,
  "asyncscope_source_calls_total",
  "Calls into the source clients, by how they were served (upstream, coalesced, cache).",
  ["source", "served"],
);
/** How calls into `source`'s clients were served so far in this process (benchmarks and tests read deltas). */
export async function sourceCallCounts(
  source: string,
): Promise<{ upstream: number; coalesced: number; cache: number }> {
  const served = async (how: string) => (await valueOf(sourceCalls, { source, served: how })) ?? 0;
  return { upstream: await served("upstream"), coalesced: await served("coalesced"), cache: await served("cache") };
}
export const workflowEvaluations = counter(
  appMetrics,
  "asyncscope_evaluations_total",
  "Workflow evaluations asked for, by how they were served: evaluated (a new run reading the sources), shared (a run of the same window in flight, or settled in the last 5 s), reused (a view showed the workflow's latest evaluation instead of asking for one).",
  ["served"],
);
export const timelineDerivations = counter(
  appMetrics,
  "asyncscope_timeline_derivations_total",
  "Background derivations of incident timelines, by outcome (ok; partial: part could not be derived, e.g. a source down or a workflow gone from the config; failed; gone: the incident was deleted meanwhile).",
  ["outcome"],
);
export const sweepsSkipped = counter(
  appMetrics,
  "asyncscope_sweep_skipped_total",
  "Background sweep runs (timeline, retention) and incident derivations this instance skipped because another instance sharing the PostgreSQL database held the lock and was doing the same work.",
  ["sweep"],
);

/**
 * The check sweep's metrics (check-sweep.ts), defined on `registry`: the app's registry below,
 * or a test's own.
 */
export function defineCheckMetrics(registry: Registry) {
  return {
    status: gauge(
      registry,
      "asyncscope_check_status",
      "Status of each check of each workflow as of the last check sweep: 0 ok, 1 warning, 2 critical, 3 unknown (also when the workflow's evaluation failed).",
      ["workflow", "check"],
    ),
    verdict: gauge(
      registry,
      "asyncscope_workflow_status",
      "Verdict of each workflow as of the last check sweep (what its page shows): 0 ok, 1 warning, 2 critical, 3 unknown.",
      ["workflow"],
    ),
    evaluatedAt: gauge(
      registry,
      "asyncscope_check_evaluated_timestamp_seconds",
      "When the check sweep last evaluated the workflow successfully (Unix seconds); older than a few sweeps means its status is stale.",
      ["workflow"],
    ),
    judgedAt: gauge(
      registry,
      "asyncscope_check_judged_timestamp_seconds",
      "The instant the last successful evaluation judged as now (Unix seconds): the sweep's clock for live sources, the recording's end for a replayed workflow.",
      ["workflow"],
    ),
    failures: counter(
      registry,
      "asyncscope_check_sweep_failures_total",
      "Check sweeps in which the workflow's evaluation failed (its checks are then 3, unknown).",
      ["workflow"],
    ),
    skipped: counter(
      registry,
      "asyncscope_check_sweeps_skipped_total",
      "Check sweep ticks skipped because the previous sweep was still running.",
      [],
    ),
  };
}
export type CheckMetrics = ReturnType<typeof defineCheckMetrics>;
export const checkMetrics: CheckMetrics = defineCheckMetrics(appMetrics);
