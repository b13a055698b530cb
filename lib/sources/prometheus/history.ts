import "server-only";
// A broker's metric plan run against Prometheus: each query over the lookback, its series
// relabelled with the destination they belong to, and the server's warnings kept.
import { DESTINATION_LABEL } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { MetricReader, MetricRange, SeriesAnswer } from "../readers";
import type { PrometheusSource } from "./client";
import { assertMetricName, duration, rateRangeSeconds } from "./promql";
import { chooseStep } from "./step";

/** Range-query points: enough for Burrow's window and flap detection, few enough to stay cheap. */
export const METRIC_POINTS = 180;
/** Never step below the scrape interval floor. */
export const MIN_STEP_S = 5;
/** A configured drop counter, summed over all its series, per step. */
export function dropQuery(counter: string, range: { stepSeconds: number; rateRangeSeconds: number }): string {
  return `sum(rate(${assertMetricName(counter)}[${duration(range.rateRangeSeconds)}])) * ${range.stepSeconds}`;
}

/** `scrapeIntervalSeconds`: sources.prometheus.scrapeInterval, which bounds how short a rate range can be. */
export function prometheusMetricReader(prom: PrometheusSource, scrapeIntervalSeconds: number): MetricReader {
  const query = (expr: string, range: MetricRange) =>
    prom.queryRange(expr, {
      start: new Date(range.fromMs),
      end: new Date(range.toMs),
      widthPx: METRIC_POINTS,
      minStepSeconds: MIN_STEP_S,
    });
  return {
    range(window, minLookbackMs) {
      const fromMs = Math.min(window.fromMs, window.toMs - minLookbackMs);
      const step = chooseStep({ startMs: fromMs, endMs: window.toMs, widthPx: METRIC_POINTS, minStepS: MIN_STEP_S });
      return {
        fromMs,
        toMs: window.toMs,
        stepSeconds: step.stepS,
        rateRangeSeconds: rateRangeSeconds(step.stepS, scrapeIntervalSeconds),
      };
    },
    async signal(q, plan, also, range): Promise<SeriesAnswer> {
      const result = await query(q.expr(also), range);
      const series: Series[] = [];
      for (const s of result.series) {
        const key = plan.destinationOf(s.labels, q.signal);
        if (key !== undefined) series.push({ ...s, labels: { ...s.labels, [DESTINATION_LABEL]: key } });
      }
      return { series, warnings: result.warnings };
    },
    async drops(counters, range): Promise<SeriesAnswer> {
      const results = await Promise.all(
        counters.map(async (name) => {
          const result = await query(dropQuery(name, range), range);
          return {
            series: result.series.map((s) => ({ ...s, labels: { ...s.labels, counter: name } })),
            warnings: result.warnings,
          };
        }),
      );
      return { series: results.flatMap((r) => r.series), warnings: [...new Set(results.flatMap((r) => r.warnings))] };
    },
  };
}
