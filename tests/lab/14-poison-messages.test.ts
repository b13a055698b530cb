// Seed 002: a share of messages cannot be processed and is rejected without requeue: the DLQs grow.
import { afterAll, describe, expect, it } from "vitest";
import {
  jaegerSpans,
  labOk,
  poisonOffAndDeadLettersEmptied,
  ports,
  promQuery,
  Q,
  readyNow,
  serviceMetric,
  sleep,
} from "./helpers";

/**
 * DLQ depths and inventory-service's dead-letter counter (all reasons), both read live (the depths
 * from the queues over AMQP, not the management API's periodic stats), until two reads 2.5 s apart
 * agree: a rejected message still in flight moves the counter before it reaches its DLQ.
 */
async function stableCounts(): Promise<{ notifDlq: number; invDlq: number; counter: number }> {
  const read = async () => {
    const [notifDlq, invDlq] = await readyNow([Q.notificationDlq, Q.inventoryDlq]);
    const counter = await serviceMetric(ports.inventoryMetrics, "lab_messages_dead_lettered_total", {
      queue: Q.inventory,
    });
    return { notifDlq: notifDlq!, invDlq: invDlq!, counter };
  };
  let previous = await read();
  for (let attempt = 0; attempt < 10; attempt++) {
    await sleep(2500);
    const current = await read();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error(
    `DLQ depths and the dead-letter counter did not settle within 25 s (last: ${JSON.stringify(previous)})`,
  );
}

describe("fault poison-messages", () => {
  afterAll(poisonOffAndDeadLettersEmptied);

  it("grows both dead-letter queues and the dead-letter counters", async () => {
    const globalBefore = await promQuery("sum(rabbitmq_global_messages_dead_lettered_rejected_total)");
    const before = await stableCounts();
    await labOk("fault", "poison-messages", "on", "--share", "0.2");
    await sleep(25_000);
    // Switch it off and let in-flight messages settle, so the DLQs and counters hold still.
    await labOk("fault", "poison-messages", "off");
    await sleep(4000);
    const after = await stableCounts();
    // ≈ 5/s × 25 s × 20% = 25 per queue.
    expect(after.notifDlq - before.notifDlq).toBeGreaterThan(10);
    expect(after.invDlq - before.invDlq).toBeGreaterThan(10);
    // Every message inventory-service rejects is counted (whatever the reason) and lands in its DLQ.
    expect(after.counter - before.counter).toBe(after.invDlq - before.invDlq);
    const globalAfter = await promQuery("sum(rabbitmq_global_messages_dead_lettered_rejected_total)");
    expect(Number(globalAfter[0]!.value[1]) - Number(globalBefore[0]?.value[1] ?? 0)).toBeGreaterThan(20);

    // The rejected deliveries are consumer spans with an error status.
    const spans = await jaegerSpans("inventory-service", 30_000, {
      "query.operation_name": "process order_confirmed.inventory",
    });
    expect(spans.filter((s) => s.status?.code === 2).length).toBeGreaterThan(5);
  });
});
