// The RabbitMQ source against the lab's real broker (npm run test:lab).
import { describe, expect, it } from "vitest";
import { createRabbitSource } from "@/lib/sources/rabbitmq/client";
import { SourceError } from "@/lib/sources/errors";

const NOTIFICATION = "order_confirmed.notification";
const cfg = { managementUrl: "http://127.0.0.1:15672", timeoutMs: 5_000, username: "guest", password: "guest" };

describe("RabbitMQ source (lab)", () => {
  const rabbit = createRabbitSource(cfg);

  it("health names the version and cluster", async () => {
    const health = await rabbit.health();
    expect(health.ok).toBe(true);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.message).toMatch(/^RabbitMQ \d+\.\d+\.\d+ \(cluster .+\) answers$/);
  });

  it("one queue: the consumer's app name, ack mode, prefetch, and the DLX from arguments", async () => {
    const queue = await rabbit.queue("/", NOTIFICATION);
    expect(queue).toBeDefined();
    expect(queue!.consumers?.value).toBeGreaterThanOrEqual(1);
    const consumer = queue!.consumerDetails!.find((c) => c.clientConnectionName === "notification-service");
    expect(consumer).toMatchObject({ ackRequired: true, active: true });
    expect(consumer!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(queue!.deadLetter).toEqual({
      exchange: "orders.dlx",
      routingKey: `${NOTIFICATION}.dlq`,
      from: "arguments",
      routingKeyFrom: "arguments",
    });
  });

  it("a queue that does not exist is undefined, not an error", async () => {
    expect(await rabbit.queue("/", 'no"such\\queue/.*')).toBeUndefined();
  });

  it("bindings of the queue, exchanges, consumers", async () => {
    const bindings = await rabbit.queueBindings("/", NOTIFICATION);
    expect(bindings).toContainEqual(
      expect.objectContaining({ source: "orders", destination: NOTIFICATION, destinationType: "queue" }),
    );
    expect((await rabbit.exchanges("/")).map((e) => e.name)).toContain("orders.dlx");
    expect((await rabbit.consumers("/")).some((c) => c.queue === NOTIFICATION)).toBe(true);
  });

  it("pages through queues with column selection; a DLQ without message_stats has unknown rates", async () => {
    const page = await rabbit.queues({ vhost: "/", pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.pageCount).toBeGreaterThanOrEqual(3);
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
    const error = await wrong.overview().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).status).toBe(401);
    expect((error as SourceError).message).toMatch(/RABBITMQ_USER\/RABBITMQ_PASSWORD/);
    expect((error as SourceError).message).not.toContain("not-the-password");
  });

  it("100 concurrent identical reads cost one upstream call", async () => {
    const fresh = createRabbitSource(cfg);
    await Promise.all(Array.from({ length: 100 }, () => fresh.overview()));
    expect(fresh.http.stats()).toEqual({ upstream: 1, coalesced: 99, cache: 0 });
  });
});
