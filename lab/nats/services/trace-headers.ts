// W3C trace context in NATS message headers, through OpenTelemetry's propagation API, so a
// consumer's span continues the producer's trace as it does over AMQP in the RabbitMQ lab.
import { context, propagation, ROOT_CONTEXT, trace, type Context, type Span } from "@opentelemetry/api";
import { headers, type MsgHdrs } from "@nats-io/transport-node";

/** Headers carrying `span` as the parent of whatever consumes the message. */
export function headersWithTrace(span: Span): MsgHdrs {
  const h = headers();
  propagation.inject(trace.setSpan(context.active(), span), h, {
    set: (carrier, key, value) => carrier.set(key, value),
  });
  return h;
}

/** The producer's context from a message's headers (the root context when it has none). */
export function contextFromHeaders(h: MsgHdrs | undefined): Context {
  if (!h) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, h, {
    get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
    keys: (carrier) => carrier.keys(),
  });
}

/** Semantic-convention attributes of a NATS messaging span. */
export function natsAttributes(subject: string, operation: "send" | "process", consumer?: string) {
  return {
    "messaging.system": "nats",
    "messaging.destination.name": subject,
    "messaging.operation.type": operation,
    ...(consumer ? { "messaging.consumer.group.name": consumer } : {}),
  };
}
