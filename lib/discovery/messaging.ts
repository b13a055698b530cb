// What a span says about messaging, across the semantic-convention versions instrumentations
// still write: messaging.destination.name (1.17+; amqplib's instrumentation writes
// "exchange:routingKey" there for a publish and "exchange:routingKey:queue" for a consume),
// messaging.source.name (consumers, 1.17–1.20), messaging.destination (before 1.17) and the
// RabbitMQ routing-key attributes (old and new spelling).
import type { AttributeValue, Span } from "@/lib/domain/trace";

function text(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === "string") return value.value;
  if (value.type === "int" || value.type === "double") return String(value.value);
  return undefined;
}

function attribute(span: Span, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = text(span.attributes[name]);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

const OPERATION = ["messaging.operation.type", "messaging.operation", "messaging.operation.name"];

/** A span that publishes: kind producer, or a messaging operation of publish/send/create. */
export function isPublish(span: Span): boolean {
  if (span.kind === "producer") return true;
  const operation = attribute(span, ...OPERATION);
  return span.kind !== "consumer" && (operation === "publish" || operation === "send" || operation === "create");
}

/** A span that handles a delivered message: kind consumer, or a process/receive/deliver operation. */
export function isConsume(span: Span): boolean {
  if (span.kind === "consumer") return true;
  const operation = attribute(span, ...OPERATION);
  return operation === "process" || operation === "receive" || operation === "deliver";
}

/** Where a publish goes: its exchange ("" is RabbitMQ's default exchange) and routing key. */
export function publishTarget(span: Span): { exchange: string; routingKey?: string } | undefined {
  const routingKey = attribute(span, "messaging.rabbitmq.destination.routing_key", "messaging.rabbitmq.routing_key");
  const name = attribute(span, "messaging.destination.name");
  if (name !== undefined) {
    const [exchange, key] = name.split(":");
    const ex = exchange === "amq.default" ? "" : exchange!;
    return { exchange: ex, ...((key ?? routingKey) !== undefined ? { routingKey: key ?? routingKey } : {}) };
  }
  const old = span.attributes["messaging.destination"];
  if (old && text(old) !== undefined) {
    return { exchange: text(old)!, ...(routingKey !== undefined ? { routingKey } : {}) };
  }
  return routingKey !== undefined ? { exchange: "", routingKey } : undefined;
}

/**
 * The group a consume span read in (semconv 1.27+ messaging.consumer.group.name; Kafka's older
 * attribute before it): the Kafka group, the JetStream consumer, the Redis group.
 */
export function consumerGroup(span: Span): string | undefined {
  return attribute(span, "messaging.consumer.group.name", "messaging.kafka.consumer.group");
}

/**
 * The destination a consume span read from. `resolve` gives the broker's destination a name
 * stands for (a queue, a topic, the stream capturing a subject): the first candidate it knows
 * wins; without a topology, the most specific candidate.
 */
export function consumedQueue(
  span: Span,
  resolve: ((name: string) => string | undefined) | undefined,
): string | undefined {
  const candidates: string[] = [];
  const add = (value: string | undefined) => {
    if (!value) return;
    const parts = value.split(":");
    // amqplib: "exchange:routingKey:queue" — the queue is the last part.
    candidates.push(parts[parts.length - 1]!, value);
  };
  add(attribute(span, "messaging.rabbitmq.queue", "messaging.source.name"));
  add(attribute(span, "messaging.destination.name"));
  const named =
    /^(?:process|receive|deliver|consume)\s+(.+)$/i.exec(span.name)?.[1] ??
    /^(.+)\s+(?:process|receive)$/i.exec(span.name)?.[1];
  add(named);
  add(attribute(span, "messaging.destination"));
  const unique = [...new Set(candidates.filter((c) => c !== ""))];
  if (resolve) {
    for (const candidate of unique) {
      const found = resolve(candidate);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return unique[0];
}
