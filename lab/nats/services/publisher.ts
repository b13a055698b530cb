// The JetStream variant of the checkout's producer: publishes an order-confirmed event to
// ORDERS at LAB_NATS_RATE per second (default 2), and the same order to each fault lane's stream
// (config.ts, NATS_LANES), all in one PRODUCER span whose context rides in the message headers.
// With the nats-poison-messages fault on, a share of the receipts lane's messages are not JSON.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { onShutdown, startTelemetry } from "../../services/telemetry";
import { faultWatcher } from "../../faults";
import { NATS_LANES, NATS_TOPOLOGY as T, natsUrls } from "../config";
import { headersWithTrace, natsAttributes } from "./trace-headers";

const SERVICE = "nats-order-publisher";
const t = startTelemetry(SERVICE);
const { jetstream } = await import("@nats-io/jetstream");
const { connect } = await import("@nats-io/transport-node");

const rate = Number(process.env.LAB_NATS_RATE ?? 2);
const faults = faultWatcher();
const nc = await connect({ servers: natsUrls.client, name: SERVICE });
const js = jetstream(nc);
let orderId = 0;

async function publishOne(): Promise<void> {
  const id = `nats-${process.pid}-${++orderId}`;
  const span = t.tracer.startSpan(`send ${T.confirmedSubject}`, {
    kind: SpanKind.PRODUCER,
    attributes: natsAttributes(T.confirmedSubject, "send"),
  });
  try {
    const ack = await js.publish(T.confirmedSubject, JSON.stringify({ orderId: id, at: t.now().toISOString() }), {
      headers: headersWithTrace(span),
      msgID: id,
    });
    span.setAttribute("messaging.nats.stream_sequence", ack.seq);
    const poison = faults()["nats-poison-messages"];
    for (const lane of Object.values(NATS_LANES)) {
      const bad = lane.fault === "nats-poison-messages" && poison && Math.random() < (poison.share ?? 0.2);
      const body = bad ? `{"orderId":"${id}",` : JSON.stringify({ orderId: id, at: t.now().toISOString() });
      await js.publish(lane.subject, body, { headers: headersWithTrace(span), msgID: `${id}-${lane.subject}` });
    }
    t.log("info", "order confirmed event published", { orderId: id, streamSeq: ack.seq });
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    t.log("error", "publish to JetStream failed", { orderId: id, error: (err as Error).message });
  } finally {
    span.end();
  }
}

const timer = setInterval(() => void publishOne(), 1000 / rate);
onShutdown(t, async () => {
  clearInterval(timer);
  await nc.drain();
});
t.log("info", `publishing ${rate}/s to ${T.confirmedSubject}`);
