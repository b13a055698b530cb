// The RabbitMQ adapter against the lab's real broker (npm run test:lab).
import { describe, expect, it } from "vitest";
import { rabbitmq } from "@/lib/sources/rabbitmq/adapter";
import { createRabbitSource } from "@/lib/sources/rabbitmq/client";
import { rabbitDestinationSchema, rabbitSourceSchema } from "@/lib/sources/rabbitmq/config";
import { SourceError } from "@/lib/sources/errors";
import { sourceCallCounts } from "@/lib/telemetry/metrics";

const NOTIFICATION = "order_confirmed.notification";
const cfg = rabbitSourceSchema.parse({
  managementUrl: "http://127.0.0.1:15672",
  timeoutMs: 5_000,
  username: "guest",
  password: "guest",
});

describe("RabbitMQ adapter (lab)", () => {
  const rabbit = createRabbitSource(cfg);

  it("health names the version and cluster", async () => {
    const health = await rabbit.health();
    expect(health.ok).toBe(true);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.message).toMatch(/^RabbitMQ \d+\.\d+\.\d+ \(cluster .+\) answers$/);
  });

  it("the state of the queues: the consumer's app name and identities, ack mode, and the DLQ found through the bindings", async () => {
    const declared = [
      rabbitDestinationSchema.parse({ queue: NOTIFICATION, consumers: ["notification-service"] }),
      rabbitDestinationSchema.parse({ queue: 'no"such\\queue/.*', consumers: [] }),
    ];
    const state = await rabbitmq.connect(cfg).state(declared);
    const [notification, missing] = state.destinations;
    expect(notification!.exists).toBe(true);
    expect(notification!.consumerCount!.value).toBeGreaterThanOrEqual(1);
    const consumer = notification!.consumers!.value.find((c) => c.label === "notification-service");
    expect(consumer).toMatchObject({ anonymous: false, ackRequired: true, active: true });
    expect(consumer!.attributes).toMatchObject({ connectionName: "notification-service", product: expect.any(String) });
    expect(consumer!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    // A queue that does not exist is said, not an error.
    expect(missing).toMatchObject({ exists: false });
    expect(state.deadLetterRoutes).toEqual([
      {
        sourceKey: `//${NOTIFICATION}`,
        via: `exchange "orders.dlx", routing key "${NOTIFICATION}.dlq"`,
        targets: [
          {
            key: `//${NOTIFICATION}.dlq`,
            name: `${NOTIFICATION}.dlq`,
            identity: { vhost: "/", queue: `${NOTIFICATION}.dlq` },
          },
        ],
      },
    ]);
    expect(state.deadLetterStates[0]!.waiting?.from).toBe("RabbitMQ management API");
  });

  it("the retry queue is recognised as drained by its TTL back into the workflow", async () => {
    const declared = [NOTIFICATION, "order_confirmation_retry"].map((queue) =>
      rabbitDestinationSchema.parse({ queue, consumers: [] }),
    );
    const state = await rabbitmq.connect(cfg).state(declared);
    expect(state.destinations[1]!.drainedBy).toMatchObject({
      returnsTo: `//${NOTIFICATION}`,
      returnsToName: NOTIFICATION,
    });
  });

  it("pages through queues with column selection", async () => {
    const all = await rabbit.allQueues({ vhost: "/", pageSize: 2 });
    expect(all.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        NOTIFICATION,
        "order_confirmed.inventory",
        "order_confirmation_retry",
        `${NOTIFICATION}.dlq`,
      ]),
    );
    const retry = all.find((q) => q.name === "order_confirmation_retry")!;
    expect(retry.deadLetter?.exchange).toBe(""); // the default exchange, a real target
  });

  it("a wrong password is a 401 that says what to check, and never echoes it", async () => {
    const wrong = createRabbitSource({ ...cfg, password: "not-the-password" });
    const error = await wrong.allQueues({ vhost: "/" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).status).toBe(401);
    expect((error as SourceError).message).toMatch(/RABBITMQ_USER\/RABBITMQ_PASSWORD/);
    expect((error as SourceError).message).not.toContain("not-the-password");
  });

  it("100 concurrent identical reads cost one upstream call", async () => {
    const fresh = createRabbitSource(cfg);
    const before = await sourceCallCounts("rabbitmq");
    await Promise.all(Array.from({ length: 100 }, () => fresh.consumers("/")));
    const after = await sourceCallCounts("rabbitmq");
    expect({ upstream: after.upstream - before.upstream, coalesced: after.coalesced - before.coalesced }).toEqual({
      upstream: 1,
      coalesced: 99,
    });
  });
});
