// The Kafka variant of the lab's checkout workflow: `producer` publishes order events to
// orders.placed (order-service-kafka, RATE per second), `consumer` reads them in the
// notification-service group and sends the "email". Spans follow OpenTelemetry messaging
// semconv (messaging.system=kafka, send/process, destination and consumer group), with the
// trace context in the record headers (W3C traceparent), so a checkout is one trace.
//   node --import tsx lab/kafka/checkout.ts producer|consumer
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { Consumer, MessagesStreamModes, Producer, stringDeserializers, stringSerializers } from "@platformatic/kafka";
import { onShutdown, sleep, startTelemetry } from "../services/telemetry";
import { KAFKA_GROUPS, KAFKA_TOPICS, kafkaBootstrap } from "./config";

const role = process.argv[2];
const RATE = Number(process.env.LAB_KAFKA_RATE ?? 2);

async function runProducer() {
  const telemetry = startTelemetry("order-service-kafka");
  const producer = new Producer({
    clientId: "order-service-kafka",
    bootstrapBrokers: [kafkaBootstrap],
    serializers: stringSerializers,
  });
  let running = true;
  onShutdown(telemetry, async () => {
    running = false;
    await producer.close();
  });
  for (let n = 1; running; n++) {
    const orderId = `k-${Date.now().toString(36)}-${n}`;
    await telemetry.tracer.startActiveSpan(
      `send ${KAFKA_TOPICS.orders}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "kafka",
          "messaging.operation.type": "send",
          "messaging.operation.name": "send",
          "messaging.destination.name": KAFKA_TOPICS.orders,
          "messaging.kafka.message.key": orderId,
          // The names before semconv 1.24, which older dashboards and Asyncscope still read.
          "messaging.operation": "publish",
          "messaging.destination": KAFKA_TOPICS.orders,
        },
      },
      async (span) => {
        const headers: Record<string, string> = {};
        propagation.inject(context.active(), headers);
        try {
          await producer.send({
            messages: [{ topic: KAFKA_TOPICS.orders, key: orderId, value: JSON.stringify({ orderId }), headers }],
          });
          telemetry.log("info", "order published to kafka", { orderId });
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          telemetry.log("error", "publishing to kafka failed", { orderId, error: (err as Error).message });
        } finally {
          span.end();
        }
      },
    );
    await sleep(1000 / RATE);
  }
}

async function runConsumer() {
  const telemetry = startTelemetry("notification-service-kafka");
  const consumer = new Consumer({
    groupId: KAFKA_GROUPS.notification,
    clientId: "notification-service-kafka",
    bootstrapBrokers: [kafkaBootstrap],
    deserializers: stringDeserializers,
  });
  onShutdown(telemetry, async () => {
    await consumer.close(true);
  });
  const stream = await consumer.consume({
    topics: [KAFKA_TOPICS.orders],
    autocommit: 500,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: "earliest",
  });
  for await (const message of stream) {
    const headers = Object.fromEntries([...(message.headers ?? new Map())].map(([k, v]) => [String(k), String(v)]));
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const producerSpan = trace.getSpanContext(parent);
    const span = telemetry.tracer.startSpan(
      `process ${KAFKA_TOPICS.orders}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          "messaging.system": "kafka",
          "messaging.operation.type": "process",
          "messaging.operation.name": "process",
          "messaging.destination.name": message.topic,
          "messaging.consumer.group.name": KAFKA_GROUPS.notification,
          "messaging.destination.partition.id": String(message.partition),
          "messaging.kafka.offset": Number(message.offset),
          "messaging.kafka.consumer.group": KAFKA_GROUPS.notification,
        },
        // Semconv links the process span to the creation context; the parent keeps one trace.
        ...(producerSpan ? { links: [{ context: producerSpan }] } : {}),
      },
      parent,
    );
    await context.with(trace.setSpan(parent, span), async () => {
      telemetry.log("info", "order confirmation email sent", { orderId: message.key });
    });
    span.end();
  }
}

if (role === "producer") await runProducer();
else if (role === "consumer") await runConsumer();
else {
  console.error("usage: node --import tsx lab/kafka/checkout.ts producer|consumer");
  process.exitCode = 2;
}
