// A tiny in-process metrics registry rendered in the Prometheus text exposition format
// (version 0.0.4). Small on purpose: counters, gauges and histograms with labels are all the app
// needs, and the format is simple enough that a dependency would cost more than it saves.

type LabelValues = Readonly<Record<string, string>>;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelKey(labelNames: readonly string[], labels: LabelValues): string {
  return labelNames.map((name) => labels[name] ?? "").join("\u0000");
}

function renderLabels(pairs: Array<[string, string]>): string {
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

interface Metric {
  render(): string;
  reset(): void;
}

export class Counter<L extends string = string> implements Metric {
  private readonly values = new Map<string, { labels: LabelValues; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  inc(labels: Readonly<Record<L, string>>, by = 1): void {
    if (by < 0) throw new RangeError(`counter ${this.name} cannot decrease`);
    const key = labelKey(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels: { ...labels }, value: by });
  }

  get(labels: Readonly<Record<L, string>>): number {
    return this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
  }

  /** Ends the series with these labels (its subject is gone); incremented again, it restarts at 0. */
  remove(labels: Readonly<Record<L, string>>): void {
    this.values.delete(labelKey(this.labelNames, labels));
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) {
      lines.push(
        `${this.name}${renderLabels(this.labelNames.map((n) => [n, labels[n] ?? ""]))} ${formatNumber(value)}`,
      );
    }
    return lines.join("\n");
  }

  reset(): void {
    this.values.clear();
  }
}

/** A value that goes up and down; a series exists from its first set() until it is removed. */
export class Gauge<L extends string = string> implements Metric {
  private readonly values = new Map<string, { labels: LabelValues; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  set(labels: Readonly<Record<L, string>>, value: number): void {
    const key = labelKey(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value = value;
    else this.values.set(key, { labels: { ...labels }, value });
  }

  /** The value, or undefined when the series does not exist (never a made-up 0). */
  get(labels: Readonly<Record<L, string>>): number | undefined {
    return this.values.get(labelKey(this.labelNames, labels))?.value;
  }

  /** The label sets of every series, in the order they were created. */
  series(): Array<Readonly<Record<L, string>>> {
    return [...this.values.values()].map(({ labels }) => labels as Readonly<Record<L, string>>);
  }

  /** Removes every series whose labels include all of `match` (e.g. `{ workflow: "checkout" }`). */
  remove(match: Partial<Readonly<Record<L, string>>>): void {
    const pairs = Object.entries(match) as Array<[string, string]>;
    for (const [key, { labels }] of this.values) {
      if (pairs.every(([name, value]) => labels[name] === value)) this.values.delete(key);
    }
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.values.values()) {
      lines.push(
        `${this.name}${renderLabels(this.labelNames.map((n) => [n, labels[n] ?? ""]))} ${formatNumber(value)}`,
      );
    }
    return lines.join("\n");
  }

  reset(): void {
    this.values.clear();
  }
}

export class Histogram<L extends string = string> implements Metric {
  private readonly values = new Map<string, { labels: LabelValues; buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    /** Upper bounds, ascending; +Inf is implicit. */
    readonly bounds: readonly number[],
  ) {}

