// The brokers' history in Prometheus (docs/kafka.md and docs/nats-jetstream.md, "History"): the
// lab's broker sampler (lab/sampler.ts) serves Kafka's and JetStream's state under
// kafka_exporter's and prometheus-nats-exporter's names, the lab's Prometheus scrapes it, and the
// Kafka adapter judges Burrow's window rules on those series read back from Prometheus. Then the
// broker clients' close(): their connections are gone from this process (and from the broker's
// own list, where it has one). Own topic and group per run; the lab's services are not touched.
import fs from "node:fs";
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBootstrap, kafkaPort } from "../../lab/kafka/config";
import { NATS_TOPOLOGY, natsPorts, natsUrls } from "../../lab/nats/config";
import { redisPorts, redisUrl } from "../../lab/redis/config";
import { promQuery, urls, waitUntil } from "./helpers";
import { kafka } from "@/lib/sources/kafka/adapter";
import { createKafkaSource } from "@/lib/sources/kafka/client";
import { kafkaDestinationSchema, kafkaSourceSchema } from "@/lib/sources/kafka/config";
import { nats } from "@/lib/sources/nats/adapter";
import { natsDestinationSchema, natsSourceSchema } from "@/lib/sources/nats/config";
import { createPrometheusSource } from "@/lib/sources/prometheus/client";
import { redisStreams } from "@/lib/sources/redis-streams/adapter";
import { redisSourceSchema } from "@/lib/sources/redis-streams/config";

const started = Date.now();
const run = started.toString(36);
const TOPIC = `history-test-${run}`;
const GROUP = `history-test-group-${run}`;
const WINDOW_S = 6;
const bootstrap = [kafkaBootstrap];
let admin: Admin;
let producer: Producer<string, string, string, string>;

/** ESTABLISHED TCP sockets of this process to 127.0.0.1:`port` (its fds joined with /proc/net/tcp). */
function ownSocketsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(m[1]!);
  }
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return fs
    .readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[2] === wanted && f[3] === "01" && inodes.has(f[9]!)).length;
}

beforeAll(async () => {
  admin = new Admin({ clientId: "asyncscope-history-test", bootstrapBrokers: bootstrap });
  await admin.createTopics({ topics: [TOPIC], partitions: 3, replicas: 1 });
  producer = new Producer({ clientId: "history-test", bootstrapBrokers: bootstrap, serializers: stringSerializers });
});

