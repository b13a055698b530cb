// RabbitMQ's part of asyncscope.yaml: `sources.rabbitmq`, and a workflow destination (a queue
// in a vhost). Field docs: docs/configuration.md.
import { z } from "zod";
import { basicAuth, consumerMatcher, httpUrl, staleAfter, timeoutMs } from "@/lib/config/fields";
import type { DestinationConfig } from "@/lib/domain/destination";
import type { BrokerVocabulary } from "@/lib/domain/destination";
import { normaliseMatchers } from "@/lib/config/consumers";

/** rabbitmq_prometheus per-object series (/metrics/per-object or /metrics/detailed). */
export const DEFAULT_METRIC_NAMES = {
  waiting: "rabbitmq_queue_messages_ready",
  inFlight: "rabbitmq_queue_messages_unacked",
  consumers: "rabbitmq_queue_consumers",
  oldestTimestamp: "rabbitmq_queue_head_message_timestamp",
  acked: "rabbitmq_channel_messages_acked_total",
  delivered: "rabbitmq_channel_messages_delivered_ack_total",
  redelivered: "rabbitmq_channel_messages_redelivered_total",
  published: "rabbitmq_queue_messages_published_total",
} as const;

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "expected a Prometheus metric name");

export const rabbitSourceSchema = z.strictObject({
  managementUrl: httpUrl,
  ...basicAuth,
  timeoutMs,
  staleAfter,
  /** For exporters that name the series differently; each defaults to rabbitmq_prometheus's name. */
  metricNames: z
    .strictObject(Object.fromEntries(Object.keys(DEFAULT_METRIC_NAMES).map((key) => [key, metricName.optional()])))
    .optional(),
});
export type RabbitConfig = z.output<typeof rabbitSourceSchema>;

/**
 * The management API is read at every evaluation, but its queue figures are only refreshed
 * every collect_statistics_interval (5 s by default): staleAfter defaults to three of those.
 */
export const STATS_INTERVAL_SECONDS = 5;

/** The words people see for RabbitMQ's things. */
export const RABBIT_VOCABULARY: BrokerVocabulary = {
  broker: "RabbitMQ",
  destination: "queue",
  destinations: "queues",
  entry: "exchange",
  deadLetter: "dead-letter queue",
  consumer: "consumer",
  metricsHint: "is rabbitmq_prometheus scraped with per-object metrics?",
  anonymousConsumerHint: "set connection_name so it can be told apart",
  noDeadLetterRoute: "has no dead-letter exchange",
  delayDestination: "delay queue",
};

/** How error messages name RabbitMQ, and what to check when it refuses our credentials. */
export const RABBIT_LABEL = {
  name: "RabbitMQ",
  authHint: "check RABBITMQ_USER/RABBITMQ_PASSWORD (sources.rabbitmq username/password) and the user's management tag",
};

/** The consumer identities RabbitMQ gives and the config may match on. */
export const RABBIT_CONSUMER_IDENTITIES = [
  "connectionName",
  "consumerTag",
  "product",
  "hostname",
  "user",
  "peerHost",
] as const;

/** A destination's key: vhost and queue name ("/" + "/" + name for the default vhost). */
export function queueKey(vhost: string, queue: string): string {
  return `${vhost}/${queue}`;
}

export function queueRef(vhost: string, queue: string): DestinationConfig["ref"] {
  return { key: queueKey(vhost, queue), name: queue, identity: { vhost, queue } };
}

export const rabbitDestinationSchema = z
  .strictObject({
    queue: z.string().min(1),
    vhost: z.string().min(1).default("/"),
    /**
     * Who may consume this queue. Anything else attached to it is an unexpected consumer. Empty
     * for a queue nobody should consume, such as a retry queue drained by its TTL.
     */
    consumers: z.array(consumerMatcher),
  })
  .transform((input, ctx): DestinationConfig => {
    const consumers = normaliseMatchers(input.consumers, RABBIT_CONSUMER_IDENTITIES, ctx);
    return { ref: queueRef(input.vhost, input.queue), consumers };
  });
