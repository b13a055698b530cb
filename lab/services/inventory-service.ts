// inventory-service: consumes order_confirmed.inventory and decrements stock. The stock update
// is its own span (stock.update): the downstream effect that proves an order was really handled.
import client from "prom-client";
import { ports } from "../config";
import { faultWatcher } from "../faults";
import { QUEUES } from "../topology";
import { runConsumer } from "./consumer";
import { parseOrderConfirmed, shareOf } from "./order-event";
import { sleep, startTelemetry } from "./telemetry";

const SERVICE = "inventory-service";
const t = startTelemetry(SERVICE);
const faults = faultWatcher();

const stock = new Map<string, number>();
const stockUpdates = new client.Counter({
  name: "lab_stock_updates_total",
  help: "Stock decrements applied",
  registers: [t.registry],
});
stockUpdates.inc(0);

await runConsumer({
  telemetry: t,
  queue: QUEUES.inventory,
  metricsPort: ports.inventoryMetrics,
  async handle(msg, ch) {
    const parsed = parseOrderConfirmed(msg.content);
    if (parsed.kind === "unparseable") {
      ch.nack(msg, false, false);
      return { branch: "dead-lettered", reason: "unparseable" };
    }
    if (parsed.kind === "invalid") {
      ch.ack(msg);
      return { branch: "dropped", reason: "invalid" };
    }
    // The silent-drop story (seed 000): `if (!isValid(event)) return nil`. A new validation
    // rule rejects a share of perfectly good events and the handler just returns: acked, no
    // log line, no metric, no retry, no DLQ. Only the missing stock.update span gives it away.
    const silentDrop = faults()["silent-drop"];
    if (silentDrop && shareOf(parsed.event.orderId) < (silentDrop.share ?? 0.3)) {
      ch.ack(msg);
      if (!silentDrop.logged) return { branch: "silently-acked" };
      // The fixed variant (--logged): same rule, same ack, but the skip is said out loud, with
      // the event id and (from the active consumer span) the trace ids.
      t.log("warn", "event_validation_failed", {
        order_id: parsed.event.orderId,
        message_id: msg.properties.messageId,
        rule: "sku_format",
        action: "acked, stock not updated",
      });
      return { branch: "skipped" };
    }
    const slow = faults()["slow-consumer"];
    if (slow?.service === SERVICE) await sleep(slow.delayMs ?? 600);

    await t.tracer.startActiveSpan("stock.update", async (span) => {
      const { sku, qty } = parsed.event;
      span.setAttributes({ "order.id": parsed.event.orderId, "inventory.sku": sku, "inventory.qty": qty });
      await sleep(2 + Math.random() * 5);
      stock.set(sku, (stock.get(sku) ?? 1000) - qty);
      stockUpdates.inc();
      t.log("info", "stock updated", { order_id: parsed.event.orderId, sku, qty, remaining: stock.get(sku) });
      span.end();
    });
    ch.ack(msg);
    return { branch: "processed" };
  },
});
