// Seed 000: inventory-service returns early for a share of events: acked, with no log line, no
// metric, no retry and no DLQ. Acks stay normal while stock updates fall behind the orders.
import { afterAll, describe, expect, it } from "vitest";
import { byTrace, jaegerSpans, labOk, logLines, ports, queue, Q, scrape, sleep } from "./helpers";

async function sample() {
  const m = await scrape(ports.inventoryMetrics); // one scrape: the counters are read together
  return {
    acks: (await queue(Q.inventory)).message_stats?.ack ?? 0,
    stock: m("lab_stock_updates_total"),
    processed: m("lab_messages_processed_total"),
    dropped: m("lab_messages_dropped_total"),
    deadLettered: m("lab_messages_dead_lettered_total"),
    dlq: (await queue(Q.inventoryDlq)).messages,
  };
}

describe("fault silent-drop", () => {
  afterAll(async () => {
    await labOk("fault", "silent-drop", "off");
  });

  it("acks look normal, stock updates fall behind, and nothing records the drops", async () => {
    await labOk("fault", "silent-drop", "on", "--share", "0.3");
    await sleep(2000); // the service re-reads the fault file every second
    const windowStart = Date.now();
    const before = await sample();
    await sleep(30_000);
    const windowEnd = Date.now();
    await sleep(3000); // let the last acks reach the management stats
    const after = await sample();
    const orders = logLines("order-service").filter((l) => {
      const t = Date.parse(String(l.time));
      return l.msg === "order confirmed" && t >= windowStart && t < windowEnd;
    });
    const acks = after.acks - before.acks;
    const stock = after.stock - before.stock;

    // Acks keep pace with the orders (5/s for 30 s)...
    expect(orders.length).toBeGreaterThan(120);
    expect(acks).toBeGreaterThan(orders.length * 0.9);
    // ...but about 30% of them never update stock.
    expect(stock).toBeLessThan(acks * 0.85);
    expect(stock).toBeGreaterThan(acks * 0.5);
    // And no counter, DLQ or log line accounts for the difference.
    expect(after.dropped - before.dropped).toBe(0);
    expect(after.deadLettered - before.deadLettered).toBe(0);
    expect(after.dlq - before.dlq).toBe(0);
    // Every stock update is a processed message (± the one in flight between the two increments).
    expect(Math.abs(after.processed - before.processed - stock)).toBeLessThanOrEqual(1);
    const inventoryLog = logLines("inventory-service");
    const seen = new Set(inventoryLog.map((l) => String(l.order_id ?? l.message_id)));
    const missing = orders.filter((o) => !seen.has(String(o.order_id)));
    expect(missing.length).toBeGreaterThan(orders.length * 0.15);
    expect(
      inventoryLog
        .filter((l) => l.level === "warn" || l.level === "error")
        .filter((l) => Date.parse(String(l.time)) >= windowStart),
    ).toEqual([]);

    // Jaeger shows it: consumer process spans that end without the stock.update child.
    const spans = await jaegerSpans("inventory-service", 40_000);
    const traces = [...byTrace(spans).values()];
    const withoutStock = traces.filter(
      (t) => t.some((s) => s.name === "process order_confirmed.inventory") && !t.some((s) => s.name === "stock.update"),
    );
    expect(withoutStock.length).toBeGreaterThan(traces.length * 0.15);
  });
});
