// The checkout workflow on Redis Streams, as lab processes: `producer <rate>` XADDs confirmed
// orders to one stream; `consumer <group> <name>` reads it through its consumer group
// (XREADGROUP … >), handles each entry and XACKs it. Trace context rides in the entry's
// `traceparent` field (Redis entries have no headers), so a checkout is one trace in Jaeger
// across the stream, with semconv messaging.system=redis.
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { createClient } from "redis";
import { faultWatcher } from "../faults";
import { onShutdown, sleep, startTelemetry } from "../services/telemetry";
import { ensureGroup } from "./groups";
import { REDIS_STREAMS, STREAM_MAXLEN, redisUrl } from "./config";

const STREAM = REDIS_STREAMS.orderConfirmed;

async function producer(rate: number) {
  const faults = faultWatcher();
  const telemetry = startTelemetry("redis-order-service");
  const client = createClient({ url: redisUrl });
  client.on("error", (err: Error) => telemetry.log("error", `redis: ${err.message}`));
  await client.connect();
  let stopping = false;
  onShutdown(telemetry, async () => {
    stopping = true;
    await client.quit();
  });
  let n = 0;
  while (!stopping) {
    n += 1;
    const orderId = `r-${Date.now()}-${n}`;
    await telemetry.tracer.startActiveSpan(`send ${STREAM}`, { kind: SpanKind.PRODUCER }, async (span) => {
      const fields: Record<string, string> = { order_id: orderId, amount: String(10 + (n % 90)) };
      // redis-poison-messages: an entry the receipts group cannot parse (lab/redis/lanes.ts).
      const poison = faults()["redis-poison-messages"];
      if (poison && Math.random() < (poison.share ?? 0.2)) fields.poison = "1";
      propagation.inject(context.active(), fields);
      try {
        const id = await client.xAdd(STREAM, "*", fields, {
          TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: STREAM_MAXLEN },
        });
        span.setAttributes({
          "messaging.system": "redis",
          "messaging.operation.type": "send",
          "messaging.destination.name": STREAM,
          "messaging.message.id": id,
        });
        // One line per order, like every lab service: its silence then means it stopped.
        telemetry.log("info", "order confirmed entry added", { order_id: orderId, entry: id });
      } catch (err) {
        span.recordException(err as Error);
        telemetry.log("error", `XADD failed: ${(err as Error).message}`, { order_id: orderId });
      } finally {
        span.end();
      }
    });
    await sleep(1000 / rate);
  }
}

async function consumer(group: string, name: string) {
  const service = `redis-${group}-service`;
  const telemetry = startTelemetry(service);
  const client = createClient({ url: redisUrl });
  client.on("error", (err: Error) => telemetry.log("error", `redis: ${err.message}`));
  await client.connect();
  await ensureGroup(client, STREAM, group);
  let stopping = false;
  onShutdown(telemetry, async () => {
    stopping = true;
    await client.quit();
  });
  while (!stopping) {
    const reply = await client.xReadGroup(group, name, { key: STREAM, id: ">" }, { COUNT: 10, BLOCK: 1000 });
    const entries = (reply as { messages: { id: string; message: Record<string, string> }[] }[] | null)?.[0]?.messages;
    for (const entry of entries ?? []) {
      const parent = propagation.extract(ROOT_CONTEXT, entry.message);
      const span = telemetry.tracer.startSpan(
        `process ${STREAM}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            "messaging.system": "redis",
            "messaging.operation.type": "process",
            "messaging.destination.name": STREAM,
            "messaging.consumer.group.name": group,
            "messaging.message.id": entry.id,
          },
          links: trace.getSpanContext(parent) ? [{ context: trace.getSpanContext(parent)! }] : [],
        },
        parent,
      );
      telemetry.log("info", "order handled", { order_id: entry.message.order_id, entry: entry.id, group });
      await client.xAck(STREAM, group, entry.id);
      span.end();
    }
  }
}

const [role, ...args] = process.argv.slice(2);
if (role === "producer") await producer(Number(args[0] ?? 2));
else if (role === "consumer" && args[0] && args[1]) await consumer(args[0], args[1]);
else
  throw new Error(
    `usage: checkout.ts producer <rate> | consumer <group> <name> (got ${process.argv.slice(2).join(" ")})`,
  );
