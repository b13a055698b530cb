// The offsets over the lag window read back from Prometheus, from kafka_exporter's or KMinion's
// series (or Asyncscope's own sampler's, which are kafka_exporter's), for Burrow's rules
// (lag-window.ts). Both exporters give, per group, topic and partition, the lag, and per topic
// and partition the log-end offset: the committed offset is their difference, and a lag of −1
// (kafka_exporter: never committed) is a committed offset of −1. The series of several
// exporter instances (two app instances around a term change) are merged by max.
// The queries and the mapping are pure; readPrometheusHistory is the I/O.
import type { DestinationRef } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import { byLabels, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { PrometheusSource } from "@/lib/sources/prometheus/client";
import { destinationKey, type KafkaConfig } from "./config";
import type { OffsetHistory } from "./history";
import type { OffsetSample } from "./lag-window";
import { exporterSeries, type ExporterSeries } from "./metric-names";

export interface HistoryQueries {
  lag: string;
  logEnd: string;
}

const uniq = (values: string[]) => [...new Set(values)];

export function historyQueries(series: ExporterSeries, refs: readonly DestinationRef[]): HistoryQueries {
  const { names, labels } = series;
  const topics = oneOf(...uniq(refs.map((r) => r.identity.topic!)));
  const groups = oneOf(...uniq(refs.map((r) => r.identity.group!)));
  return {
    lag: `max ${byLabels([labels.group, labels.topic, labels.partition])} (${selector(names.lag, { [labels.group]: groups, [labels.topic]: topics })})`,
    logEnd: `max ${byLabels([labels.topic, labels.partition])} (${selector(names.logEndOffset, { [labels.topic]: topics })})`,
  };
}

/**
 * Range-query results → samples per topic@group and partition, oldest first. A step with a lag
 * but no log end (or the other way round) is no sample; points after `nowMs` (a range aligned
 * past now) are dropped.
 */
export function toOffsetHistory(
  lag: readonly Series[],
  logEnd: readonly Series[],
  series: ExporterSeries,
  nowMs: number,
): OffsetHistory {
  const { labels } = series;
  const ends = new Map<string, Map<number, number>>();
  for (const s of logEnd) {
    const topic = s.labels[labels.topic];
    const partition = s.labels[labels.partition];
    if (topic === undefined || partition === undefined) continue;
    ends.set(`${topic}/${partition}`, new Map(s.points.map((p) => [p.tsMs, p.value])));
  }
  const out: OffsetHistory = new Map();
  for (const s of lag) {
    const topic = s.labels[labels.topic];
    const group = s.labels[labels.group];
    const partition = Number(s.labels[labels.partition]);
    if (topic === undefined || group === undefined || !Number.isInteger(partition)) continue;
    const endAt = ends.get(`${topic}/${partition}`);
    if (!endAt) continue;
    const samples: OffsetSample[] = [];
    for (const p of s.points) {
      const end = endAt.get(p.tsMs);
      if (p.tsMs > nowMs || end === undefined || !Number.isFinite(end) || !Number.isFinite(p.value) || end < 0)
        continue;
      samples.push({ atMs: p.tsMs, committed: p.value < 0 ? -1 : end - p.value, logEnd: end });
    }
    if (samples.length === 0) continue;
    const key = destinationKey(topic, group);
    const perKey = out.get(key) ?? new Map<number, OffsetSample[]>();
    perKey.set(partition, samples);
    out.set(key, perKey);
  }
  return out;
}

/** Where the samples came from, in the words a verdict gives. */
export function prometheusHistoryName(config: KafkaConfig | undefined): string {
  return `${config?.metrics.exporter ?? "kafka_exporter"} series in Prometheus`;
}

export async function readPrometheusHistory(
  prometheus: PrometheusSource,
  config: KafkaConfig,
  refs: readonly DestinationRef[],
  opts: { nowMs: number; windowMs: number; scrapeIntervalSeconds: number },
): Promise<OffsetHistory> {
  const series = exporterSeries(config.metrics);
  const q = historyQueries(series, refs);
  const range = {
    start: new Date(opts.nowMs - opts.windowMs - opts.scrapeIntervalSeconds * 2000),
    end: new Date(opts.nowMs),
    minStepSeconds: opts.scrapeIntervalSeconds,
    // One point per scrape at most; Prometheus's own cap is 11,000.
    widthPx: Math.ceil(opts.windowMs / 1000 / opts.scrapeIntervalSeconds) + 3,
  };
  const [lag, logEnd] = await Promise.all([
    prometheus.queryRange(q.lag, range),
    prometheus.queryRange(q.logEnd, range),
  ]);
  return toOffsetHistory(lag.series, logEnd.series, series, opts.nowMs);
}
