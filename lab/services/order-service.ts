// order-service: POST /checkout places an order and publishes order_confirmed to the `orders`
// exchange, with message_id and the timestamp property set (RabbitMQ derives the age of the
// oldest message from it). GET /metrics serves its Prometheus metrics.
import { randomUUID } from "node:crypto";
import { trace } from "@opentelemetry/api";
import client from "prom-client";
import { ports, rabbit } from "../config";
import { faultWatcher } from "../faults";
import { declareTopology, EXCHANGE, ROUTING_KEY } from "../topology";
import { shareOf } from "./order-event";
import { instrumented, onShutdown, startTelemetry } from "./telemetry";

const SERVICE = "order-service";
const t = startTelemetry(SERVICE);
const { amqp, http } = instrumented();
const faults = faultWatcher();

const checkouts = new client.Counter({
  name: "lab_checkouts_total",
  help: "Checkouts by outcome",
  labelNames: ["outcome"],
  registers: [t.registry],
});
const published = new client.Counter({
  name: "lab_messages_published_total",
  help: "Messages published",
  labelNames: ["exchange", "routing_key"],
  registers: [t.registry],
});
checkouts.inc({ outcome: "confirmed" }, 0);
checkouts.inc({ outcome: "rejected" }, 0);
checkouts.inc({ outcome: "error" }, 0);

const conn = await amqp.connect(rabbit.amqpUrl, { clientProperties: { connection_name: SERVICE } });
conn.on("error", (err: Error) => t.log("error", "amqp connection error", { error: err.message }));
conn.on("close", () => {
  t.log("error", "amqp connection closed, exiting");
  void t.shutdown().finally(() => process.exit(1));
});
const ch = await conn.createConfirmChannel();
await declareTopology(ch);

function readBody(req: import("node:http").IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
      if (body.length > 64 * 1024) reject(new Error("body too large"));
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function reply(res: import("node:http").ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/metrics") {
    res.setHeader("content-type", t.registry.contentType);
    res.end(await t.registry.metrics());
    return;
  }
  if (req.method === "GET" && req.url === "/healthz") {
    res.end("ok\n");
    return;
  }
  if (req.method !== "POST" || req.url !== "/checkout") {
    reply(res, 404, { error: "not found" });
    return;
  }
  // The http instrumentation names server spans after the method only; add the route.
  const span = trace.getActiveSpan();
  span?.updateName("POST /checkout");
  span?.setAttribute("http.route", "/checkout");
  try {
    const input = JSON.parse((await readBody(req)) || "{}") as { sku?: unknown; qty?: unknown; email?: unknown };
    if (typeof input.sku !== "string" || typeof input.qty !== "number") {
      checkouts.inc({ outcome: "rejected" });
      t.log("warn", "checkout rejected", { reason: "sku and qty are required" });
      reply(res, 400, { error: "sku (string) and qty (number) are required" });
      return;
    }
    const orderId = randomUUID();
    const placedAt = t.now();
    const event = {
      orderId,
      sku: input.sku,
      qty: input.qty,
      email: String(input.email ?? "buyer@example.test"),
      placedAt: placedAt.toISOString(),
    };
    let body = Buffer.from(JSON.stringify(event));
    // The poison-messages fault: a serializer bug truncates a share of payloads.
    const poison = faults()["poison-messages"];
    if (poison && shareOf(orderId) < (poison.share ?? 0.2)) body = body.subarray(0, Math.floor(body.length / 2));

    span?.setAttribute("order.id", orderId);
    await new Promise<void>((resolve, reject) =>
      ch.publish(
        EXCHANGE,
        ROUTING_KEY,
        body,
        {
          messageId: orderId,
          timestamp: Math.floor(placedAt.getTime() / 1000), // AMQP timestamps are in seconds
          contentType: "application/json",
          persistent: true,
          type: "order_confirmed",
          appId: SERVICE,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    published.inc({ exchange: EXCHANGE, routing_key: ROUTING_KEY });
    checkouts.inc({ outcome: "confirmed" });
    t.log("info", "order confirmed", { order_id: orderId, sku: event.sku, qty: event.qty });
    reply(res, 202, { orderId });
  } catch (err) {
    checkouts.inc({ outcome: "error" });
    t.log("error", "checkout failed", { error: (err as Error).message });
    reply(res, 500, { error: "checkout failed" });
  }
});
server.listen(ports.orderService, "127.0.0.1", () => t.log("info", "listening", { port: ports.orderService }));

onShutdown(t, async () => {
  conn.removeAllListeners("close");
  server.close();
  await ch.waitForConfirms().catch((err: Error) => t.log("warn", "pending confirms lost", { error: err.message }));
  await conn.close();
});
