// The PromQL one evaluation sends for a JetStream workflow, on prometheus-nats-exporter's -jsz
// series (labels stream_name, consumer_name): one query per signal for all of its consumers.
// Values from config go through the safe builder (prometheus/promql.ts).
import type { DestinationConfig, DestinationRef, DestinationSignal } from "@/lib/domain/destination";
import type { Labels } from "@/lib/domain/series";
import { byLabels, duration, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { MetricPlan, MetricQuery, RateWindow } from "../broker";
import { consumerKey, DEFAULT_METRIC_NAMES, type NatsConfig } from "./config";

export const BY_CONSUMER = ["stream_name", "consumer_name"] as const;

export function metricNames(config: NatsConfig | undefined): Record<DestinationSignal, string | undefined> {
  const given = config?.metricNames ?? {};
  return {
    waiting: given.waiting ?? DEFAULT_METRIC_NAMES.waiting,
    inFlight: given.inFlight ?? DEFAULT_METRIC_NAMES.inFlight,
    consumers: given.consumers ?? DEFAULT_METRIC_NAMES.consumers,
    delivered: given.delivered ?? DEFAULT_METRIC_NAMES.delivered,
    acked: given.acked ?? DEFAULT_METRIC_NAMES.acked,
    redelivered: given.redelivered ?? DEFAULT_METRIC_NAMES.redelivered,
    published: given.published ?? DEFAULT_METRIC_NAMES.published,
    oldestTimestamp: given.oldestTimestamp,
  };
}

export function consumerMatchers(refs: readonly DestinationRef[]) {
  return {
    stream_name: oneOf(...new Set(refs.map((r) => r.identity.stream!))),
    consumer_name: oneOf(...new Set(refs.map((r) => r.identity.consumer!))),
  };
}

export function natsMetricPlan(
  destinations: readonly DestinationConfig[],
  { stepSeconds, rateRangeSeconds }: RateWindow,
  config: NatsConfig | undefined,
): MetricPlan {
  const names = metricNames(config);
  const declared = destinations.map((d) => d.ref);
  const range = duration(rateRangeSeconds);
  const gauge = (signal: DestinationSignal, metric: string): MetricQuery => ({
    signal,
    kind: "gauge",
    withDeadLetters: false,
    expr: () => `sum ${byLabels(BY_CONSUMER)} (${selector(metric, consumerMatchers(declared))})`,
  });
  // num_waiting counts a pull consumer's outstanding pull requests, not its clients: it dips by
  // one each time a pull is served and renewed (7, 6, 7 on a healthy lab), which the consumer
  // checks would read as consumers lost (a "flapping" crash loop). Clamped to 1 it says whether
  // anyone is pulling: 1 while a client keeps a pull waiting, 0 when none does. Clamped after
  // the sum, so a consumer reported by two series (two servers, or a restarted exporter's old
  // series) still counts once.
  const consumersPulling = (metric: string): MetricQuery => ({
    signal: "consumers",
    kind: "gauge",
    withDeadLetters: false,
    expr: () => `clamp_max(sum ${byLabels(BY_CONSUMER)} (${selector(metric, consumerMatchers(declared))}), 1)`,
  });
  // The exporter's per-consumer figures are sequences and gauges, not counters. Sequences grow
  // by one per delivery or ack and restart only when the consumer is recreated, which rate()
  // reads as a counter reset. × step turns the rate into a count per step.
  const sequence = (
    signal: DestinationSignal,
    metric: string,
    matchers: object,
    by: readonly string[],
  ): MetricQuery => {
    const perSecond = `sum ${byLabels(by)} (rate(${selector(metric, matchers as Parameters<typeof selector>[1])}[${range}]))`;
    return {
      signal,
      kind: "counter",
      withDeadLetters: false,
      expr: () => `${perSecond} * ${stepSeconds}`,
      perSecond: () => perSecond,
    };
  };
  // num_redelivered is a gauge of pending messages delivered more than once: its rises are
  // new redeliveries (a lower bound: one that rises and is acked within a scrape is missed).
  const redelivered = (metric: string): MetricQuery => {
    const rises = `sum ${byLabels(BY_CONSUMER)} (clamp_min(delta(${selector(metric, consumerMatchers(declared))}[${range}]), 0))`;
    return {
      signal: "redelivered",
      kind: "counter",
      withDeadLetters: false,
      expr: () => `${rises} * ${stepSeconds / rateRangeSeconds}`,
      perSecond: () => `${rises} / ${rateRangeSeconds}`,
    };
  };
  const streams = [...new Set(declared.map((r) => r.identity.stream!))];
  const queries: MetricQuery[] = [
    gauge("waiting", names.waiting!),
    gauge("inFlight", names.inFlight!),
    consumersPulling(names.consumers!),
    sequence("acked", names.acked!, consumerMatchers(declared), BY_CONSUMER),
    sequence("delivered", names.delivered!, consumerMatchers(declared), BY_CONSUMER),
    sequence("published", names.published!, { stream_name: oneOf(...streams) }, ["stream_name"]),
    redelivered(names.redelivered!),
  ];
  // No default: the exporter has no oldest-message timestamp (the live check reads first_ts).
  if (names.oldestTimestamp) queries.push(gauge("oldestTimestamp", names.oldestTimestamp));
  return {
    queries,
    destinationOf(labels: Labels) {
      const stream = labels.stream_name;
      if (stream === undefined) return undefined;
      if (labels.consumer_name !== undefined) return consumerKey(stream, labels.consumer_name);
      // Stream-wide series (published): the stream's one declared consumer, if it has only one.
      const on = declared.filter((r) => r.identity.stream === stream);
      return on.length === 1 ? on[0]!.key : undefined;
    },
    // The exporter writes every figure of every consumer at each scrape: a missing one is unknown.
    absentCounter: "unknown",
  };
}
