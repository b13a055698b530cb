// The consumers of the Redis Streams fault lanes (config.ts, REDIS_LANES): `lanes.ts <service>
// <group>…` reads the checkout stream through each group (consumer `<group>-1`), continues the
// producer's trace from the entry's traceparent in a CONSUMER span with its work in a child span,
// and XACKs. The faults that change behaviour in place are read from .lab/faults.json every
// second (lab/redis/faults.ts):
//   redis-stalled-consumer  shipping takes a batch and hangs: it reads no more and acks nothing
//   redis-slow-consumer     loyalty takes --delay-ms per entry
//   redis-poison-messages   receipts cannot parse what the producer marks bad: it leaves the entry
//                           pending, claims it again (XPENDING IDLE, XCLAIM) until it was delivered more
//                           than the limit, then leaves it there
//   redis-silent-drop       stock acks a --share of entries without the work, without a line
// The crash-loop lane's service refuses to start without INVOICE_API_TOKEN (lab/redis/faults.ts
// starts it without, under the supervisor).
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { createClient } from "redis";
import { faultWatcher } from "../faults";
import { onShutdown, sleep, startTelemetry } from "../services/telemetry";
import { ensureGroup } from "./groups";
import {
  isRedisLane,
  REDIS_LANES,
  REDIS_MAX_DELIVERIES,
  REDIS_RETRY_AFTER_MS,
  REDIS_STREAMS,
  redisUrl,
  type RedisLane,
} from "./config";

const STREAM = REDIS_STREAMS.orderConfirmed;
const [service, ...laneArgs] = process.argv.slice(2);
const lanes = laneArgs.filter(isRedisLane);
if (!service || lanes.length === 0 || lanes.length !== laneArgs.length)
  throw new Error(`usage: lanes.ts <service> <group>… (groups: ${Object.keys(REDIS_LANES).join(", ")})`);

const t = startTelemetry(service);
if (lanes.includes("invoicing") && !process.env.INVOICE_API_TOKEN) {
  t.log("error", "INVOICE_API_TOKEN is not set: cannot reach the invoicing API, exiting");
  await sleep(1500); // let the line and the span batch leave
  process.exit(1);
}
const faults = faultWatcher();
let stopping = false;
const clients: { quit(): Promise<unknown> }[] = [];
onShutdown(t, async () => {
  stopping = true;
  await Promise.all(clients.map((c) => c.quit()));
});

type Entry = { id: string; message: Record<string, string> };
const newClient = () => createClient({ url: redisUrl });
type Client = ReturnType<typeof newClient>;

async function handle(client: Client, lane: RedisLane, entry: Entry, deliveries: number): Promise<void> {
  const parent = propagation.extract(ROOT_CONTEXT, entry.message);
  const span = t.tracer.startSpan(
    `process ${lane}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "redis",
        "messaging.operation.type": "process",
        "messaging.destination.name": STREAM,
        "messaging.consumer.group.name": lane,
        "messaging.message.id": entry.id,
      },
    },
    parent,
  );
  try {
    const slow = faults()["redis-slow-consumer"];
    if (lane === "loyalty" && slow) await sleep(slow.delayMs ?? 1500);
    if (lane === "receipts" && entry.message.poison === "1") {
      // Left pending: claimed again after REDIS_RETRY_AFTER_MS, until the delivery limit.
      span.setStatus({ code: SpanStatusCode.ERROR, message: "unparseable order" });
      t.log("error", "cannot parse the order; left pending for another try", { entry: entry.id, lane, deliveries });
      return;
    }
    const drop = faults()["redis-silent-drop"];
    if (lane === "stock" && drop && Math.random() < (drop.share ?? 0.3)) {
      await client.xAck(STREAM, lane, entry.id); // the bug: acked, no work, no line
      return;
    }
    context.with(trace.setSpan(parent, span), () => t.tracer.startSpan(`${lane}.handle`).end());
    t.log("info", `${lane} handled the order`, { order_id: entry.message.order_id, entry: entry.id, group: lane });
    await client.xAck(STREAM, lane, entry.id);
  } finally {
    span.end();
  }
}

const PAGE = 100;

/**
 * The group's pending entries idle past the retry delay and delivered no more than the limit:
 * the ones to try again. Entries past the limit are not claimed again, so they stay in the PEL
 * and their idle time grows (XAUTOCLAIM would claim them too, and reset it every retry).
 */
async function retryable(client: Client, lane: RedisLane): Promise<{ id: string; deliveries: number }[]> {
  const found: { id: string; deliveries: number }[] = [];
  let start = "-";
  for (;;) {
    const page = (await client.sendCommand([
      "XPENDING",
      STREAM,
      lane,
      "IDLE",
      String(REDIS_RETRY_AFTER_MS),
      start,
      "+",
      String(PAGE),
    ])) as [string, string, number, number][];
    for (const [id, , , deliveries] of page)
      if (Number(deliveries) <= REDIS_MAX_DELIVERIES) found.push({ id, deliveries: Number(deliveries) });
    if (page.length < PAGE) return found;
    start = `(${page[page.length - 1]![0]}`;
  }
}

async function consumeLane(lane: RedisLane) {
  const client = newClient();
  client.on("error", (err: Error) => t.log("error", `redis: ${err.message}`));
  await client.connect();
  clients.push(client);
  await ensureGroup(client, STREAM, lane);
  const name = `${lane}-1`;
  t.log("info", `consuming ${STREAM} as ${name} in group ${lane}`);
  while (!stopping) {
    if (lane === "shipping" && faults()["redis-stalled-consumer"]) {
      await sleep(1000); // hung: no read, no ack; the consumer stays registered
      continue;
    }
    if (lane === "receipts") {
      // Entries that failed come back once idle; past the limit they are left as dead letters.
      for (const { id, deliveries } of (await retryable(client, lane)).slice(0, 10)) {
        const claimed = (await client.sendCommand([
          "XCLAIM",
          STREAM,
          lane,
          name,
          String(REDIS_RETRY_AFTER_MS),
          id,
        ])) as ([string, string[]] | null)[];
        const fields = claimed[0]?.[1];
        if (!fields) continue; // trimmed from the stream meanwhile, or claimed by another
        const message = Object.fromEntries(
          Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i]!, fields[2 * i + 1]!]),
        );
        await handle(client, lane, { id, message }, deliveries + 1);
      }
    }
    const reply = await client.xReadGroup(lane, name, { key: STREAM, id: ">" }, { COUNT: 10, BLOCK: 1000 });
    const entries = (reply as { messages: Entry[] }[] | null)?.[0]?.messages;
    for (const entry of entries ?? []) await handle(client, lane, entry, 1);
  }
}

await Promise.all(lanes.map(consumeLane));
