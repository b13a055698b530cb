// Seed 002: a share of messages cannot be processed and is rejected without requeue: the DLQs grow.
import { afterAll, describe, expect, it } from "vitest";
import { jaegerSpans, labOk, ports, promQuery, queue, Q, serviceMetric, sleep } from "./helpers";

describe("fault poison-messages", () => {
  afterAll(async () => {
    await labOk("fault", "poison-messages", "off");
  });

  it("grows both dead-letter queues and the dead-letter counters", async () => {
    const globalBefore = await promQuery("sum(rabbitmq_global_messages_dead_lettered_rejected_total)");
    const before = {
      notifDlq: (await queue(Q.notificationDlq)).messages,
      invDlq: (await queue(Q.inventoryDlq)).messages,
      counter: await serviceMetric(ports.inventoryMetrics, "lab_messages_dead_lettered_total", { reason: "unparseable" }),
    };
    await labOk("fault", "poison-messages", "on", "--share", "0.2");
    await sleep(25_000);
    // Switch it off and let in-flight messages settle, so the DLQs and counters hold still.
    await labOk("fault", "poison-messages", "off");
    await sleep(4000);
    const after = {
      notifDlq: (await queue(Q.notificationDlq)).messages,
      invDlq: (await queue(Q.inventoryDlq)).messages,
      counter: await serviceMetric(ports.inventoryMetrics, "lab_messages_dead_lettered_total", { reason: "unparseable" }),
    };
    // ≈ 5/s × 25 s × 20% = 25 per queue.
    expect(after.notifDlq - before.notifDlq).toBeGreaterThan(10);
    expect(after.invDlq - before.invDlq).toBeGreaterThan(10);
    expect(after.counter - before.counter).toBe(after.invDlq - before.invDlq);
    const globalAfter = await promQuery("sum(rabbitmq_global_messages_dead_lettered_rejected_total)");
    expect(Number(globalAfter[0]!.value[1]) - Number(globalBefore[0]?.value[1] ?? 0)).toBeGreaterThan(20);

    // The rejected deliveries are consumer spans with an error status.
    const spans = await jaegerSpans("inventory-service", 30_000, { "query.operation_name": "process order_confirmed.inventory" });
    expect(spans.filter((s) => s.status?.code === 2).length).toBeGreaterThan(5);
  });
});
