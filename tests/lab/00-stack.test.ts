// The lab as a whole: checkout traces cross order-service → RabbitMQ → both consumers with the
// span names Asyncscope's example config expects; Prometheus has the broker's per-queue series,
// the services' counters and Jaeger's span metrics; VictoriaLogs has a trace's lines.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBundleFile } from "@/lib/sources/recording/file";
import { byTrace, jaegerSpans, lab, ports, promQuery, Q, urls, waitUntil } from "./helpers";

const SERVER = 2,
  INTERNAL = 1,
  PRODUCER = 4,
  CONSUMER = 5,
  CLIENT = 3;

describe("lab stack", () => {
  it("status reports every component running, the queues and a checkout rate", async () => {
    const r = await lab("status");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const c of [
      "epmd",
      "rabbitmq",
      "jaeger",
      "prometheus",
      "victorialogs",
      "order-service",
      "notification-service",
      "inventory-service",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`${c}\\s+running`));
    }
    expect(r.stdout).toContain(Q.notification);
    expect(r.stdout).toMatch(/checkout rate \(1m, Prometheus\): \d/);
  });

  it("a checkout trace crosses order-service → RabbitMQ → both consumers, consumers link to the producer", async () => {
    const trace = await waitUntil(
      "a complete checkout trace in Jaeger",
      async () => {
        const spans = await jaegerSpans("order-service", 30_000);
        for (const t of byTrace(spans).values()) {
          if (
            t.some((s) => s.name === "stock.update") &&
            t.some((s) => s.name === "process order_confirmed.notification")
          )
            return t;
        }
        return undefined;
      },
      60_000,
      2000,
    );
    const find = (name: string) => {
      const s = trace.find((x) => x.name === name);
      expect(s, `span ${name}`).toBeDefined();
      return s!;
    };
    const root = find("POST /checkout");
    const publish = find("publish orders");
    const notif = find("process order_confirmed.notification");
    const inv = find("process order_confirmed.inventory");
    const stock = find("stock.update");
    expect([root.service, root.kind, root.parentSpanId || undefined]).toEqual(["order-service", SERVER, undefined]);
    expect([publish.service, publish.kind, publish.parentSpanId]).toEqual(["order-service", PRODUCER, root.spanId]);
    expect([notif.service, notif.kind, notif.parentSpanId]).toEqual(["notification-service", CONSUMER, publish.spanId]);
    expect([inv.service, inv.kind, inv.parentSpanId]).toEqual(["inventory-service", CONSUMER, publish.spanId]);
    expect([stock.service, stock.kind, stock.parentSpanId]).toEqual(["inventory-service", INTERNAL, inv.spanId]);
    expect(find("smtp.send").kind).toBe(CLIENT);
    for (const consumer of [notif, inv]) {
      expect(consumer.links?.map((l) => l.spanId)).toEqual([publish.spanId]);
    }
  });

  it("Prometheus has per-queue broker series, the services' decision counters and span metrics", async () => {
    const ready = await waitUntil("rabbitmq_queue_messages_ready per queue", async () => {
      const r = await promQuery("rabbitmq_queue_messages_ready");
      const queues = new Set(r.map((x) => x.metric.queue));
      return [Q.notification, Q.inventory, Q.retry, Q.notificationDlq, Q.inventoryDlq].every((q) => queues.has(q))
        ? r
        : undefined;
    });
    expect(ready.length).toBeGreaterThanOrEqual(5);

    const consumers = await promQuery(`rabbitmq_queue_consumers{queue="${Q.inventory}"}`);
    expect(consumers.map((x) => Number(x.value[1]))).toEqual([1]);

    const processed = await promQuery("sum by (service) (lab_messages_processed_total)");
    expect(processed.map((x) => x.metric.service).sort()).toEqual(["inventory-service", "notification-service"]);
    for (const name of [
      "lab_messages_dropped_total",
      "lab_messages_dead_lettered_total",
      "lab_checkouts_total",
      "lab_stock_updates_total",
    ]) {
      expect((await promQuery(name)).length, name).toBeGreaterThan(0);
    }

    const spanMetrics = await waitUntil("span metrics for the consumer", async () => {
      const r = await promQuery(
        `traces_span_metrics_calls_total{service_name="inventory-service",span_kind="SPAN_KIND_CONSUMER"}`,
      );
      return r.length > 0 ? r : undefined;
    });
    expect(spanMetrics[0]!.metric.span_name).toBe("process order_confirmed.inventory");
  });

  it("VictoriaLogs returns a trace's lines from every service it touched, with trace and span ids", async () => {
    const spans = await jaegerSpans("inventory-service", 20_000, { "query.operation_name": "stock.update" });
    const traceId = spans[0]?.traceId;
    expect(traceId, "a recent stock.update trace").toBeDefined();
    // The services ship every 500 ms; give the last consumer's line a moment to arrive.
    const lines = await waitUntil(
      "the trace's lines from all three services in VictoriaLogs",
      async () => {
        const q = new URLSearchParams({ query: `_time:5m trace_id:${traceId}` });
        const res = await fetch(`${urls.victoriaLogs}/select/logsql/query?${q}`);
        expect(res.status).toBe(200);
        const rows = (await res.text())
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { service: string; trace_id: string; span_id: string; _msg: string });
        return new Set(rows.map((l) => l.service)).size === 3 ? rows : undefined;
      },
      15_000,
      1000,
    );
    expect(lines.every((l) => l.trace_id === traceId && /^[0-9a-f]{16}$/.test(l.span_id))).toBe(true);
    expect(lines.map((l) => l._msg)).toEqual(expect.arrayContaining(["order confirmed", "stock updated"]));

    const bad = await fetch(`${urls.victoriaLogs}/select/logsql/query?query=${encodeURIComponent("trace_id:(")}`);
    expect(bad.status).toBe(400);
  });

  it("the order service answers checkouts on its configured port", async () => {
    const res = await fetch(`http://127.0.0.1:${ports.orderService}/checkout`, {
      method: "POST",
      body: JSON.stringify({ sku: "SKU-0007", qty: 1 }),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { orderId: string }).orderId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("record refuses bad arguments with a message", async () => {
    const unknown = await lab("record", "no-such-fault", "1");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('expected a fault name or "none", got no-such-fault');
    const minutes = await lab("record", "none", "0");
    expect(minutes.code).not.toBe(0);
    expect(minutes.stderr).toContain("expected minutes in (0, 60]");
  });

  it("record captures a bundle of the live lab that reads back with the checkout workflow's signals", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "asyncscope-record-")), "none.json.gz");
    const r = await lab("record", "none", "0.5", "--baseline-minutes", "0", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const bundle = readBundleFile(out);
    expect(bundle.workflows.map((w) => w.config.id)).toEqual(["checkout"]);
    expect(Date.parse(bundle.window.to) - Date.parse(bundle.window.from)).toBeGreaterThanOrEqual(29_000);
    expect(
      bundle.sources.every((s) => s.status === "ok"),
      JSON.stringify(bundle.sources),
    ).toBe(true);
    expect(bundle.workflows[0]!.signals.workflowId).toBe("checkout");
    expect(bundle.label).toContain("no fault recorded from the lab");
  }, 240_000);
});
