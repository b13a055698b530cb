// Contract tests of the PromQL on both exporters' documented names and label sets:
// kafka_exporter (danielqsj/kafka_exporter README: kafka_consumergroup_lag{consumergroup,
// topic,partition}, kafka_consumergroup_current_offset{…}, kafka_topic_partition_current_offset
// {topic,partition}, kafka_topic_partition_oldest_offset, kafka_consumergroup_members
// {consumergroup}) and KMinion (docs/reference/metrics.md: …_topic_partition_lag{group_id,
// topic_name,partition_id}, …_high_water_mark{topic_name,partition_id}, …_members{group_id}).
import { describe, expect, it } from "vitest";
import { kafkaAlertSignals, NO_SERIES } from "./alert-signals";
import { kafkaDestinationSchema, kafkaSourceSchema, topicRef } from "./config";
import { kafkaMetricPlan } from "./metric-plan";

const destinations = [kafkaDestinationSchema.parse({ topic: "orders", group: "notification", consumers: [] })];
const rates = { stepSeconds: 10, rateRangeSeconds: 12 };
const config = (metrics?: object) => kafkaSourceSchema.parse({ brokers: ["k:9092"], ...(metrics ? { metrics } : {}) });
const expr = (plan: ReturnType<typeof kafkaMetricPlan>, signal: string, also = [] as ReturnType<typeof topicRef>[]) =>
  plan.queries.find((q) => q.signal === signal)!.expr(also);

describe("kafkaMetricPlan", () => {
  it("kafka_exporter: summed lag without −1 (never committed), commits as acks, DLT retained records", () => {
    const plan = kafkaMetricPlan(destinations, rates, config());
    expect(expr(plan, "waiting")).toBe(
      'sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=~"notification",topic=~"orders"} >= 0)',
    );
    expect(expr(plan, "waiting", [topicRef("orders.DLT")])).toBe(
      `${expr(plan, "waiting")} or sum by (topic) (kafka_topic_partition_current_offset{topic=~"orders\\\\.DLT"} - kafka_topic_partition_oldest_offset{topic=~"orders\\\\.DLT"})`,
    );
    const acked = plan.queries.find((q) => q.signal === "acked")!;
    expect(acked.perSecond!()).toBe(
      'sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset{consumergroup=~"notification",topic=~"orders"}[12s]))',
    );
    expect(acked.expr([])).toBe(`${acked.perSecond!()} * 10`);
    expect(expr(plan, "published")).toBe(
      'sum by (consumergroup, topic) (rate(kafka_topic_partition_current_offset{topic=~"orders"}[12s]) * on (topic, partition) group_right () (kafka_consumergroup_lag{consumergroup=~"notification",topic=~"orders"} * 0 + 1)) * 10',
    );
    expect(plan.queries.map((q) => q.signal).sort()).toEqual([
      "acked",
      "consumers",
      "delivered",
      "published",
      "waiting",
    ]);
    expect(plan.absentCounter).toBe("unknown");
  });

  it("maps kafka_exporter's and KMinion's label sets to topic@group, a DLT to its topic, others to nothing", () => {
    const exporter = kafkaMetricPlan(destinations, rates, config());
    expect(exporter.destinationOf({ consumergroup: "notification", topic: "orders" }, "waiting")).toBe(
      "orders@notification",
    );
    expect(exporter.destinationOf({ topic: "orders.DLT" }, "waiting")).toBe("orders.DLT");
    expect(exporter.destinationOf({ consumergroup: "other", topic: "orders" }, "waiting")).toBeUndefined();
    const kminion = kafkaMetricPlan(destinations, rates, config({ exporter: "kminion" }));
    expect(kminion.destinationOf({ group_id: "notification", topic_name: "orders" }, "waiting")).toBe(
      "orders@notification",
    );
    expect(expr(kminion, "waiting")).toBe(
      'sum by (group_id, topic_name) (kminion_kafka_consumer_group_topic_partition_lag{group_id=~"notification",topic_name=~"orders"} >= 0)',
    );
  });

  it("takes renamed metrics and labels from the config", () => {
    const plan = kafkaMetricPlan(destinations, rates, config({ names: { lag: "my_lag" }, labels: { group: "cg" } }));
    expect(expr(plan, "waiting")).toBe('sum by (cg, topic) (my_lag{cg=~"notification",topic=~"orders"} >= 0)');
  });
});

describe("kafkaAlertSignals", () => {
  const signals = kafkaAlertSignals(config());
  const refs = destinations.map((d) => d.ref);
  it("labels every result by group and topic, and has no series for what the exporters lack", () => {
    expect(signals.destinationLabels).toEqual(["consumergroup", "topic"]);
    expect(signals.gauge("consumers", refs)).toBe(
      'sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=~"notification",topic=~"orders"} * 0) + on (consumergroup) group_left max by (consumergroup) (kafka_consumergroup_members{consumergroup=~"notification"})',
    );
    expect(signals.gauge("oldestTimestamp", refs, "min")).toBe(NO_SERIES);
    expect(signals.increase("redelivered", refs, 300)).toBe(NO_SERIES);
    expect(signals.increase("acked", refs, 300)).toBe(
      'sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset{consumergroup=~"notification",topic=~"orders"}[5m])) * 300',
    );
    expect(signals.presence(refs[0]!)).toBe('kafka_consumergroup_lag{consumergroup="notification",topic="orders"}');
    expect(signals.gauge("waiting", [topicRef("orders.DLT")])).toBe(
      'sum by (topic) (kafka_topic_partition_current_offset{topic=~"orders\\\\.DLT"} - kafka_topic_partition_oldest_offset{topic=~"orders\\\\.DLT"})',
    );
  });
});
