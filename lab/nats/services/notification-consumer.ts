// The JetStream variant of the notification service: reads ORDERS through the durable pull
// consumer `notification`, each message in a CONSUMER span continuing the producer's trace
// from the message headers, and acknowledges it.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { onShutdown, startTelemetry } from "../../services/telemetry";
import { NATS_TOPOLOGY as T, natsUrls } from "../config";
import { contextFromHeaders, natsAttributes } from "./trace-headers";

const SERVICE = "nats-notification-service";
const t = startTelemetry(SERVICE);
const { jetstream } = await import("@nats-io/jetstream");
const { connect } = await import("@nats-io/transport-node");

const consumerName = T.consumers.notification.name;
const nc = await connect({ servers: natsUrls.client, name: SERVICE });
const consumer = await jetstream(nc).consumers.get(T.stream, consumerName);
const messages = await consumer.consume({ max_messages: 10 });
onShutdown(t, async () => {
  await messages.close();
  await nc.drain();
});
t.log("info", `consuming ${T.stream}/${consumerName}`);

for await (const m of messages) {
  const span = t.tracer.startSpan(
    `process ${m.subject}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...natsAttributes(m.subject, "process", consumerName), "messaging.nats.stream_sequence": m.seq },
    },
    contextFromHeaders(m.headers),
  );
  try {
    const order = JSON.parse(m.string()) as { orderId?: string };
    t.log("info", "notification sent", { orderId: order.orderId, streamSeq: m.seq, deliveries: m.info.deliveryCount });
    m.ack();
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    t.log("error", "could not handle the message; left for redelivery", {
      streamSeq: m.seq,
      error: (err as Error).message,
    });
    m.nak();
  } finally {
    span.end();
  }
}
