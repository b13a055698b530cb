// The consumers of the JetStream fault lanes (config.ts, NATS_LANES): `lanes.ts <service>
// <lane>…` reads each lane's durable pull consumer, continues the producer's trace in a CONSUMER
// span with its work in a child span, and acks. The faults that change behaviour in place are
// read from .lab/faults.json every second (lab/nats/faults.ts):
//   nats-stalled-consumer  shipping holds what it is given, unacked, as a call that never returns
//   nats-slow-consumer     loyalty takes --delay-ms per message
//   nats-poison-messages   receipts naks what it cannot parse (the publisher sends it) until max_deliver
//   nats-silent-drop       stock acks a --share of messages without doing the work, without a word
// The crash-loop lane's service refuses to start without INVOICE_API_TOKEN (lab/nats/faults.ts
// starts it without, under the supervisor).
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { JsMsg } from "@nats-io/jetstream";
import { faultWatcher } from "../../faults";
import { onShutdown, sleep, startTelemetry } from "../../services/telemetry";
import { isNatsLane, laneWorkSpan, NATS_LANES, natsUrls, type NatsLane } from "../config";
import { contextFromHeaders, natsAttributes } from "./trace-headers";

const [service, ...laneArgs] = process.argv.slice(2);
const lanes = laneArgs.filter(isNatsLane);
if (!service || lanes.length === 0 || lanes.length !== laneArgs.length)
  throw new Error(`usage: lanes.ts <service> <lane>… (lanes: ${Object.keys(NATS_LANES).join(", ")})`);

const t = startTelemetry(service);
if (lanes.includes("invoicing") && !process.env.INVOICE_API_TOKEN) {
  t.log("error", "INVOICE_API_TOKEN is not set: cannot reach the invoicing API, exiting");
  await sleep(1500); // let the line and the span batch leave
  process.exit(1);
}
const { jetstream } = await import("@nats-io/jetstream");
const { connect } = await import("@nats-io/transport-node");
const faults = faultWatcher();
const nc = await connect({ servers: natsUrls.client, name: service });
const js = jetstream(nc);
/** The stalled lane's messages, held unacked (with their open spans) until the fault is off. */
const held: { m: JsMsg; span: Span }[] = [];

function handle(lane: NatsLane, m: JsMsg, span: Span): "acked" | "held" | "nak" {
  const state = faults();
  if (lane === "shipping" && state["nats-stalled-consumer"]) {
    held.push({ m, span });
    return "held";
  }
  let order: { orderId?: string };
  try {
    order = JSON.parse(m.string()) as { orderId?: string };
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    t.log("error", "cannot parse the message; left for redelivery", {
      lane,
      streamSeq: m.seq,
      deliveries: m.info.deliveryCount,
    });
    m.nak();
    return "nak";
  }
  const drop = state["nats-silent-drop"];
  if (lane === "stock" && drop && Math.random() < (drop.share ?? 0.3)) {
    m.ack(); // the bug: acked, no work, no line
    return "acked";
  }
  t.tracer.startSpan(laneWorkSpan(lane), { kind: SpanKind.INTERNAL }, undefined).end();
  t.log("info", `${lane} handled the order`, { lane, orderId: order.orderId, streamSeq: m.seq });
  m.ack();
  return "acked";
}

async function consumeLane(lane: NatsLane) {
  const { stream } = NATS_LANES[lane];
  const consumer = await js.consumers.get(stream, lane);
  const messages = await consumer.consume({ max_messages: 10 });
  t.log("info", `consuming ${stream}/${lane}`);
  for await (const m of messages) {
    const parent = contextFromHeaders(m.headers);
    const span = t.tracer.startSpan(
      `process ${lane}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { ...natsAttributes(m.subject, "process", lane), "messaging.nats.stream_sequence": m.seq },
      },
      parent,
    );
    const slow = faults()["nats-slow-consumer"];
    if (lane === "loyalty" && slow) await sleep(slow.delayMs ?? 1500);
    // The work span is a child of the consumer span: run handle() in its context.
    const outcome = context.with(trace.setSpan(parent, span), () => handle(lane, m, span));
    if (outcome !== "held") span.end();
  }
}

/** Un-stalls: once the fault is off, the hung call returns and the held messages are acked. */
const release = setInterval(() => {
  if (held.length === 0 || faults()["nats-stalled-consumer"]) return;
  for (const { m, span } of held.splice(0)) {
    m.ack();
    span.end();
  }
  t.log("info", "shipping: the stalled call returned, held messages acked");
}, 1000);

onShutdown(t, async () => {
  clearInterval(release);
  await nc.drain();
});
await Promise.all(lanes.map(consumeLane));
