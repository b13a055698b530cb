// Seed 003: an undeclared consumer (website-counter) attaches to order_confirmed.inventory and
// takes a share of the messages: the queue's consumer_details show it, and inventory falls behind.
import { afterAll, describe, expect, it } from "vitest";
import { consumerApps, labOk, ports, queue, Q, serviceMetric, sleep, waitUntil } from "./helpers";

describe("fault stolen-messages", () => {
  afterAll(async () => {
    await labOk("fault", "stolen-messages", "off");
  });

  it("shows website-counter among the queue's consumers, taking a share of the messages", async () => {
    await labOk("fault", "stolen-messages", "on");
    const apps = await waitUntil(
      "website-counter on the inventory queue",
      async () => {
        const a = await consumerApps(Q.inventory);
        return a.includes("website-counter") ? a : undefined;
      },
      30_000,
    );
    expect(apps.sort()).toEqual(["inventory-service", "website-counter"]);
    // The queue's consumer count follows the management stats interval; consumer_details do not.
    await waitUntil(
      "2 consumers on the inventory queue",
      async () => (await queue(Q.inventory)).consumers === 2,
      15_000,
    );

    const before = {
      acks: (await queue(Q.inventory)).message_stats?.ack ?? 0,
      processed: await serviceMetric(ports.inventoryMetrics, "lab_messages_processed_total"),
    };
    await sleep(20_000);
    const after = {
      acks: (await queue(Q.inventory)).message_stats?.ack ?? 0,
      processed: await serviceMetric(ports.inventoryMetrics, "lab_messages_processed_total"),
    };
    const acks = after.acks - before.acks;
    const processed = after.processed - before.processed;
    // The queue is fully acked, but inventory-service handled only part of it (round-robin ≈ half).
    expect(acks).toBeGreaterThan(70);
    expect(processed).toBeLessThan(acks * 0.75);
    expect(processed).toBeGreaterThan(acks * 0.25);
  });

  it("the thief is gone after the fault is switched off", async () => {
    await labOk("fault", "stolen-messages", "off");
    await waitUntil(
      "only inventory-service on the queue",
      async () => (await consumerApps(Q.inventory)).join() === "inventory-service",
      30_000,
    );
  });
});
