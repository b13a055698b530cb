// The exporters' series the Kafka adapter reads history from. kafka_exporter
// (github.com/danielqsj/kafka_exporter) labels by consumergroup/topic/partition and reports a
// committed offset of −1 for a partition the group never committed; KMinion
// (github.com/redpanda-data/kminion) labels by group_id/topic_name/partition_id. Names are
// configurable (sources.kafka.metrics.names) for relabelled or renamed exports.

export type KafkaExporter = "kafka_exporter" | "kminion";

export const METRIC_NAME_KEYS = ["lag", "committedOffset", "logEndOffset", "logStartOffset", "members"] as const;
export type MetricNameKey = (typeof METRIC_NAME_KEYS)[number];

export interface ExporterSeries {
  names: Record<MetricNameKey, string>;
  labels: { group: string; topic: string; partition: string };
}

export const EXPORTER_SERIES: Record<KafkaExporter, ExporterSeries> = {
  kafka_exporter: {
    names: {
      lag: "kafka_consumergroup_lag",
      committedOffset: "kafka_consumergroup_current_offset",
      logEndOffset: "kafka_topic_partition_current_offset",
      logStartOffset: "kafka_topic_partition_oldest_offset",
      members: "kafka_consumergroup_members",
    },
    labels: { group: "consumergroup", topic: "topic", partition: "partition" },
  },
  kminion: {
    names: {
      lag: "kminion_kafka_consumer_group_topic_partition_lag",
      committedOffset: "kminion_kafka_consumer_group_topic_offset_sum",
      logEndOffset: "kminion_kafka_topic_partition_high_water_mark",
      logStartOffset: "kminion_kafka_topic_partition_low_water_mark",
      members: "kminion_kafka_consumer_group_members",
    },
    labels: { group: "group_id", topic: "topic_name", partition: "partition_id" },
  },
};

/** The series and labels a source config selects: its exporter's, with its overrides. */
export function exporterSeries(
  metrics:
    | {
        exporter: KafkaExporter;
        names?: Partial<Record<string, string | undefined>>;
        labels?: { group?: string; topic?: string; partition?: string };
      }
    | undefined,
): ExporterSeries {
  const base = EXPORTER_SERIES[metrics?.exporter ?? "kafka_exporter"];
  const names = { ...base.names };
  for (const key of METRIC_NAME_KEYS) {
    const given = metrics?.names?.[key];
    if (given) names[key] = given;
  }
  return {
    names,
    labels: { ...base.labels, ...Object.fromEntries(Object.entries(metrics?.labels ?? {}).filter(([, v]) => v)) },
  };
}
