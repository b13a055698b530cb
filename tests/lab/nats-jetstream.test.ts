// The NATS JetStream adapter against the lab's real nats-server (npm run test:lab; the NATS part
// of `npm run lab -- up`). It works on a stream of its own, made and deleted here, so the lab's
// ORDERS workflow is left as it was; the advisory stream is the lab's.
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, type JetStreamManager } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NATS_TOPOLOGY, natsUrls } from "@/lab/nats/config";
import { isDeclared } from "@/lib/analysis/consumers";
import { nats } from "@/lib/sources/nats/adapter";
import { createNatsSource } from "@/lib/sources/nats/client";
import { natsDestinationSchema, natsSourceSchema } from "@/lib/sources/nats/config";
import { createDeadLetterReader } from "@/lib/sources/nats/dead-letters";
import { readJetStreamState } from "@/lib/sources/nats/state";

const STREAM = `LABTEST_${process.pid}`;
const SUBJECT = `labtest.${process.pid}`;
const cfg = natsSourceSchema.parse({
  monitorUrl: natsUrls.monitor,
  timeoutMs: 5_000,
  // Short, so that a consumer nobody pulls from reads as down within the test.
  activeWithin: "2s",
  deadLetters: { natsUrl: natsUrls.client, advisoryStream: NATS_TOPOLOGY.advisoryStream },
});
const declared = [
  natsDestinationSchema.parse({ stream: STREAM, consumer: "worker" }),
  natsDestinationSchema.parse({ stream: STREAM, consumer: "poison" }),
  natsDestinationSchema.parse({ stream: NATS_TOPOLOGY.stream, consumer: NATS_TOPOLOGY.consumers.notification.name }),
];

let nc: NatsConnection;
let jsm: JetStreamManager;
const client = nats.connect(cfg);
// The adapter's own reader, but without the HTTP source's 2 s answer cache, so each step reads
// the server as it is now (the adapter's client is used for health and the first state).
const source = createNatsSource(cfg, { cacheTtlMs: 0 });
const deadLetters = createDeadLetterReader(cfg.deadLetters!, cfg.timeoutMs);
const state = () => readJetStreamState(source, deadLetters, declared, cfg.activeWithin * 1000);
const publish = async (subject: string, n: number) => {
  const js = jetstream(nc);
  for (let i = 0; i < n; i++) await js.publish(subject, JSON.stringify({ i }));
};

beforeAll(async () => {
  nc = await connect({ servers: natsUrls.client, name: "lab-test-nats" });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: STREAM, subjects: [`${SUBJECT}.>`], retention: RetentionPolicy.Interest });
  await jsm.consumers.add(STREAM, {
    durable_name: "worker",
    filter_subject: `${SUBJECT}.confirmed`,
    ack_policy: AckPolicy.Explicit,
    max_deliver: 3,
  });
  await jsm.consumers.add(STREAM, {
    durable_name: "poison",
    filter_subject: `${SUBJECT}.poison`,
    ack_policy: AckPolicy.Explicit,
    max_deliver: 2,
    ack_wait: nanos(1_000),
  });
});

afterAll(async () => {
  await deadLetters.close();
  await jsm?.streams.delete(STREAM);
  await nc?.drain();
});

describe("NATS JetStream adapter (lab)", () => {
  it("health names the server's version and that JetStream is on", async () => {
    const health = await client.health();
    expect(health).toMatchObject({ ok: true });
    expect(health.message).toMatch(/^NATS \d+\.\d+\.\d+ .*JetStream enabled$/);
  });

  it("finds the lab's own workflow consumer, and says a missing one is missing", async () => {
    const s = await client.state(declared);
    expect(s.destinations[2]).toMatchObject({ exists: true, ref: { key: "ORDERS/notification" } });
    const missing = await client.state([natsDestinationSchema.parse({ stream: STREAM, consumer: "nobody" })]);
    expect(missing.destinations[0]).toMatchObject({ exists: false });
  });

  it("the backlog grows while nobody pulls, the consumer reads as down, and the oldest message is the first published", async () => {
    const before = (await state()).destinations[0]!;
    expect(before.waiting!.value).toBe(0);
    const t0 = Date.now();
    await publish(`${SUBJECT}.confirmed`, 5);
    await new Promise((r) => setTimeout(r, 2_500)); // past activeWithin: nothing pulled or acked
    const after = (await state()).destinations[0]!;
    expect(after.waiting!.value).toBe(5);
    expect(after.inFlight!.value).toBe(0);
    expect(after.consumerCount!.value).toBe(0);
    // The stream has two consumers (worker, poison): first_ts is the oldest message either has
    // not acknowledged, so it is an upper bound for worker's, given as an estimate that says so.
    expect(after.oldestWaiting!.value.estimated).toBe(true);
    expect(after.oldestWaiting!.value.method).toContain("across its 2 consumers");
    expect(after.oldestWaiting!.value.publishedAtMs).toBeGreaterThanOrEqual(t0 - 1_000);
    expect(after.oldestWaiting!.value.publishedAtMs).toBeLessThan(t0 + 2_000);

    // A pull in progress: the fetched message is in flight and the consumer is alive.
    const worker = await jetstream(nc).consumers.get(STREAM, "worker");
    for await (const m of await worker.fetch({ max_messages: 1, expires: 1_000 })) void m;
    const pulled = (await state()).destinations[0]!;
    expect(pulled.waiting!.value).toBe(4);
    expect(pulled.inFlight!.value).toBe(1);
    expect(pulled.consumerCount!.value).toBe(1);
  });

  it("names an undeclared consumer whose filter overlaps the workflow's, and not one apart", async () => {
    await jsm.consumers.add(STREAM, {
      durable_name: "website-counter",
      filter_subject: `${SUBJECT}.*`,
      ack_policy: AckPolicy.Explicit,
    });
    await jsm.consumers.add(STREAM, {
      durable_name: "shipping",
      filter_subject: `${SUBJECT}.shipped`,
      ack_policy: AckPolicy.Explicit,
    });
    const d = (await state()).destinations[0]!;
    const undeclared = d.consumers!.value.filter((c) => !isDeclared(c, declared[0]!.consumers)).map((c) => c.label);
    expect(undeclared).toEqual(["website-counter"]);
  });

  it("counts a message past max_deliver as a dead letter and names its stream sequence", async () => {
    const ack = await jetstream(nc).publish(`${SUBJECT}.poison`, "{}");
    const poison = await jetstream(nc).consumers.get(STREAM, "poison");
    // Two deliveries nak'ed; the server raises the advisory on the next pull.
    for (let i = 0; i < 3; i++) for await (const m of await poison.fetch({ max_messages: 1, expires: 1_000 })) m.nak();
    const s = await state();
    const route = s.deadLetterRoutes.find((r) => r.sourceKey === `${STREAM}/poison`)!;
    expect(route.via).toContain(NATS_TOPOLOGY.advisoryStream);
    const dead = s.deadLetterStates.find((d) => d.ref.key === route.targets[0]!.key)!;
    expect(dead.waiting!.value).toBe(1);
    expect(dead.warnings.join(" ")).toContain(`${STREAM} that reached max_deliver: ${ack.seq}`);
    // The workflow's healthy consumer has none.
    const worker = s.deadLetterStates.find((d) => d.ref.key.endsWith(`${STREAM}.worker`))!;
    expect(worker.waiting!.value).toBe(0);
  });
});
