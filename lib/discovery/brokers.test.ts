// Discovery on Kafka, JetStream and Redis Streams, from readouts recorded off the lab's brokers
// (tests/fixtures/{kafka,nats,redis-streams}) mapped by each adapter's discoveryTopology, and
// hand-made traces of a producer and a consumer around them: the workflow is proposed on the
// right broker, in that broker's config form (topic + group, stream + consumer, stream + group),
// its dead letters found, and a reader no trace explains offered as "probably not part of the
// workflow", never declared.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/loader";
import { makeSpan, nextId, T0 } from "@/lib/analysis/testing";
import type { DiscoveryTopology } from "@/lib/domain/topology";
import type { Trace } from "@/lib/domain/trace";
import { kafkaDiscoveryTopology } from "@/lib/sources/kafka/discovery";
import { readoutSchema } from "@/lib/sources/kafka/schemas";
import { natsDiscoveryTopology } from "@/lib/sources/nats/discovery";
import { toJszReading } from "@/lib/sources/nats/map";
import { recordedJsz } from "@/lib/sources/nats/testing";
import { redisDiscoveryTopology } from "@/lib/sources/redis-streams/discovery";
import { toConsumerReading, toGroupReading } from "@/lib/sources/redis-streams/map";
import { consumersWireSchema, groupsWireSchema } from "@/lib/sources/redis-streams/schemas";
import recordedRedis from "@/tests/fixtures/redis-streams/replies.json";
import { discoverWorkflows } from "./propose";
import { proposalsYaml } from "./yaml";

const root = path.resolve(import.meta.dirname, "../..");
const str = (value: string) => ({ type: "string" as const, value });

/** `n` traces: `producer` publishes to `to`, `consumer` processes it from the same name. */
function flow(n: number, producer: string, consumer: string, to: string): Trace[] {
  return Array.from({ length: n }, (_, i) => {
    const traceId = nextId("t").padEnd(32, "0");
    const publish = makeSpan({
      traceId,
      name: `publish ${to}`,
      service: producer,
      kind: "producer",
      startMs: T0 + i * 1000,
      attributes: { "messaging.destination.name": str(to), "messaging.operation.type": str("publish") },
    });
    const consume = makeSpan({
      traceId,
      name: `process ${to}`,
      service: consumer,
      kind: "consumer",
      parentSpanId: publish.spanId,
      startMs: T0 + i * 1000 + 10,
      attributes: { "messaging.destination.name": str(to), "messaging.operation.type": str("process") },
    });
    return { traceId, spans: [publish, consume], warnings: [] };
  });
}

function discover(broker: string, topology: DiscoveryTopology, traces: Trace[]) {
  return discoverWorkflows({
    nowMs: topology.atMs,
    brokers: [{ broker, topology: { ok: true, value: topology } }],
    traces: { ok: true, value: { traces, truncated: false } },
    metrics: { ok: false, reason: "not configured" },
  });
}

/** The YAML written for the result, loaded as config:check loads it. */
function written(result: ReturnType<typeof discover>, sources: unknown) {
  const text = proposalsYaml({ proposals: result.proposals, sources: { asWritten: sources }, origin: "test" });
  return { text, config: parseConfigText(text, "asyncscope.yaml", {}) };
}

describe("Kafka", () => {
  const readout = readoutSchema.parse(
    JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/kafka/undeclared-group-reading.json"), "utf8")),
  );
  const topology = kafkaDiscoveryTopology(readout);

  it("maps topics, the members reading them through their groups, and the .DLT topic", () => {
    expect(topology.destinations.map((d) => [d.name, d.consumers?.map((c) => `${c.label}@${c.via}`)])).toEqual([
      [
        "asyncscope-test",
        ["notification-test@asyncscope-test-notification", "analytics-intruder@asyncscope-test-intruder"],
      ],
      ["asyncscope-test.DLT", []],
    ]);
    expect(topology.destinations[0]!.consumers![0]).toMatchObject({
      host: "127.0.0.1",
      attributes: { clientId: "notification-test", group: "asyncscope-test-notification", host: "127.0.0.1" },
    });
    expect(topology.deadLetterRoutes).toEqual([
      {
        destination: "asyncscope-test",
        via: 'the "<topic>.DLT" naming convention (asyncscope-test.DLT exists)',
        targets: ["asyncscope-test.DLT"],
      },
    ]);
  });

  it("proposes topic + group, declares the DLT, and offers the other group's reader as a suspect", () => {
    const result = discover("kafka", topology, flow(40, "order-service", "notification-test", "asyncscope-test"));
    expect(result.proposals).toHaveLength(1);
    const [proposal] = result.proposals;
    expect(proposal!.broker).toBe("kafka");
    const [destination] = proposal!.destinations;
    expect(destination).toMatchObject({
      queue: "asyncscope-test",
      readers: ["asyncscope-test-notification"],
      deadLetterQueues: ["asyncscope-test.DLT"],
    });
    expect(destination!.consumers.map((c) => c.name)).toEqual(["notification-test"]);
    expect(destination!.suspects).toEqual([
      expect.objectContaining({
        label: "analytics-intruder",
        reasons: ["no span of it in the 40 traces of this flow"],
      }),
    ]);
    const { text, config } = written(result, {
      kafka: { brokers: ["127.0.0.1:9092"] },
      jaeger: { url: "http://127.0.0.1:16686" },
    });
    expect(config.workflows[0]!.broker).toBe("kafka");
    expect(config.workflows[0]!.destinations.map((d) => [d.ref.identity, d.consumers])).toEqual([
      [{ topic: "asyncscope-test", group: "asyncscope-test-notification" }, [{ name: "notification-test" }]],
    ]);
    expect(text).toContain("deadLetterTopics: [asyncscope-test.DLT]");
    expect(text).toContain("# probably not part of the workflow, not declared: analytics-intruder");
  });
});

