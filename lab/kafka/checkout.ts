// The Kafka variant of the lab's checkout workflow, one process per role:
//   producer <topic> <service>                       publishes order events (LAB_KAFKA_RATE per second)
//   consumer <topic> <group> <service> <work span>   reads them in its consumer group and does the work
// `lab up` runs the checkout (lab/kafka/stack.ts); the Kafka faults (lab/kafka/faults.ts) run
// the same roles on topics of their own, with a behaviour from LAB_KAFKA_BEHAVIOUR. Spans follow
// OpenTelemetry messaging semconv (messaging.system=kafka, send/process, destination and consumer
// group), with the trace context in the record headers (W3C traceparent), so a checkout is one
// trace; logs go to VictoriaLogs through the lab's telemetry, like the RabbitMQ services'.
//   node --import tsx lab/kafka/checkout.ts producer orders.placed order-service-kafka
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { onShutdown, sleep, startTelemetry, type Telemetry } from "../services/telemetry";
import { dltOf, type KafkaBehaviour } from "./checkout-names";
import { kafkaBootstrap } from "./config";

const RATE = Number(process.env.LAB_KAFKA_RATE ?? 2);

const behaviour = process.env.LAB_KAFKA_BEHAVIOUR as KafkaBehaviour | undefined;
const share = Number(process.env.LAB_KAFKA_SHARE ?? 0.3);
const delayMs = Number(process.env.LAB_KAFKA_DELAY_MS ?? 2000);
const rewindEveryMs = Number(process.env.LAB_KAFKA_REWIND_MS ?? 8000);
/** The rewound consumer's work per record: 4 a second against 2 published, so a replay trails. */
const replayMs = Number(process.env.LAB_KAFKA_REPLAY_MS ?? 250);

async function runProducer(topic: string, service: string) {
  const telemetry = startTelemetry(service);
  const producer = new Producer({
    clientId: service,
    bootstrapBrokers: [kafkaBootstrap],
    serializers: stringSerializers,
  });
  let running = true;
  onShutdown(telemetry, async () => {
    running = false;
    await producer.close();
  });
  telemetry.log("info", "producing order events", { topic, ratePerSecond: RATE, behaviour: behaviour ?? "healthy" });
  for (let n = 1; running; n++) {
    const orderId = `k-${Date.now().toString(36)}-${n}`;
    const poison = behaviour === "poison" && Math.random() < share;
    await telemetry.tracer.startActiveSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "kafka",
          "messaging.operation.type": "send",
          "messaging.operation.name": "send",
          "messaging.destination.name": topic,
          "messaging.kafka.message.key": orderId,
          // The names before semconv 1.24, which older dashboards and Asyncscope still read.
          "messaging.operation": "publish",
          "messaging.destination": topic,
        },
      },
      async (span) => {
        const headers: Record<string, string> = {};
        propagation.inject(context.active(), headers);
        const value = poison ? `{"orderId": "${orderId}", "total": ` : JSON.stringify({ orderId });
        try {
          await producer.send({ messages: [{ topic, key: orderId, value, headers }] });
          telemetry.log("info", "order published to kafka", { orderId, topic });
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          telemetry.log("error", "publishing to kafka failed", { orderId, topic, error: (err as Error).message });
        } finally {
          span.end();
        }
      },
    );
    await sleep(1000 / RATE);
  }
}

interface Received {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: string;
  headers: Map<string, string>;
}

