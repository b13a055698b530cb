// The PromQL one evaluation sends for a Redis Streams workflow, on redis_exporter's
// --check-streams series (labels stream, group; db): one query per signal for all of its
// groups. redis_exporter exports no acknowledgement, publish or redelivery counter and no
// per-group oldest-entry time, so those signals have no query (a gap, never a zero); the
// present oldest-waiting age comes from the live state (the first undelivered entry's id).
import type { DestinationConfig, DestinationRef, DestinationSignal } from "@/lib/domain/destination";
import type { Labels } from "@/lib/domain/series";
import { byLabels, duration, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { MetricPlan, MetricQuery, RateWindow } from "../broker";
import { DEFAULT_METRIC_NAMES, groupKey, type RedisConfig } from "./config";

export function metricNamesOf(config: RedisConfig | undefined): Record<keyof typeof DEFAULT_METRIC_NAMES, string> {
  return { ...DEFAULT_METRIC_NAMES, ...(config?.metricNames as Partial<typeof DEFAULT_METRIC_NAMES> | undefined) };
}

const values = (refs: readonly DestinationRef[], field: string) => [
  ...new Set(refs.flatMap((r) => (r.identity[field] !== undefined ? [r.identity[field]] : []))),
];

export function groupMatchers(refs: readonly DestinationRef[]) {
  return { stream: oneOf(...values(refs, "stream")), group: oneOf(...values(refs, "group")) };
}

export function redisMetricPlan(
  destinations: readonly DestinationConfig[],
  { stepSeconds, rateRangeSeconds }: RateWindow,
  config: RedisConfig | undefined,
): MetricPlan {
  const names = metricNamesOf(config);
  const declared = destinations.map((d) => d.ref);
  const gauge = (signal: "waiting" | "inFlight" | "consumers"): MetricQuery => ({
    signal,
    kind: "gauge",
    withDeadLetters: signal === "waiting",
    expr: (also) => {
      const groups = selector(names[signal], groupMatchers(declared));
      // Dead-letter streams (refs without a group) ride along as their length.
      const streams = values(
        also.filter((r) => r.identity.group === undefined),
        "stream",
      );
      return streams.length
        ? `${groups} or ${selector(names.deadLetterLength, { stream: oneOf(...streams) })}`
        : groups;
    },
  });
  // entries-read only grows (XGROUP SETID can move it back; rate() reads that as a reset).
  const rate = `rate(${selector(names.delivered, groupMatchers(declared))}[${duration(rateRangeSeconds)}])`;
  const perSecond = `sum ${byLabels(["stream", "group"])} (${rate})`;
  return {
    queries: [
      gauge("waiting"),
      gauge("inFlight"),
      gauge("consumers"),
      {
        signal: "delivered",
        kind: "counter",
        withDeadLetters: false,
        expr: () => `${perSecond} * ${stepSeconds}`,
        perSecond: () => perSecond,
      },
    ],
    destinationOf(labels: Labels, signal: DestinationSignal) {
      const { stream, group } = labels;
      if (stream === undefined) return undefined;
      if (group !== undefined) return groupKey(stream, group);
      return signal === "waiting" ? stream : undefined;
    },
    // The exporter writes every group's series at every scrape: a missing one is not a zero.
    absentCounter: "unknown",
  };
}
