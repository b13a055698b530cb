// Turns a lab capture (tests/fixtures/analysis, format 1: the Prometheus series the evaluator
// read, with RabbitMQ's labels) back into the raw series `promtool test rules` feeds its
// rules: gauges as sampled, counters as one cumulative series per queue built from the
// recorded per-step increases (a step with no series stays absent, as a closed channel's
// counter is). A capture is a few minutes; the rules look back up to 15, so the recording is
// extended:
//   - "trend": the fault holds as it ended; gauges keep their last minute's slope, counters
//     their last minute's rate;
//   - "cycle": the recording repeats (the healthy lab under the same load, for longer).
import type { Series } from "@/lib/domain/series";
import type { V1Signals } from "@/lib/sources/rabbitmq/legacy";
import { DEFAULT_METRIC_NAMES } from "@/lib/sources/rabbitmq/config";

export interface InputSeries {
  series: string;
  values: string;
}

export interface PromtoolInput {
  intervalSeconds: number;
  /** Samples per series: the last is at (steps - 1) × interval. */
  steps: number;
  series: InputSeries[];
}

type Extend = "trend" | "cycle";
/**
 * How one series is extended: a gauge's trend (a depth), its last value (a consumer count: a
 * crash loop does not grow negative consumers), a counter's rate, or the recording again.
 */
type Continuation = "slope" | "hold" | "rate" | "cycle";

const GAUGES = {
  ready: DEFAULT_METRIC_NAMES.waiting,
  unacked: DEFAULT_METRIC_NAMES.inFlight,
  consumers: DEFAULT_METRIC_NAMES.consumers,
} as const;
const COUNTERS = {
  acked: DEFAULT_METRIC_NAMES.acked,
  published: DEFAULT_METRIC_NAMES.published,
  redelivered: DEFAULT_METRIC_NAMES.redelivered,
  delivered: DEFAULT_METRIC_NAMES.delivered,
} as const;

/** The label set promtool reads, without the scrape's own labels. */
function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const keep = Object.entries(labels).filter(([key]) => !["__name__", "instance", "job"].includes(key));
  return `${name}{${keep.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(",")}}`;
}

/** Values on the capture's grid, undefined where the series had no sample. */
function onGrid(series: Series, startMs: number, stepMs: number, length: number): (number | undefined)[] {
  const values: (number | undefined)[] = new Array<number | undefined>(length).fill(undefined);
  for (const point of series.points) {
    const index = Math.round((point.tsMs - startMs) / stepMs);
    if (index >= 0 && index < length) values[index] = point.value;
  }
  return values;
}

/** The recording extended by `extra` steps. */
function extended(values: (number | undefined)[], extra: number, extend: Continuation): (number | undefined)[] {
  const out = [...values];
  if (extend === "cycle") {
    for (let i = 0; i < extra; i++) out.push(values[i % values.length]);
    return out;
  }
  // A series whose last sample is a step or two before the end still lives (counters are
  // increments over the step before, so they can end one step earlier than gauges).
  let lastIndex = values.length - 1;
  while (lastIndex >= 0 && values.length - 1 - lastIndex < 2 && values[lastIndex] === undefined) lastIndex -= 1;
  const last = values[lastIndex];
  if (last === undefined) return [...out, ...new Array<undefined>(extra).fill(undefined)];
  const fill = values.length - 1 - lastIndex + extra;
  out.length = lastIndex + 1;
  const back = Math.max(0, lastIndex - 6);
  if (extend === "rate") {
    const recent = values.slice(back + 1, lastIndex + 1).filter((v): v is number => v !== undefined);
    const rate = recent.reduce((a, b) => a + b, 0) / recent.length;
    return [...out, ...new Array<number>(fill).fill(rate)];
  }
  const earlier = values[back];
  const slope =
    extend === "hold" || earlier === undefined || lastIndex === back ? 0 : (last - earlier) / (lastIndex - back);
  for (let i = 1; i <= fill; i++) out.push(Math.max(0, last + slope * i));
  return out;
}

/** promtool's notation: a value per step, "_" for none, "stale" where a series ended. */
function valuesText(values: (number | undefined)[]): string {
  return values
    .map((value, index) => {
      if (value !== undefined) return String(Number(value.toFixed(4)));
      return index > 0 && values[index - 1] !== undefined ? "stale" : "_";
    })
    .join(" ");
}

function cumulative(increments: (number | undefined)[]): (number | undefined)[] {
  let total = 0;
  return increments.map((value) => {
    if (value === undefined) return undefined;
    total += value;
    return total;
  });
}

export function promtoolInput(capture: V1Signals, extraSteps: number, extend: Extend): PromtoolInput {
  const metrics = capture.metrics;
  const stepMs = metrics.stepSeconds * 1000;
  const all = [...Object.keys(GAUGES), ...Object.keys(COUNTERS), "drops"].flatMap((key) => {
    const observed = metrics[key as keyof typeof GAUGES];
    return observed.ok ? observed.value : [];
  });
  const points = all.flatMap((s) => s.points.map((p) => p.tsMs));
  const startMs = Math.min(...points);
  const length = Math.round((Math.max(...points) - startMs) / stepMs) + 1;
  const series: InputSeries[] = [];
  for (const [key, name] of Object.entries(GAUGES)) {
    const observed = metrics[key as keyof typeof GAUGES];
    if (!observed.ok) continue;
    for (const s of observed.value) {
      series.push({
        series: seriesText(name, s.labels),
        values: valuesText(
          extended(onGrid(s, startMs, stepMs, length), extraSteps, extend === "cycle" ? "cycle" : "slope"),
        ),
      });
    }
  }
  const counters: [string, Observed][] = [
    ...Object.entries(COUNTERS).map(
      ([key, name]) => [name, metrics[key as keyof typeof COUNTERS]] as [string, Observed],
    ),
  ];
  for (const [name, observed] of counters) {
    if (!observed.ok) continue;
    for (const s of observed.value) {
      const increments = extended(
        onGrid(s, startMs, stepMs, length),
        extraSteps,
        extend === "cycle" ? "cycle" : "rate",
      );
      series.push({ series: seriesText(name, s.labels), values: valuesText(cumulative(increments)) });
    }
  }
  if (metrics.drops.ok) {
    for (const s of metrics.drops.value) {
      const increments = extended(
        onGrid(s, startMs, stepMs, length),
        extraSteps,
        extend === "cycle" ? "cycle" : "rate",
      );
      series.push({ series: seriesText(s.labels.counter!, {}), values: valuesText(cumulative(increments)) });
    }
  }
  return { intervalSeconds: metrics.stepSeconds, steps: length + extraSteps, series };
}

type Observed = V1Signals["metrics"]["acked"];
