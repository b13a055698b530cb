// Kafka's PromQL for alert rules (lib/alerts/rules.ts): the metric plan's expressions
// (metric-plan.ts), each result labelled by the exporter's group and topic labels.
import type { CounterSignal, DestinationRef, GaugeSignal } from "@/lib/domain/destination";
import { eq, selector } from "@/lib/sources/prometheus/promql";
import type { AlertSignals } from "../broker";
import type { KafkaConfig } from "./config";
import { kafkaPromQL } from "./metric-plan";

/**
 * An instant vector with no series: for signals Kafka's exporters do not have (unacked
 * records, redeliveries, the oldest record's timestamp), so a rule built on them never fires
 * rather than firing on a made-up zero.
 */
export const NO_SERIES = "absent(vector(1))";

export function kafkaAlertSignals(config: KafkaConfig | undefined): AlertSignals {
  const q = kafkaPromQL(config);
  const { labels, names } = q.series;
  return {
    destinationLabels: [labels.group, labels.topic],
    destinationTemplate: `{{ $labels.${labels.topic} }} ({{ $labels.${labels.group} }})`,
    gauge(signal: GaugeSignal, refs: readonly DestinationRef[]) {
      const grouped = refs.filter((r) => r.identity.group !== undefined);
      const topics = refs.filter((r) => r.identity.group === undefined).map((r) => r.identity.topic!);
      if (signal === "waiting") {
        const parts = [
          ...(grouped.length ? [q.lag(grouped)] : []),
          // Dead-letter topics have no group: their results carry the topic label only (Prometheus
          // drops a label set to ""), which the alert text shows as an empty group.
          ...(topics.length ? [q.retained(topics)] : []),
        ];
        return parts.length ? parts.join(" or ") : NO_SERIES;
      }
      if (signal === "consumers" && grouped.length) return q.members(grouped);
      return NO_SERIES;
    },
    increase(signal: CounterSignal, refs: readonly DestinationRef[], rangeSeconds: number) {
      const grouped = refs.filter((r) => r.identity.group !== undefined);
      if (grouped.length === 0) return NO_SERIES;
      if (signal === "acked" || signal === "delivered")
        return `${q.commitRate(grouped, rangeSeconds)} * ${rangeSeconds}`;
      if (signal === "published") return `${q.produceRate(grouped, rangeSeconds)} * ${rangeSeconds}`;
      return NO_SERIES;
    },
    absentCounter: "unknown",
    presence(ref) {
      return ref.identity.group === undefined
        ? selector(names.logEndOffset, { [labels.topic]: eq(ref.identity.topic!) })
        : selector(names.lag, { [labels.group]: eq(ref.identity.group), [labels.topic]: eq(ref.identity.topic!) });
    },
    consumerIdentityInMetrics: false,
  };
}