afterAll(async () => {
  await producer?.close();
  await admin?.deleteTopics({ topics: [TOPIC] }).catch((e: unknown) => console.error("deleting the topic:", e));
  await admin?.close();
  console.log(`broker-history: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const produce = (n: number) =>
  producer.send({
    messages: Array.from({ length: n }, (_, i) => ({ topic: TOPIC, key: `k-${i}`, value: JSON.stringify({ i }) })),
  });

describe("brokers' history in Prometheus", () => {
  it("has the sampler's kafka_exporter and -jsz series, and the Kafka adapter judges Burrow's rules on them", async () => {
    // A group that commits, then stops with records left: its offsets stay put while lag exists.
    await produce(9);
    const consumer = new Consumer({
      groupId: GROUP,
      clientId: "history-test",
      bootstrapBrokers: bootstrap,
      deserializers: stringDeserializers,
    });
    const stream = await consumer.consume({
      topics: [TOPIC],
      autocommit: 100,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: "earliest",
      sessionTimeout: 6000,
      heartbeatInterval: 300,
    });
    let seen = 0;
    stream.on("data", () => seen++);
    await waitUntil("the group to read the 9 records", async () => seen >= 9, 20_000, 200);
    await new Promise((r) => setTimeout(r, 500)); // the last autocommit
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
    await produce(6);

    const lag = `kafka_consumergroup_lag{job="broker-sampler",consumergroup="${GROUP}",topic="${TOPIC}"}`;
    const lagSeries = await waitUntil(
      "Prometheus to have the group's lag as 6 over its 3 partitions",
      async () => {
        const r = await promQuery(lag);
        return r.length === 3 && r.reduce((a, s) => a + Number(s.value[1]), 0) === 6 ? r : undefined;
      },
      20_000,
      500,
    );
    expect(Object.keys(lagSeries[0]!.metric).sort()).toEqual([
      "__name__",
      "consumergroup",
      "instance",
      "job",
      "partition",
      "topic",
    ]);

    const pending = await promQuery(
      `jetstream_consumer_num_pending{job="broker-sampler",stream_name="${NATS_TOPOLOGY.stream}",consumer_name="${NATS_TOPOLOGY.consumers.notification.name}"}`,
    );
    expect(pending).toHaveLength(1);
    expect(Number(pending[0]!.value[1])).toBeGreaterThanOrEqual(0);
    expect(await promQuery(`asyncscope_sampler_up{job="broker-sampler"} == 1`)).toHaveLength(2);

    // The adapters' metric plans read these series as they would the exporters': the waiting
    // query of each, sent as is, gives the declared destination its value.
    const rates = { stepSeconds: 2, rateRangeSeconds: 10 };
    const kafkaDeclared = [kafkaDestinationSchema.parse({ topic: TOPIC, group: GROUP, consumers: [] })];
    const kafkaPlan = kafka.metricPlan(kafkaDeclared, rates, undefined);
    const kafkaWaiting = await promQuery(kafkaPlan.queries.find((q) => q.signal === "waiting")!.expr([]));
    expect(kafkaWaiting.map((r) => [kafkaPlan.destinationOf(r.metric, "waiting"), r.value[1]])).toEqual([
      [`${TOPIC}@${GROUP}`, "6"],
    ]);
    const jsDeclared = [
      natsDestinationSchema.parse({
        stream: NATS_TOPOLOGY.stream,
        consumer: NATS_TOPOLOGY.consumers.notification.name,
      }),
    ];
    const natsPlan = nats.metricPlan(jsDeclared, rates, undefined);
    for (const signal of ["waiting", "inFlight"] as const) {
      const result = await promQuery(natsPlan.queries.find((q) => q.signal === signal)!.expr([]));
      expect(result.map((r) => natsPlan.destinationOf(r.metric, signal))).toEqual([jsDeclared[0]!.ref.key]);
    }

    // A fresh client, with nothing in memory: a verdict on its first read can only come from
    // Prometheus's window of samples.
    const prometheus = createPrometheusSource({ url: urls.prometheus, timeoutMs: 5000 });
    const source = createKafkaSource(
      kafkaSourceSchema.parse({ brokers: bootstrap, lagWindow: `${WINDOW_S}s`, timeoutMs: 5000 }),
      { prometheus, scrapeIntervalSeconds: 2 },
    );
    const declared = [kafkaDestinationSchema.parse({ topic: TOPIC, group: GROUP, consumers: [] })];
    try {
      const judgement = await waitUntil(
        `Prometheus's samples to cover the ${WINDOW_S} s window`,
        async () => {
          await source.state(declared);
          const j = source.lastJudgements().get(`${TOPIC}@${GROUP}`);
          // OK until the window no longer holds the samples from before the 6 records (lag 0).
          return j?.status === "STOP" ? j : undefined;
        },
        30_000,
        1000,
      );
      expect(judgement).toEqual({ from: "kafka_exporter series in Prometheus", status: "STOP", partitions: 3 });
      const snapshot = await source.state(declared);
      expect(snapshot.destinations[0]!.warnings.join("\n")).toContain(
        "lag STOP (Burrow's window rules on kafka_exporter series in Prometheus)",
      );
    } finally {
      await source.close();
    }
  });

  it("close() ends each broker client's connections", async () => {
    const kafkaClient = kafka.connect(kafkaSourceSchema.parse({ brokers: bootstrap, timeoutMs: 5000 }));
    const natsClient = nats.connect(
      natsSourceSchema.parse({
        monitorUrl: natsUrls.monitor,
        timeoutMs: 5000,
        deadLetters: { natsUrl: natsUrls.client, advisoryStream: NATS_TOPOLOGY.advisoryStream },
      }),
    );
    const redisClient = redisStreams.connect(redisSourceSchema.parse({ url: redisUrl, timeoutMs: 5000 }));
    const named = async () => {
      const connz = (await (await fetch(`${natsUrls.monitor}/connz`)).json()) as {
        connections?: { name?: string; port: number }[];
      };
      return (connz.connections ?? []).filter((c) => c.name === "asyncscope").length;
    };
    const natsBefore = await named();
    // This file's own admin client and producer hold Kafka connections of their own.
    const kafkaBefore = ownSocketsTo(kafkaPort);

    await kafkaClient.health();
    await natsClient.state([
      natsDestinationSchema.parse({
        stream: NATS_TOPOLOGY.stream,
        consumer: NATS_TOPOLOGY.consumers.notification.name,
      }),
    ]);
    await redisClient.health();
    expect(ownSocketsTo(kafkaPort)).toBeGreaterThan(kafkaBefore);
    expect(ownSocketsTo(natsPorts.client)).toBe(1);
    expect(await named()).toBe(natsBefore + 1);
    expect(ownSocketsTo(redisPorts.redis)).toBe(1);

    await Promise.all([kafkaClient.close(), natsClient.close(), redisClient.close()]);
    await waitUntil(
      "the sockets to close",
      async () =>
        ownSocketsTo(kafkaPort) === kafkaBefore &&
        ownSocketsTo(natsPorts.client) + ownSocketsTo(redisPorts.redis) === 0,
      5000,
      100,
    );
    expect(await named()).toBe(natsBefore);
  });
});
