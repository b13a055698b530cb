// The Kafka adapter against the lab's Kafka-protocol broker (kfake, lab/kafka): lag read from
// the live cluster, a stopped consumer's lag growing while its group goes Empty and Burrow's
// rules say STOP, an undeclared group on the workflow topic named. Own topic and groups per
// run, so the lab's services are not disturbed. Needs only the Kafka part of the lab
// (`npm run lab -- up`, or `npx tsx lab/kafka/cli.ts up`).
//
// RECORD_KAFKA_FIXTURES=1 also writes the readouts to tests/fixtures/kafka/ (README there).
import fs from "node:fs";
import path from "node:path";
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBootstrap } from "../../lab/kafka/config";
import { portOpen } from "../../lab/procs";
import type { BrokerSnapshot, DestinationState } from "@/lib/domain/destination";
import { createKafkaSource, type KafkaSource } from "@/lib/sources/kafka/client";
import { kafkaDestinationSchema, kafkaSourceSchema } from "@/lib/sources/kafka/config";
import { readCluster } from "@/lib/sources/kafka/read";

const run = Date.now().toString(36);
const TOPIC = `asyncscope-test-${run}`;
const DLT = `${TOPIC}.DLT`;
const GROUP = `asyncscope-test-notification-${run}`;
const INTRUDER = `asyncscope-test-intruder-${run}`;
const WINDOW_S = 3;
const bootstrap = [kafkaBootstrap];
const record = process.env.RECORD_KAFKA_FIXTURES === "1";
const fixtures = path.resolve(import.meta.dirname, "../fixtures/kafka");

const declared = [
  kafkaDestinationSchema.parse({
    topic: TOPIC,
    group: GROUP,
    consumers: [{ clientId: "notification-test" }],
    deadLetterTopics: [DLT],
  }),
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin: Admin;
let producer: Producer<string, string, string, string>;
let source: KafkaSource;
const consumers: Consumer<string, string, string, string>[] = [];

async function startConsumer(groupId: string, clientId: string) {
  const consumer = new Consumer({ groupId, clientId, bootstrapBrokers: bootstrap, deserializers: stringDeserializers });
  consumers.push(consumer);
  const stream = await consumer.consume({
    topics: [TOPIC],
    autocommit: 100,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: "earliest",
    sessionTimeout: 6000,
    heartbeatInterval: 300,
  });
  stream.on("data", () => {});
  return { consumer, stream };
}

async function produce(n: number, topic = TOPIC) {
  await producer.send({
    messages: Array.from({ length: n }, (_, i) => ({ topic, key: `order-${i}`, value: JSON.stringify({ i }) })),
  });
}

async function until(what: string, f: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await f()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function recordFixture(name: string) {
  if (!record) return;
  const readout = await readCluster(admin, { topics: [TOPIC, DLT], groups: [GROUP] });
  fs.mkdirSync(fixtures, { recursive: true });
  // Names without this run's suffix, so the unit tests read stable names.
  const text = JSON.stringify(readout, null, 2).replaceAll(`-${run}`, "");
  fs.writeFileSync(path.join(fixtures, `${name}.json`), `${text}\n`);
}

const state = (s: BrokerSnapshot): DestinationState => s.destinations[0]!;

beforeAll(async () => {
  if (!(await portOpen(Number(kafkaBootstrap.split(":")[1]))))
    throw new Error(`no Kafka broker on ${kafkaBootstrap}: run \`npm run lab -- up\` (or npx tsx lab/kafka/cli.ts up)`);
  admin = new Admin({ clientId: "asyncscope-lab-test", bootstrapBrokers: bootstrap });
  await admin.createTopics({ topics: [TOPIC, DLT], partitions: 3, replicas: 1 });
  producer = new Producer({
    clientId: "order-service-test",
    bootstrapBrokers: bootstrap,
    serializers: stringSerializers,
  });
  source = createKafkaSource(
    kafkaSourceSchema.parse({ brokers: bootstrap, lagWindow: `${WINDOW_S}s`, timeoutMs: 5000 }),
  );
});

afterAll(async () => {
  for (const c of consumers) {
    // The callback form: with a literal `true` TypeScript picks the overload that returns void.
    await new Promise<void>((resolve) =>
      c.close(true, (e) => {
        if (e) console.error("closing consumer:", e);
        resolve();
      }),
    );
  }
  await producer?.close();
  await source?.close();
  await admin?.deleteTopics({ topics: [TOPIC, DLT] }).catch((e: unknown) => console.error("deleting topics:", e));
  await admin?.close();
});

describe("Kafka adapter on the lab broker", () => {
  it("reads lag as log-end − committed, summed, with the group Stable and its member named", async () => {
    await produce(30);
    const { consumer } = await startConsumer(GROUP, "notification-test");
    let snap!: BrokerSnapshot;
    await until("the group to catch up", async () => {
      snap = await source.state(declared);
      return state(snap).waiting?.value === 0 && state(snap).consumerCount?.value === 1;
    });
    const d = state(snap);
    expect(d.exists).toBe(true);
    expect(d.consumers!.value.map((c) => c.attributes.clientId)).toEqual(["notification-test"]);
    expect(d.warnings.filter((w) => w.startsWith("consumer group"))).toEqual([]);
    expect(snap.noDeadLetterRoute).toEqual([]);
    expect(snap.deadLetterRoutes[0]!.targets.map((t) => t.key)).toEqual([DLT]);
    await recordFixture("group-stable-caught-up");

    // An undeclared group on the same topic is named on the destination.
    const intruder = await startConsumer(INTRUDER, "analytics-intruder");
    await until("the undeclared group to be seen", async () =>
      state(await source.state(declared)).warnings.some((w) =>
        w.startsWith(`undeclared consumer group ${INTRUDER} reads topic ${TOPIC}`),
      ),
    );
    await recordFixture("undeclared-group-reading");
    await intruder.consumer.close(true);

    // The declared consumer stops: the group empties, lag grows, Burrow's rules say STOP.
    await consumer.close(true);
    await until("the group to be Empty", async () =>
      state(await source.state(declared)).warnings.includes(`consumer group ${GROUP} is EMPTY`),
    );
    await produce(12);
    const first = state(await source.state(declared)).waiting!.value;
    expect(first).toBe(12);
    await produce(9);
    await produce(1, DLT);
    let stopped!: BrokerSnapshot;
    await until(
      "Burrow's STOP over a full window",
      async () => {
        stopped = await source.state(declared);
        return state(stopped).warnings.some((w) => w.startsWith("lag STOP"));
      },
      (WINDOW_S + 10) * 1000,
    );
    const s = state(stopped);
    expect(s.waiting!.value).toBe(21);
    expect(s.consumerCount!.value).toBe(0);
    expect(s.oldestWaiting!.value.estimated).toBe(true);
    expect(stopped.deadLetterStates.find((x) => x.ref.key === DLT)!.waiting!.value).toBe(1);
    await recordFixture("group-empty-lag-growing");
  });
});