async function runConsumer(topic: string, group: string, service: string, workSpan: string) {
  const telemetry = startTelemetry(service);
  const deadLetters = new Producer({
    clientId: `${service}-dlt`,
    bootstrapBrokers: [kafkaBootstrap],
    serializers: stringSerializers,
  });
  let consumer: Consumer<string, string, string, string> | undefined;
  let stopping = false;
  onShutdown(telemetry, async () => {
    stopping = true;
    await consumer?.close(true);
    await deadLetters.close();
  });

  const join = async () => {
    consumer = new Consumer({
      groupId: group,
      clientId: service,
      bootstrapBrokers: [kafkaBootstrap],
      deserializers: stringDeserializers,
      // Short, so a member that died leaves its group within seconds, as the lab's faults need.
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    return consumer.consume({
      topics: [topic],
      // Each record is committed once handled (below). The stream's autocommit would commit what
      // it fetched into its buffer, so a stuck or slow consumer would look current.
      autocommit: false,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: "earliest",
    });
  };

  let handled = 0;
  const handle = async (message: Received) => {
    const parent = propagation.extract(ROOT_CONTEXT, Object.fromEntries(message.headers));
    const producerSpan = trace.getSpanContext(parent);
    const span = telemetry.tracer.startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          "messaging.system": "kafka",
          "messaging.operation.type": "process",
          "messaging.operation.name": "process",
          "messaging.destination.name": message.topic,
          "messaging.consumer.group.name": group,
          "messaging.destination.partition.id": String(message.partition),
          "messaging.kafka.offset": Number(message.offset),
          // The names before semconv 1.27.
          "messaging.kafka.consumer.group": group,
          "messaging.operation": "process",
          "messaging.destination": message.topic,
        },
        // Semconv links the process span to the creation context; the parent keeps one trace.
        ...(producerSpan ? { links: [{ context: producerSpan }] } : {}),
      },
      parent,
    );
    await context.with(trace.setSpan(parent, span), async () => {
      if (behaviour === "slow") await sleep(delayMs);
      if (behaviour === "rewind") await sleep(replayMs);
      let order: { orderId?: string };
      try {
        order = JSON.parse(message.value) as { orderId?: string };
      } catch (err) {
        // Poison: it can never succeed, so it goes to the dead-letter topic, as Spring's
        // DeadLetterPublishingRecoverer would put it.
        span.setStatus({ code: SpanStatusCode.ERROR, message: "unparseable order event" });
        await deadLetters.send({
          messages: [{ topic: dltOf(message.topic), key: message.key, value: message.value }],
        });
        telemetry.log("error", "order event dead-lettered", {
          orderId: message.key,
          topic: message.topic,
          error: (err as Error).message,
        });
        return;
      }
      // The silent drop: the record is committed as handled, and nothing says it was not.
      if (behaviour === "drop" && Math.random() < share) return;
      await telemetry.tracer.startActiveSpan(workSpan, async (work) => {
        telemetry.log("info", `${workSpan} done`, { orderId: order.orderId, topic: message.topic });
        work.end();
      });
    });
    span.end();
    handled++;
  };

  for (;;) {
    const stream = await join();
    telemetry.log("info", "joined consumer group", { group, topic, behaviour: behaviour ?? "healthy" });
    if (behaviour === "crash") {
      // The crash loop: joins, reads for a moment, then dies on its configuration, again and again.
      setTimeout(() => {
        telemetry.log("error", "consumer failed: KAFKA_SASL_PASSWORD is not set", { group });
        void telemetry.shutdown().finally(() => process.exit(1));
      }, 3000);
    }
    const rewindAt = behaviour === "rewind" ? Date.now() + rewindEveryMs : Infinity;
    for await (const message of stream) {
      await handle({
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: String(message.key),
        value: String(message.value),
        headers: new Map([...(message.headers ?? new Map())].map(([k, v]) => [String(k), String(v)])),
      });
      await message.commit();
      if (behaviour === "stall" && handled >= 3) {
        // Stuck on a record (a lock, a call that never returns): still a member, heartbeating.
        telemetry.log("info", "waiting for the stock service", { group });
        await new Promise(() => undefined);
      }
      if (Date.now() >= rewindAt) break;
    }
    if (stopping) return;
    // Only the rewind behaviour leaves the loop: the group must be empty to have its offsets set.
    await consumer?.close(true);
    await resetToEarliest(telemetry, topic, group);
  }
}

/** The offset reset: the group leaves, its offsets go back to the log start, it joins again. */
async function resetToEarliest(telemetry: Telemetry, topic: string, group: string) {
  const admin = new Admin({ clientId: `${group}-reset`, bootstrapBrokers: [kafkaBootstrap] });
  try {
    const metadata = await admin.metadata({ topics: [topic] });
    const partitions = metadata.topics.get(topic)?.partitionsCount ?? 0;
    await admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [
        {
          name: topic,
          partitionOffsets: Array.from({ length: partitions }, (_, partition) => ({ partition, offset: 0n })),
        },
      ],
    });
    telemetry.log("info", "consumer group offsets reset to earliest", { group, topic });
  } finally {
    await admin.close();
  }
}

const [role, ...args] = process.argv.slice(2);
if (role === "producer" && args.length === 2) await runProducer(args[0]!, args[1]!);
else if (role === "consumer" && args.length === 4) await runConsumer(args[0]!, args[1]!, args[2]!, args[3]!);
else {
  console.error(
    "usage: node --import tsx lab/kafka/checkout.ts producer <topic> <service> | consumer <topic> <group> <service> <work span>",
  );
  process.exitCode = 2;
}
