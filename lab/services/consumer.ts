// The common consumer loop: connect with a recognisable connection name (RabbitMQ shows it in
// the queue's consumer_details), declare the topology, consume one queue, count every outcome.
import type { Channel, ConsumeMessage } from "amqplib";
import client from "prom-client";
import { rabbit } from "../config";
import { declareTopology } from "../topology";
import { type Telemetry, instrumented, onShutdown, serveMetrics } from "./telemetry";

export type Outcome =
  | { branch: "processed" }
  | { branch: "dropped"; reason: string }
  | { branch: "retried"; reason: string }
  | { branch: "dead-lettered"; reason: string }
  /** Acked with no trace in logs or metrics: only the silent-drop fault returns this. */
  | { branch: "silently-acked" }
  /** Acked without processing and without a metric; the handler logged why (silent-drop --logged). */
  | { branch: "skipped" };

export interface ConsumerSpec {
  telemetry: Telemetry;
  queue: string;
  metricsPort: number;
  prefetch?: number;
  handle(msg: ConsumeMessage, ch: Channel): Promise<Outcome>;
}

export async function runConsumer(spec: ConsumerSpec): Promise<void> {
  const { telemetry: t, queue } = spec;
  const { amqp, http } = instrumented();

  const labels = ["queue", "reason"] as const;
  const processed = new client.Counter({
    name: "lab_messages_processed_total",
    help: "Messages handled successfully",
    labelNames: ["queue"],
    registers: [t.registry],
  });
  const dropped = new client.Counter({
    name: "lab_messages_dropped_total",
    help: "Messages acked without processing because they failed validation",
    labelNames: labels,
    registers: [t.registry],
  });
  const retried = new client.Counter({
    name: "lab_messages_retried_total",
    help: "Messages sent to the retry queue after a transient failure",
    labelNames: labels,
    registers: [t.registry],
  });
  const deadLettered = new client.Counter({
    name: "lab_messages_dead_lettered_total",
    help: "Messages rejected without requeue (to the DLQ)",
    labelNames: labels,
    registers: [t.registry],
  });
  const duration = new client.Histogram({
    name: "lab_message_processing_seconds",
    help: "Time from delivery to settlement",
    labelNames: ["queue"],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [t.registry],
  });
  // Pre-create series so a zero is a real zero in Prometheus, not a missing series.
  processed.inc({ queue }, 0);
  dropped.inc({ queue, reason: "invalid" }, 0);
  deadLettered.inc({ queue, reason: "unparseable" }, 0);

  const metricsServer = serveMetrics(http, t.registry, spec.metricsPort);
  const conn = await amqp.connect(rabbit.amqpUrl, { clientProperties: { connection_name: t.service } });
  conn.on("error", (err: Error) => t.log("error", "amqp connection error", { error: err.message }));
  conn.on("close", () => {
    // Losing the broker is fatal for a lab consumer; the supervisor or the operator restarts it.
    t.log("error", "amqp connection closed, exiting");
    void t.shutdown().finally(() => process.exit(1));
  });
  const ch = await conn.createChannel();
  await declareTopology(ch);
  await ch.prefetch(spec.prefetch ?? 1);

  await ch.consume(queue, (msg) => {
    if (msg === null) {
      t.log("warn", "consumer cancelled by the broker", { queue });
      return;
    }
    const started = process.hrtime.bigint();
    spec
      .handle(msg, ch)
      .then((outcome) => {
        const fields = { queue, message_id: msg.properties.messageId };
        switch (outcome.branch) {
          case "processed":
            processed.inc({ queue });
            t.log("info", "message processed", fields);
            break;
          case "dropped":
            dropped.inc({ queue, reason: outcome.reason });
            t.log("warn", "message dropped", { ...fields, reason: outcome.reason });
            break;
          case "retried":
            retried.inc({ queue, reason: outcome.reason });
            // Info, not warn: a transient failure that is retried is the designed path (the
            // healthy lab retries ~2% of emails, and the last attempt always succeeds).
            t.log("info", "message sent to retry", { ...fields, reason: outcome.reason });
            break;
          case "dead-lettered":
            deadLettered.inc({ queue, reason: outcome.reason });
            t.log("error", "message dead-lettered", { ...fields, reason: outcome.reason });
            break;
          case "silently-acked":
            break; // the bug under test: no log, no metric
          case "skipped":
            break; // logged by the handler
        }
        duration.observe({ queue }, Number(process.hrtime.bigint() - started) / 1e9);
      })
      .catch((err: Error) => {
        // A bug in the handler itself: reject to the DLQ so the message is not lost, and say so.
        deadLettered.inc({ queue, reason: "handler_error" });
        t.log("error", "handler failed, message dead-lettered", { queue, error: err.message });
        ch.nack(msg, false, false);
      });
  });
  t.log("info", "consuming", { queue });

  onShutdown(t, async () => {
    conn.removeAllListeners("close");
    metricsServer.close();
    await conn.close();
  });
}