  observe(labels: Readonly<Record<L, string>>, value: number): void {
    const key = labelKey(this.labelNames, labels);
    let entry = this.values.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.values.set(key, entry);
    }
    this.bounds.forEach((bound, i) => {
      if (value <= bound) entry.buckets[i] = (entry.buckets[i] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  count(labels: Readonly<Record<L, string>>): number {
    return this.values.get(labelKey(this.labelNames, labels))?.count ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const { labels, buckets, sum, count } of this.values.values()) {
      const base = this.labelNames.map((n): [string, string] => [n, labels[n] ?? ""]);
      this.bounds.forEach((bound, i) => {
        lines.push(`${this.name}_bucket${renderLabels([...base, ["le", formatNumber(bound)]])} ${buckets[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${renderLabels([...base, ["le", "+Inf"]])} ${count}`);
      lines.push(`${this.name}_sum${renderLabels(base)} ${formatNumber(sum)}`);
      lines.push(`${this.name}_count${renderLabels(base)} ${count}`);
    }
    return lines.join("\n");
  }

  reset(): void {
    this.values.clear();
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric>();

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    const existing = this.metrics.get(name);
    if (existing) return existing as Counter<L>;
    const metric = new Counter(name, help, labelNames);
    this.metrics.set(name, metric);
    return metric;
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    const existing = this.metrics.get(name);
    if (existing) return existing as Gauge<L>;
    const metric = new Gauge(name, help, labelNames);
    this.metrics.set(name, metric);
    return metric;
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    bounds: readonly number[],
  ): Histogram<L> {
    const existing = this.metrics.get(name);
    if (existing) return existing as Histogram<L>;
    const metric = new Histogram(name, help, labelNames, bounds);
    this.metrics.set(name, metric);
    return metric;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    return [...this.metrics.values()].map((m) => m.render()).join("\n") + "\n";
  }

  reset(): void {
    for (const metric of this.metrics.values()) metric.reset();
  }
}

export const PROMETHEUS_TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

// One registry per process. Kept on globalThis so Next.js dev reloads do not start new
// registries that would reset counters behind the scraper's back.
const globalKey = Symbol.for("asyncscope.metrics.registry");
const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
export const appMetrics: Registry = (holder[globalKey] ??= new Registry());

export const upstreamRequests = appMetrics.counter(
  "asyncscope_upstream_requests_total",
  "Upstream HTTP requests made to data sources (after coalescing and caching), by outcome.",
  ["source", "outcome"],
);
export const upstreamErrors = appMetrics.counter(
  "asyncscope_upstream_errors_total",
  "Failed upstream requests by error kind (http, parse, network, timeout, too_large).",
  ["source", "kind"],
);
export const upstreamDuration = appMetrics.histogram(
  "asyncscope_upstream_request_duration_seconds",
  "Duration of upstream HTTP requests including the body, per source.",
  ["source"],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);
export const sourceCalls = appMetrics.counter(
  "asyncscope_source_calls_total",
  "Calls into the source clients, by how they were served (upstream, coalesced, cache).",
  ["source", "served"],
);
/** How calls into `source`'s clients were served so far in this process (benchmarks and tests read deltas). */
export function sourceCallCounts(source: string): { upstream: number; coalesced: number; cache: number } {
  return {
    upstream: sourceCalls.get({ source, served: "upstream" }),
    coalesced: sourceCalls.get({ source, served: "coalesced" }),
    cache: sourceCalls.get({ source, served: "cache" }),
  };
}
export const timelineDerivations = appMetrics.counter(
  "asyncscope_timeline_derivations_total",
  "Background derivations of incident timelines, by outcome (ok; partial: part could not be derived, e.g. a source down or a workflow gone from the config; failed).",
  ["outcome"],
);

/**
 * The check sweep's metrics (check-sweep.ts), defined on `registry`: the app's registry below,
 * or a test's own.
 */
export function defineCheckMetrics(registry: Registry) {
  return {
    status: registry.gauge(
      "asyncscope_check_status",
      "Status of each check of each workflow as of the last check sweep: 0 ok, 1 warning, 2 critical, 3 unknown (also when the workflow's evaluation failed).",
      ["workflow", "check"],
    ),
    verdict: registry.gauge(
      "asyncscope_workflow_status",
      "Verdict of each workflow as of the last check sweep (what its page shows): 0 ok, 1 warning, 2 critical, 3 unknown.",
      ["workflow"],
    ),
    evaluatedAt: registry.gauge(
      "asyncscope_check_evaluated_timestamp_seconds",
      "When the check sweep last evaluated the workflow successfully (Unix seconds); older than a few sweeps means its status is stale.",
      ["workflow"],
    ),
    judgedAt: registry.gauge(
      "asyncscope_check_judged_timestamp_seconds",
      "The instant the last successful evaluation judged as now (Unix seconds): the sweep's clock for live sources, the recording's end for a replayed workflow.",
      ["workflow"],
    ),
    failures: registry.counter(
      "asyncscope_check_sweep_failures_total",
      "Check sweeps in which the workflow's evaluation failed (its checks are then 3, unknown).",
      ["workflow"],
    ),
    skipped: registry.counter(
      "asyncscope_check_sweeps_skipped_total",
      "Check sweep ticks skipped because the previous sweep was still running.",
      [],
    ),
  };
}
export type CheckMetrics = ReturnType<typeof defineCheckMetrics>;
export const checkMetrics: CheckMetrics = defineCheckMetrics(appMetrics);
