// The PromQL one evaluation sends for a Kafka workflow, over kafka_exporter's series (or
// KMinion's, sources.kafka.metrics): one query per signal for all destinations, each result
// labelled by group and topic, which destinationOf turns into topic@group.
//   waiting   — summed partition lag (partitions never committed, lag −1 or absent, left out);
//   consumers — the group's members (labelled by group only: a group reading two declared
//               topics gives both the same count);
//   acked     — the committed offset's movement per step: Kafka's consumption is the commit
//               (delivered is the same series: the exporters see no fetches);
//   published — the topic's log-end offset's movement, joined onto each reading group;
//   dead-letter topics ride along on waiting as the records they retain (log end − log start).
// inFlight, redelivered and the oldest timestamp have no exporter series: no query, a gap.
import type { DestinationConfig, DestinationRef, DestinationSignal } from "@/lib/domain/destination";
import type { Labels } from "@/lib/domain/series";
import { byLabels, duration, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { MetricPlan, MetricQuery, RateWindow } from "../broker";
import { destinationKey, type KafkaConfig } from "./config";
import { exporterSeries, type ExporterSeries } from "./metric-names";

export interface KafkaPromQL {
  series: ExporterSeries;
  /** Summed lag per group and topic. */
  lag(refs: readonly DestinationRef[]): string;
  /** Records retained per topic (log end − log start), for dead-letter topics. */
  retained(topics: readonly string[]): string;
  members(refs: readonly DestinationRef[]): string;
  /** Per-second movement of the committed offsets, per group and topic. */
  commitRate(refs: readonly DestinationRef[], rangeSeconds: number): string;
  /** Per-second movement of the topic's log end, per reading group and topic. */
  produceRate(refs: readonly DestinationRef[], rangeSeconds: number): string;
}

const uniq = (values: string[]) => [...new Set(values)];

/** The expressions shared by the metric plan and the alert signals. */
export function kafkaPromQL(config: KafkaConfig | undefined): KafkaPromQL {
  const series = exporterSeries(config?.metrics);
  const { names, labels } = series;
  const by = byLabels([labels.group, labels.topic]);
  const match = (refs: readonly DestinationRef[]) => ({
    [labels.group]: oneOf(...uniq(refs.map((r) => r.identity.group!))),
    [labels.topic]: oneOf(...uniq(refs.map((r) => r.identity.topic!))),
  });
  return {
    series,
    // −1 means "not committed" in kafka_exporter: left out rather than subtracted.
    lag: (refs) => `sum ${by} (${selector(names.lag, match(refs))} >= 0)`,
    retained: (topics) => {
      const m = { [labels.topic]: oneOf(...uniq([...topics])) };
      return `sum ${byLabels([labels.topic])} (${selector(names.logEndOffset, m)} - ${selector(names.logStartOffset, m)})`;
    },
    members: (refs) =>
      // Members are per group; joined onto the group's lag series so the result names the topic too.
      `sum ${by} (${selector(names.lag, match(refs))} * 0) + on (${labels.group}) group_left max ${byLabels([labels.group])} (${selector(names.members, { [labels.group]: match(refs)[labels.group] })})`,
    commitRate: (refs, range) =>
      `sum ${by} (rate(${selector(names.committedOffset, match(refs))}[${duration(range)}]))`,
    produceRate: (refs, range) => {
      const topics = { [labels.topic]: oneOf(...uniq(refs.map((r) => r.identity.topic!))) };
      const join = byLabels([labels.topic, labels.partition]).replace(/^by/, "on");
      // Each partition's rate, once per group reading it (the group's lag series is the join key).
      return `sum ${by} (rate(${selector(names.logEndOffset, topics)}[${duration(range)}]) * ${join} group_right () (${selector(names.lag, match(refs))} * 0 + 1))`;
    },
  };
}

export function kafkaMetricPlan(
  destinations: readonly DestinationConfig[],
  { stepSeconds, rateRangeSeconds }: RateWindow,
  config: KafkaConfig | undefined,
): MetricPlan {
  const q = kafkaPromQL(config);
  const refs = destinations.map((d) => d.ref);
  const declared = new Set(refs.map((r) => r.key));
  const counter = (signal: DestinationSignal, perSecond: string): MetricQuery => ({
    signal,
    kind: "counter",
    withDeadLetters: false,
    expr: () => `${perSecond} * ${stepSeconds}`,
    perSecond: () => perSecond,
  });
  const commits = q.commitRate(refs, rateRangeSeconds);
  return {
    queries: [
      {
        signal: "waiting",
        kind: "gauge",
        withDeadLetters: true,
        expr: (also) => {
          const dlts = also.map((r) => r.identity.topic!).filter(Boolean);
          return dlts.length > 0 ? `${q.lag(refs)} or ${q.retained(dlts)}` : q.lag(refs);
        },
      },
      { signal: "consumers", kind: "gauge", withDeadLetters: false, expr: () => q.members(refs) },
      counter("acked", commits),
      counter("delivered", commits),
      counter("published", q.produceRate(refs, rateRangeSeconds)),
    ],
    destinationOf(labels: Labels) {
      const topic = labels[q.series.labels.topic];
      if (topic === undefined) return undefined;
      const group = labels[q.series.labels.group];
      if (group === undefined) return topic; // a dead-letter topic's retained records
      const key = destinationKey(topic, group);
      return declared.has(key) ? key : undefined;
    },
    // The exporters report every committed partition at each scrape: a missing series is a gap.
    absentCounter: "unknown",
  };
}
