// The sampler's exposition of recorded admin readouts (tests/fixtures/kafka, from the lab's
// kfake) under kafka_exporter's names and labels: what the metric plan reads back.
import fs from "node:fs";
import path from "node:path";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { exposeSamples } from "@/lib/telemetry/broker-sampler";
import { EXPORTER_SERIES } from "./metric-names";
import { KAFKA_EXPORTER_FAMILIES, kafkaExporterSeries } from "./exporter-series";
import { readoutSchema, type KafkaReadout } from "./schemas";

const fixture = (name: string): KafkaReadout =>
  readoutSchema.parse(
    JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, `../../../tests/fixtures/kafka/${name}.json`), "utf8"),
    ),
  );

async function exposition(readout: KafkaReadout): Promise<string> {
  const registry = new Registry();
  exposeSamples(registry, KAFKA_EXPORTER_FAMILIES).show({ atMs: readout.atMs, series: kafkaExporterSeries(readout) });
  return registry.metrics();
}

/** name{labels} value lines of the exposition, without the HELP/TYPE comments. */
const samples = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

describe("kafka_exporter exposition of an admin readout", () => {
  it("names and labels every family as kafka_exporter does (kafka_exporter.go, commit 953e2f1)", () => {
    // Transcribed from danielqsj/kafka_exporter's NewDesc calls: name → variable labels.
    const upstream: Record<string, string[]> = {
      kafka_topic_partitions: ["topic"],
      kafka_topic_partition_current_offset: ["topic", "partition"],
      kafka_topic_partition_oldest_offset: ["topic", "partition"],
      kafka_consumergroup_current_offset: ["consumergroup", "topic", "partition"],
      kafka_consumergroup_current_offset_sum: ["consumergroup", "topic"],
      kafka_consumergroup_lag: ["consumergroup", "topic", "partition"],
      kafka_consumergroup_lag_sum: ["consumergroup", "topic"],
      kafka_consumergroup_members: ["consumergroup"],
    };
    expect(Object.fromEntries(KAFKA_EXPORTER_FAMILIES.map((f) => [f.name, [...f.labelNames]]))).toEqual(upstream);
    // …and every name the adapter's metric plan reads for kafka_exporter is among them, with its labels.
    const { names, labels } = EXPORTER_SERIES.kafka_exporter;
    for (const name of Object.values(names)) expect(upstream[name], name).toBeDefined();
    expect(upstream[names.lag]).toEqual([labels.group, labels.topic, labels.partition]);
    expect(upstream[names.logEndOffset]).toEqual([labels.topic, labels.partition]);
  });

  it("writes lag, offsets and members of an Empty group that lags", async () => {
    const text = await exposition(fixture("group-empty-lag-growing"));
    const lines = samples(text);
    const g = 'consumergroup="asyncscope-test-notification",topic="asyncscope-test"';
    // Committed 6/9/15 against log ends 10/15/26.
    expect(lines).toEqual(
      expect.arrayContaining([
        `kafka_consumergroup_lag{${g},partition="0"} 4`,
        `kafka_consumergroup_lag{${g},partition="1"} 6`,
        `kafka_consumergroup_lag{${g},partition="2"} 11`,
        `kafka_consumergroup_current_offset{${g},partition="0"} 6`,
        `kafka_consumergroup_lag_sum{${g}} 21`,
        `kafka_consumergroup_current_offset_sum{${g}} 30`,
        'kafka_topic_partition_current_offset{topic="asyncscope-test",partition="2"} 26',
        'kafka_topic_partition_oldest_offset{topic="asyncscope-test.DLT",partition="0"} 0',
        'kafka_topic_partitions{topic="asyncscope-test"} 3',
        'kafka_consumergroup_members{consumergroup="asyncscope-test-notification"} 0',
      ]),
    );
    // Only the group that committed has offset series (as upstream: a topic it never committed on is skipped).
    expect(lines.filter((l) => l.startsWith("kafka_consumergroup_lag{")).length).toBe(3);
  });

  it("writes −1 for a partition the group never committed, and no lag where the log end is unknown", async () => {
    const readout = fixture("group-stable-caught-up");
    readout.committed[0]!.partitions = [
      { partition: 0, offset: 6 },
      { partition: 1, offset: -1 },
      { partition: 2, offset: 15 },
    ];
    readout.topics[0]!.logEnd = readout.topics[0]!.logEnd.map((o) => (o.partition === 2 ? { ...o, offset: -1 } : o));
    const lines = samples(await exposition(readout));
    const g = 'consumergroup="asyncscope-test-notification",topic="asyncscope-test"';
    expect(lines).toContain(`kafka_consumergroup_current_offset{${g},partition="1"} -1`);
    expect(lines).toContain(`kafka_consumergroup_lag{${g},partition="1"} -1`);
    expect(lines.some((l) => l.startsWith(`kafka_consumergroup_lag{${g},partition="2"}`))).toBe(false);
    expect(lines).toContain(`kafka_consumergroup_lag{${g},partition="0"} 0`);
  });
});
