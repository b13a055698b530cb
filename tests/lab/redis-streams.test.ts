// The Redis Streams adapter against the lab's real redis-server and redis_exporter (lab/redis,
// started by `npm run lab -- up`). On its own stream (checkout.lab_test, which the exporter's
// checkout.* pattern also covers) so the lab's checkout workflow is left alone: the consumer
// stops reading and lag grows while pending stays, its idle time passes the limit and it stops
// counting as alive, an undeclared consumer is named, and entries redelivered past the limit
// are dead letters. Then the lab's own checkout groups are alive and the exporter has them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { isDeclared } from "@/lib/analysis/consumers";
import { redisStreams } from "@/lib/sources/redis-streams/adapter";
import { createRedisSource } from "@/lib/sources/redis-streams/client";
import { redisDestinationSchema, redisSourceSchema } from "@/lib/sources/redis-streams/config";
import { entryIdMs } from "@/lib/sources/redis-streams/map";
import { REDIS_GROUPS, REDIS_STREAMS, redisExporterUrl, redisUrl } from "@/lab/redis/config";

const STREAM = "checkout.lab_test";
const GROUP = "inventory";
// consumerIdleAfter stays 30 s here (a busy CI machine may take seconds between steps); the
// stopped-consumer test reads with 1 s.
const cfg = redisSourceSchema.parse({ url: redisUrl, stuckAfter: "1s" });
const strict = redisSourceSchema.parse({ url: redisUrl, consumerIdleAfter: "1s", stuckAfter: "1s" });
const declared = redisDestinationSchema.parse({
  stream: STREAM,
  group: GROUP,
  consumers: ["inventory-*"],
  deadLetter: { maxDeliveries: 2 },
});
const redis = createClient({ url: redisUrl, RESP: 3 });
const run = (...args: string[]) => redis.sendCommand(args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ids: string[] = [];
const add = async (n: number) => {
  for (let i = 0; i < n; i++) ids.push(String(await run("XADD", STREAM, "*", "order_id", `t${ids.length + 1}`)));
};
const state = async (config = cfg) => (await redisStreams.connect(config).state([declared])).destinations[0]!;

beforeAll(async () => {
  await redis.connect();
  await run("DEL", STREAM);
  await run("XGROUP", "CREATE", STREAM, GROUP, "$", "MKSTREAM");
  await add(5);
  // inventory-1 takes 3 and acknowledges the first: 2 pending, 2 undelivered.
  const read = (await run(
    "XREADGROUP",
    "GROUP",
    GROUP,
    "inventory-1",
    "COUNT",
    "3",
    "STREAMS",
    STREAM,
    ">",
  )) as unknown;
  expect(read).not.toBeNull();
  await run("XACK", STREAM, GROUP, ids[0]!);
});

afterAll(async () => {
  await run("DEL", STREAM);
  await redis.quit();
});

describe("Redis Streams adapter (lab)", () => {
  it("health names the Redis version", async () => {
    const health = await createRedisSource(cfg).health();
    expect(health).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it("reads lag, pending, a live consumer and the first undelivered entry's time", async () => {
    const s = await state();
    expect(s.exists).toBe(true);
    expect(s.waiting?.value).toBe(2);
    expect(s.inFlight?.value).toBe(2);
    expect(s.consumerCount?.value).toBe(1);
    expect(s.consumers?.value.map((c) => c.label)).toEqual(["inventory-1"]);
    expect(s.oldestWaiting?.value).toMatchObject({ publishedAtMs: entryIdMs(ids[3]!), estimated: false });
  });

  it("with the consumer stopped, lag grows, pending stays, and the idle consumer is not counted", async () => {
    await add(5);
    await sleep(1_500);
    const s = await state(strict);
    expect(s.waiting?.value).toBe(7);
    expect(s.inFlight?.value).toBe(2);
    expect(s.consumerCount?.value).toBe(0);
    expect(s.consumers?.value).toEqual([expect.objectContaining({ label: "inventory-1", active: false })]);
    expect(s.warnings.join(" ")).toMatch(/inventory-1 \(idle \d+ s, 2 pending\)/);
  });

  it("names a consumer the workflow does not declare", async () => {
    await run("XREADGROUP", "GROUP", GROUP, "website-counter", "COUNT", "1", "STREAMS", STREAM, ">");
    const s = await state();
    const undeclared = s.consumers!.value.filter((c) => !isDeclared(c, declared.consumers));
    expect(undeclared.map((c) => c.attributes)).toEqual([{ consumer: "website-counter", group: GROUP }]);
    expect(s.waiting?.value).toBe(6);
  });

  it("counts stuck entries delivered more than maxDeliveries as dead letters", async () => {
    // Two more deliveries of the second entry (XCLAIM counts one each): 3 > 2.
    for (let i = 0; i < 2; i++) await run("XCLAIM", STREAM, GROUP, "inventory-1", "0", ids[1]!);
    await sleep(1_200);
    const snapshot = await redisStreams.connect(cfg).state([declared]);
    const dead = snapshot.deadLetterStates[0]!;
    expect(dead.ref.key).toBe(`${STREAM}@${GROUP}#deliveries>2`);
    expect(dead.waiting?.value).toBe(1);
    expect(dead.oldestWaiting?.value.publishedAtMs).toBe(entryIdMs(ids[1]!));
  });

  it("a stream or group that does not exist is said, not an error", async () => {
    const missing = redisDestinationSchema.parse({ stream: "checkout.no_such_stream", group: GROUP, consumers: [] });
    const noGroup = redisDestinationSchema.parse({ stream: STREAM, group: "no_such_group", consumers: [] });
    const [a, b] = (await redisStreams.connect(cfg).state([missing, noGroup])).destinations;
    expect(a).toMatchObject({ exists: false });
    expect(b).toMatchObject({ exists: false, warnings: [`stream ${STREAM} has no group no_such_group`] });
  });

  it("the lab's checkout groups are consumed, and redis_exporter exports them", async () => {
    const groups = Object.values(REDIS_GROUPS).map((group) =>
      redisDestinationSchema.parse({ stream: REDIS_STREAMS.orderConfirmed, group, consumers: [`${group}-*`] }),
    );
    const snapshot = await redisStreams.connect(redisSourceSchema.parse({ url: redisUrl })).state(groups);
    for (const s of snapshot.destinations) {
      expect(s.consumerCount?.value, s.ref.key).toBeGreaterThanOrEqual(1);
      expect(s.waiting, s.ref.key).toBeDefined();
    }
    const metrics = await (await fetch(`${redisExporterUrl}/metrics`)).text();
    for (const group of Object.values(REDIS_GROUPS))
      expect(metrics).toContain(
        `redis_stream_group_messages_pending{db="db0",group="${group}",stream="${REDIS_STREAMS.orderConfirmed}"}`,
      );
  });
});
