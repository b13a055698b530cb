// notification-service: consumes order_confirmed.notification and "sends" the confirmation
// email. Transient SMTP failures go to the retry queue; the last of MAX_ATTEMPTS always succeeds.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import client from "prom-client";
import { ports } from "../config";
import { faultWatcher } from "../faults";
import { MAX_ATTEMPTS, QUEUES } from "../topology";
import { runConsumer } from "./consumer";
import { parseOrderConfirmed } from "./order-event";
import { sleep, startTelemetry } from "./telemetry";

const SERVICE = "notification-service";
const t = startTelemetry(SERVICE);

// The crash-loop story (seed 001): the deployment renamed SMTP_PASSWORD to SMTP_PASS. The
// service checks its configuration at start-up and exits; every log line before it said 200 OK.
const smtpPassword = process.env.SMTP_PASSWORD;
if (!smtpPassword) {
  t.log("error", "configuration error: SMTP_PASSWORD is not set, exiting", {
    present: Object.keys(process.env).filter((k) => k.startsWith("SMTP_")),
  });
  console.error("notification-service: SMTP_PASSWORD is not set");
  await t.shutdown();
  process.exit(78); // EX_CONFIG
}

/** Share of sends that fail with a temporary SMTP error on the normal path (exercises retries). */
const transientFailureShare = Number(process.env.LAB_SMTP_TRANSIENT_FAILURE_SHARE ?? 0.02);
const faults = faultWatcher();
const sent = new client.Counter({
  name: "lab_notifications_sent_total",
  help: "Confirmation emails sent",
  registers: [t.registry],
});

await runConsumer({
  telemetry: t,
  queue: QUEUES.notification,
  metricsPort: ports.notificationMetrics,
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
    const slow = faults()["slow-consumer"];
    if (slow?.service === SERVICE) await sleep(slow.delayMs ?? 600);

    const attempt = Number(msg.properties.headers?.["x-attempt"] ?? 1);
    const failed = await t.tracer.startActiveSpan("smtp.send", { kind: SpanKind.CLIENT }, async (span) => {
      span.setAttributes({ "order.id": parsed.event.orderId, "smtp.attempt": attempt });
      await sleep(5 + Math.random() * 15);
      // Transient failures exercise the retry queue, but the last attempt always goes through:
      // a healthy lab never dead-letters, so a dead letter in the lab is always a fault's (with
      // independent failures, 2%³ of messages reached the DLQ and a calm check saw one at random).
      const fail = attempt < MAX_ATTEMPTS && Math.random() < transientFailureShare;
      if (fail) span.setStatus({ code: SpanStatusCode.ERROR, message: "421 4.7.0 try again later" });
      span.end();
      return fail;
    });
    if (!failed) {
      sent.inc();
      ch.ack(msg);
      return { branch: "processed" };
    }
    // Through the default exchange straight into the retry queue; its TTL sends it back.
    ch.sendToQueue(QUEUES.retry, msg.content, {
      ...msg.properties,
      headers: { ...msg.properties.headers, "x-attempt": attempt + 1 },
    });
    ch.ack(msg);
    return { branch: "retried", reason: "smtp_421" };
  },
});
