// Range-query results of the exporters' series → the offsets Burrow's rules judge, and the
// snapshot judging on them in preference to memory (and saying which), on small factories.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Series } from "@/lib/domain/series";
import { kafkaDestinationSchema } from "./config";
import { emptyHistory, recordSamples } from "./history";
import { EXPORTER_SERIES } from "./metric-names";
import { historyQueries, toOffsetHistory } from "./prometheus-history";
import { readoutSchema, type KafkaReadout } from "./schemas";
import { MEMORY_HISTORY, toKafkaSnapshot, type LagJudgement } from "./snapshot";

const T0 = 1_800_000_000_000;
const STEP = 5_000;
const series = (labels: Record<string, string>, values: number[], startMs = T0): Series => ({
  labels,
  points: values.map((value, i) => ({ tsMs: startMs + i * STEP, value })),
});

describe("offsets from the exporters' range queries", () => {
  const exporter = EXPORTER_SERIES.kafka_exporter;

  it("asks for lag per group/topic/partition and log end per topic/partition, merged over instances", () => {
    const q = historyQueries(exporter, [
      { key: "orders@billing", name: "orders", identity: { topic: "orders", group: "billing" } },
    ]);
    expect(q.lag).toBe(
      'max by (consumergroup, topic, partition) (kafka_consumergroup_lag{consumergroup=~"billing",topic=~"orders"})',
    );
    expect(q.logEnd).toBe('max by (topic, partition) (kafka_topic_partition_current_offset{topic=~"orders"})');
    const k = historyQueries(EXPORTER_SERIES.kminion, [
      { key: "o@b", name: "o", identity: { topic: "o", group: "b" } },
    ]);
    expect(k.lag).toContain('kminion_kafka_consumer_group_topic_partition_lag{group_id=~"b",topic_name=~"o"}');
  });

  it("gives committed = log end − lag at each step, −1 where kafka_exporter says never committed", () => {
    const g = { consumergroup: "billing", topic: "orders" };
    const history = toOffsetHistory(
      [series({ ...g, partition: "0" }, [3, 4, 5]), series({ ...g, partition: "1" }, [-1, -1, 0])],
      [
        series({ topic: "orders", partition: "0" }, [10, 12, 14]),
        series({ topic: "orders", partition: "1" }, [7, 7, 7]),
      ],
      exporter,
      T0 + 60_000,
    );
    expect(history.get("orders@billing")?.get(0)).toEqual([
      { atMs: T0, committed: 7, logEnd: 10 },
      { atMs: T0 + STEP, committed: 8, logEnd: 12 },
      { atMs: T0 + 2 * STEP, committed: 9, logEnd: 14 },
    ]);
    expect(
      history
        .get("orders@billing")
        ?.get(1)
        ?.map((s) => s.committed),
    ).toEqual([-1, -1, 7]);
  });

  it("drops steps without both series and points after now", () => {
    const history = toOffsetHistory(
      [series({ consumergroup: "b", topic: "t", partition: "0" }, [1, 1, 1, 1])],
      [series({ topic: "t", partition: "0" }, [5, 5], T0 + STEP)],
      exporter,
      T0 + STEP * 1.5,
    );
    // Step 0 has no log end, step 2 has one but is after now, step 3 has none.
    expect(history.get("t@b")?.get(0)).toEqual([{ atMs: T0 + STEP, committed: 4, logEnd: 5 }]);
  });
});

describe("Burrow's verdict judged on Prometheus's history", () => {
  const fixture = (name: string): KafkaReadout =>
    readoutSchema.parse(
      JSON.parse(
        fs.readFileSync(path.resolve(import.meta.dirname, `../../../tests/fixtures/kafka/${name}.json`), "utf8"),
      ),
    );
  const TOPIC = "asyncscope-test";
  const GROUP = "asyncscope-test-notification";
  const WINDOW = 60_000;
  const declared = [kafkaDestinationSchema.parse({ topic: TOPIC, group: GROUP, consumers: [] })];

  /** The lagging Empty group's readout, and 13 steps of Prometheus history ending at it: offsets unmoved. */
  function setUp() {
    const readout = fixture("group-empty-lag-growing");
    const start = readout.atMs - 12 * STEP;
    const g = { consumergroup: GROUP, topic: TOPIC };
    const unmoved = (lag: number) => Array.from({ length: 13 }, () => lag);
    const history = toOffsetHistory(
      [0, 1, 2].map((p) => series({ ...g, partition: String(p) }, unmoved([4, 6, 11][p]!), start)),
      [0, 1, 2].map((p) => series({ topic: TOPIC, partition: String(p) }, unmoved([10, 15, 26][p]!), start)),
      EXPORTER_SERIES.kafka_exporter,
      readout.atMs,
    );
    return { readout, history };
  }

  it("judges STOP from Prometheus's window where memory holds one sample, and says so", () => {
    const { readout, history } = setUp();
    const judgements = new Map<string, LagJudgement>();
    const snapshot = toKafkaSnapshot(
      declared,
      readout,
      recordSamples(emptyHistory(), readout, WINDOW),
      WINDOW,
      new Map(),
      {
        prometheus: { history, from: "kafka_exporter series in Prometheus", staleMs: 30_000 },
        judgements,
      },
    );
    expect(judgements.get(`${TOPIC}@${GROUP}`)).toEqual({
      from: "kafka_exporter series in Prometheus",
      status: "STOP",
      partitions: 3,
    });
    expect(snapshot.destinations[0]!.warnings.join("\n")).toContain(
      "lag STOP (Burrow's window rules on kafka_exporter series in Prometheus)",
    );
  });

  it("names the partitions Prometheus has no fresh series of, instead of leaving them out unsaid", () => {
    const { readout, history } = setUp();
    history.get(`${TOPIC}@${GROUP}`)!.delete(2);
    const judgements = new Map<string, LagJudgement>();
    const snapshot = toKafkaSnapshot(
      declared,
      readout,
      recordSamples(emptyHistory(), readout, WINDOW),
      WINDOW,
      new Map(),
      { prometheus: { history, from: "kafka_exporter series in Prometheus", staleMs: 30_000 }, judgements },
    );
    expect(judgements.get(`${TOPIC}@${GROUP}`)?.partitions).toBe(2);
    expect(snapshot.destinations[0]!.warnings).toContain(
      `group ${GROUP}: kafka_exporter series in Prometheus has no offsets newer than 30 s on partitions 2: their lag window is not judged`,
    );
  });

  it("falls back to memory when Prometheus has no fresh series of the destination", () => {
    const { readout, history } = setUp();
    const judgements = new Map<string, LagJudgement>();
    // The newest Prometheus sample is 60 s before the readout: stale.
    const later = { ...readout, atMs: readout.atMs + 60_000 };
    toKafkaSnapshot(declared, later, recordSamples(emptyHistory(), later, WINDOW), WINDOW, new Map(), {
      prometheus: { history, from: "kafka_exporter series in Prometheus", staleMs: 30_000 },
      judgements,
    });
    // One sample in memory: not judged yet, and memory is named as the history judged.
    expect(judgements.get(`${TOPIC}@${GROUP}`)).toEqual({ from: MEMORY_HISTORY, partitions: 3 });
  });
});
