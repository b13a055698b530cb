// A Kafka readout (schemas.ts) as kafka_exporter (github.com/danielqsj/kafka_exporter,
// kafka_exporter.go) exposes it, so the sampler's series and a real kafka_exporter's read the
// same through the metric plan (metric-plan.ts) and the history reader (prometheus-history.ts).
// Pure. As the exporter does:
// - per topic: partitions, and per partition the log-end ("current") and log-start ("oldest") offsets;
// - per group: its members, and for each topic it committed on (at least one partition ≠ −1),
//   per partition the committed offset and lag, −1 for a partition it never committed;
// - per group and topic the sums over committed partitions (upstream adds the −1s into
//   current_offset_sum; here only committed offsets are summed, so the sum is an offset).
// A partition whose log end is unknown (−1) has no lag series: as a number it would be a lie.
import type { SampledFamilyDef, SampledSeries } from "../sampler";
import type { KafkaReadout } from "./schemas";

export const KAFKA_EXPORTER_FAMILIES = [
  { name: "kafka_topic_partitions", help: "Number of partitions for this Topic", labelNames: ["topic"] },
  {
    name: "kafka_topic_partition_current_offset",
    help: "Current Offset of a Broker at Topic/Partition",
    labelNames: ["topic", "partition"],
  },
  {
    name: "kafka_topic_partition_oldest_offset",
    help: "Oldest Offset of a Broker at Topic/Partition",
    labelNames: ["topic", "partition"],
  },
  {
    name: "kafka_consumergroup_current_offset",
    help: "Current Offset of a ConsumerGroup at Topic/Partition",
    labelNames: ["consumergroup", "topic", "partition"],
  },
  {
    name: "kafka_consumergroup_current_offset_sum",
    help: "Current Offset of a ConsumerGroup at Topic for all partitions",
    labelNames: ["consumergroup", "topic"],
  },
  {
    name: "kafka_consumergroup_lag",
    help: "Current Approximate Lag of a ConsumerGroup at Topic/Partition",
    labelNames: ["consumergroup", "topic", "partition"],
  },
  {
    name: "kafka_consumergroup_lag_sum",
    help: "Current Approximate Lag of a ConsumerGroup at Topic for all partitions",
    labelNames: ["consumergroup", "topic"],
  },
  { name: "kafka_consumergroup_members", help: "Amount of members in a consumer group", labelNames: ["consumergroup"] },
] as const satisfies readonly SampledFamilyDef[];

export type KafkaExporterFamily = (typeof KAFKA_EXPORTER_FAMILIES)[number]["name"];

export function kafkaExporterSeries(readout: KafkaReadout): Map<KafkaExporterFamily, SampledSeries[]> {
  const out = new Map<KafkaExporterFamily, SampledSeries[]>(KAFKA_EXPORTER_FAMILIES.map((f) => [f.name, []]));
  const add = (family: KafkaExporterFamily, labels: Record<string, string>, value: number) =>
    out.get(family)!.push({ labels, value });
  const logEnds = new Map<string, Map<number, number>>();
  for (const t of readout.topics) {
    if (!t.exists) continue;
    const partitions = new Set([...t.logStart, ...t.logEnd].map((o) => o.partition));
    add("kafka_topic_partitions", { topic: t.topic }, partitions.size);
    for (const o of t.logEnd)
      add("kafka_topic_partition_current_offset", { topic: t.topic, partition: String(o.partition) }, o.offset);
    for (const o of t.logStart)
      add("kafka_topic_partition_oldest_offset", { topic: t.topic, partition: String(o.partition) }, o.offset);
    logEnds.set(t.topic, new Map(t.logEnd.map((o) => [o.partition, o.offset])));
  }
  for (const g of readout.groups) {
    if (g.state === "DEAD") continue;
    add("kafka_consumergroup_members", { consumergroup: g.groupId }, g.members.length);
  }
  for (const c of readout.committed) {
    const ends = logEnds.get(c.topic);
    if (!ends || !c.partitions.some((p) => p.offset >= 0)) continue;
    let offsetSum = 0;
    let lagSum = 0;
    for (const p of c.partitions) {
      const labels = { consumergroup: c.group, topic: c.topic, partition: String(p.partition) };
      add("kafka_consumergroup_current_offset", labels, p.offset);
      if (p.offset >= 0) offsetSum += p.offset;
      const end = ends.get(p.partition);
      if (end === undefined || end < 0) continue;
      const lag = p.offset < 0 ? -1 : Math.max(0, end - p.offset);
      add("kafka_consumergroup_lag", labels, lag);
      if (lag >= 0) lagSum += lag;
    }
    add("kafka_consumergroup_current_offset_sum", { consumergroup: c.group, topic: c.topic }, offsetSum);
    add("kafka_consumergroup_lag_sum", { consumergroup: c.group, topic: c.topic }, lagSum);
  }
  return out;
}
