// The number row of each demo recording (demo/bundles/, captured from the lab under a fault),
// analysed again as the demo page does and as the recording's stored verdict (what a snapshot
// or share link shows): the numbers the issue found missing or wrong on the link previews.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { evaluate } from "@/lib/evaluate";
import { readBundleFile } from "@/lib/sources/recording/file";
import { numberRow, sumFigures, type DestinationNumbers, type Figure, type NumberRow } from "./number-row";
import { destinationLine, failingText, figureText } from "./number-text";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml"), {});
const workflow = (id: string) => config.workflows.find((w) => w.id === id)!;

/** The row as the demo's workflow page draws it: the recording analysed again by today's code. */
async function replayed(id: string): Promise<NumberRow> {
  const { signals, analysis } = await evaluate(workflow(id), { fromMs: 0, toMs: 1 }, { config });
  return numberRow(workflow(id), signals, analysis);
}

/** The row as a snapshot of the recording draws it: its own config and its verdict as stored. */
function stored(id: string): NumberRow {
  const entry = readBundleFile(workflow(id).replay!.bundle).workflows[0]!;
  return numberRow(entry.config, entry.signals, entry.health);
}

const dest = (row: NumberRow, name: string): DestinationNumbers => row.destinations.find((d) => d.name === name)!;
const value = (figure: Figure): number | undefined => (figure.kind === "value" ? figure.value : undefined);

describe("number row of the demo recordings", () => {
  it("poison messages: the DLQs' depth is there, per destination and in total, with the checks by severity", async () => {
    for (const row of [await replayed("checkout-dlq-growth"), stored("checkout-dlq-growth")]) {
      const notification = dest(row, "order_confirmed.notification");
      const inventory = dest(row, "order_confirmed.inventory");
      expect(notification.dlqNames).toEqual(["order_confirmed.notification.dlq"]);
      expect(value(notification.dlqDepth)).toBeGreaterThan(0);
      expect(value(inventory.dlqDepth)).toBeGreaterThan(0);
      // The backlog is 0 and says so; the DLQ total is what the incident is about.
      expect(value(row.totals.backlog)).toBe(0);
      expect(value(row.totals.dlqDepth)).toBe(value(notification.dlqDepth)! + value(inventory.dlqDepth)!);
      expect(notification.dlqDepth).toMatchObject({ from: "RabbitMQ management API" });
      // Counted as the verdict counts them, never "3 checks failing" for mixed severities.
      expect(failingText(row.failing)).toMatch(/^\d+ critical · \d+ warnings?$/);
      expect(row.failing.warning).toBeGreaterThan(0);
      expect(row.failing.critical).toBeGreaterThan(0);
    }
  });

  it("stolen messages: the undeclared consumer is named, and counted against the declared", async () => {
    for (const row of [await replayed("checkout-stolen-messages"), stored("checkout-stolen-messages")]) {
      const inventory = dest(row, "order_confirmed.inventory");
      expect(inventory.strangers).toEqual({ ok: true, names: ["website-counter"], anonymous: 0 });
      expect(value(inventory.consumers)).toBe(2);
      expect(inventory.declared).toEqual(["inventory-service"]);
      expect(row.totals.undeclared).toEqual(["website-counter on order_confirmed.inventory"]);
      expect(destinationLine(inventory)).toContain("2/1 consumers");
      expect(destinationLine(inventory)).toContain("undeclared: website-counter");
      expect(dest(row, "order_confirmed.notification").strangers).toEqual({ ok: true, names: [], anonymous: 0 });
    }
  });

  it("an undeclared Kafka consumer group: named on the topic it reads, beside the declared group's member", async () => {
    for (const row of [await replayed("checkout-kafka-undeclared-group"), stored("checkout-kafka-undeclared-group")]) {
      const topic = dest(row, "kafka-undeclared-group.orders");
      expect(topic.strangers).toEqual({ ok: true, names: ["kafka-undeclared-group-reporting"], anonymous: 0 });
      expect(row.totals.undeclared).toEqual(["kafka-undeclared-group-reporting on kafka-undeclared-group.orders"]);
    }
  });

  it("consumer crash loop: 0 of 1 consumers on the notification queue, its backlog and its age", async () => {
    for (const row of [await replayed("checkout-crashloop"), stored("checkout-crashloop")]) {
      const notification = dest(row, "order_confirmed.notification");
      expect(value(notification.consumers)).toBe(0);
      expect(destinationLine(notification)).toMatch(/^order_confirmed\.notification: 0\/1 consumers · 951 waiting/);
      expect(value(notification.oldestAgeSeconds)).toBeGreaterThan(120);
      expect(value(notification.ackPublishRatio)).toBeLessThan(0.5);
      expect(notification.status).toBe("critical");
      // The retry queue is a delay queue: it needs no consumer and is not counted as missing one.
      const retry = dest(row, "order_confirmation_retry");
      expect(retry.delayFor).toBeDefined();
      expect(retry.consumers).toEqual({ kind: "none", text: "delay queue" });
      expect(row.totals.declared).toBe(2);
      expect(value(row.totals.consumers)).toBe(1);
    }
  });

  it("silent drop: every broker number is ordinary (the fault is elsewhere), none of them a gap", async () => {
    const row = await replayed("checkout-silent-drop");
    for (const d of row.destinations.filter((x) => !x.delayFor)) {
      for (const figure of [d.consumers, d.backlog, d.ackPublishRatio, d.dlqDepth])
        expect(figure.kind, `${d.name}: ${JSON.stringify(figure)}`).toBe("value");
      expect(d.strangers).toEqual({ ok: true, names: [], anonymous: 0 });
    }
    expect(value(row.totals.dlqDepth)).toBe(0);
  });
});

describe("number row without data", () => {
  it("a broker that did not answer leaves gaps with its reason, never zeros", async () => {
    const { signals, analysis } = await evaluate(workflow("checkout-dlq-growth"), { fromMs: 0, toMs: 1 }, { config });
    const failed = { ...signals, state: { ok: false as const, source: "rabbitmq", reason: "connection refused" } };
    const row = numberRow(workflow("checkout-dlq-growth"), failed, analysis);
    const notification = dest(row, "order_confirmed.notification");
    expect(notification.dlqDepth).toEqual({ kind: "gap", reason: "connection refused" });
    expect(notification.strangers).toEqual({ ok: false, reason: "connection refused" });
    expect(row.totals.dlqDepth.kind).toBe("gap");
    expect(figureText(row.totals.dlqDepth, "count")).toBe("no data");
    // Depth and consumers still read from Prometheus, as the checks do.
    expect(notification.backlog).toMatchObject({ kind: "value", from: "Prometheus" });
  });

  it("a sum with one unknown part is unknown", () => {
    const read = (v: number): Figure => ({ kind: "value", value: v, atMs: 1000 + v, from: "x" });
    expect(sumFigures([read(1), read(2)])).toEqual({ kind: "value", value: 3, atMs: 1001, from: "x" });
    expect(sumFigures([read(1), { kind: "gap", reason: "down" }])).toEqual({ kind: "gap", reason: "down" });
  });
});