describe("NATS JetStream", () => {
  const topology = natsDiscoveryTopology(toJszReading(recordedJsz(), T0));

  it("maps streams with their subjects and consumers, and the advisory stream as their dead letters", () => {
    expect(topology.destinations.map((d) => [d.name, d.subjects, d.consumers?.map((c) => c.label)])).toEqual([
      ["ORDERS", ["orders.>"], ["notification", "audit", "shipping", "mailer-push", "poison"]],
      ["ASYNCSCOPE_DEAD_LETTERS", undefined, []],
    ]);
    expect(topology.destinations[0]!.consumers![0]).toMatchObject({
      subjects: ["orders.confirmed"],
      via: "notification",
      attributes: { consumer: "notification", stream: "ORDERS", filterSubject: "orders.confirmed" },
    });
    expect(topology.deadLetterRoutes.map((r) => [r.destination, r.targets])).toEqual([
      ["ORDERS", ["ASYNCSCOPE_DEAD_LETTERS"]],
    ]);
  });

  it("finds the stream from the subject, the consumer from the service, and flags only readers of that subject", () => {
    const result = discover("nats", topology, flow(30, "order-service", "notification-service", "orders.confirmed"));
    const [destination] = result.proposals[0]!.destinations;
    expect(destination).toMatchObject({ queue: "ORDERS", readers: ["notification"] });
    expect(destination!.consumers.map((c) => c.name)).toEqual(["notification-service"]);
    // audit (orders.>) and mailer-push (orders.confirmed) read these messages; shipping and
    // poison filter other subjects: another flow's, not suspects.
    expect(destination!.suspects.map((s) => s.label)).toEqual(["audit", "mailer-push"]);
    const { config } = written(result, {
      nats: { monitorUrl: "http://127.0.0.1:8222" },
      jaeger: { url: "http://127.0.0.1:16686" },
    });
    expect(config.workflows[0]!.broker).toBe("nats");
    expect(config.workflows[0]!.destinations.map((d) => d.ref.identity)).toEqual([
      { stream: "ORDERS", consumer: "notification" },
    ]);
    expect(result.unexplainedQueues).toEqual([]);
  });
});

describe("Redis Streams", () => {
  const r = recordedRedis.replies;
  const groups = groupsWireSchema
    .parse(r["XINFO GROUPS fixture.orders"])
    .map((g) => toGroupReading("fixture.orders", g));
  const workers = consumersWireSchema.parse(r["XINFO CONSUMERS fixture.orders workers"]).map(toConsumerReading);
  const topology = redisDiscoveryTopology(
    [
      {
        stream: "fixture.orders",
        groups,
        consumers: new Map([
          ["workers", workers],
          ["audit", []],
        ]),
      },
      // XLEN fixture.orders.dlq answered 1: the stream exists, with no group.
      { stream: "fixture.orders.dlq", groups: [], consumers: new Map() },
    ],
    recordedRedis.recordedAtMs,
  );

  it("maps streams, their groups' consumers, and the dead-letter stream named for one", () => {
    expect(topology.destinations.map((d) => [d.name, d.consumers?.map((c) => `${c.label}@${c.via}`)])).toEqual([
      ["fixture.orders", ["worker-1@workers", "worker-2@workers"]],
      ["fixture.orders.dlq", []],
    ]);
    expect(topology.deadLetterRoutes.map((r) => [r.destination, r.targets])).toEqual([
      ["fixture.orders", ["fixture.orders.dlq"]],
    ]);
  });

  it("proposes stream + group with its dead-letter stream", () => {
    const result = discover("redis-streams", topology, flow(25, "order-service", "worker", "fixture.orders"));
    const [destination] = result.proposals[0]!.destinations;
    expect(destination).toMatchObject({ queue: "fixture.orders", readers: ["workers"], suspects: [] });
    const { text, config } = written(result, {
      "redis-streams": { url: "redis://127.0.0.1:6379" },
      jaeger: { url: "http://127.0.0.1:16686" },
    });
    expect(config.workflows[0]!.destinations.map((d) => [d.ref.identity, d.consumers])).toEqual([
      [{ stream: "fixture.orders", group: "workers" }, [{ name: "worker" }]],
    ]);
    expect(text).toContain("deadLetter: { stream: fixture.orders.dlq }");
  });
});
