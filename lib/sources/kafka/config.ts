// Kafka's part of asyncscope.yaml: `sources.kafka`, and a workflow destination (a topic read by
// a consumer group, with the dead-letter and retry topics the application declares, since
// Kafka has none of its own). Field docs: docs/kafka.md.
import { z } from "zod";
import { consumerMatcher, duration, staleAfter, timeoutMs } from "@/lib/config/fields";
import { normaliseMatchers } from "@/lib/config/consumers";
import type { BrokerVocabulary, DestinationConfig, DestinationRef } from "@/lib/domain/destination";
import { samplerConfig } from "../sampler";
import { METRIC_NAME_KEYS, type KafkaExporter } from "./metric-names";

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, "expected host:port, such as kafka-1:9092");
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "expected a Prometheus metric name");
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "expected a Prometheus label name");

/** The Burrow window the lag rules judge over when the config does not say (Burrow's default is 10 offsets). */
export const DEFAULT_LAG_WINDOW_SECONDS = 300;

export const kafkaSourceSchema = z.strictObject({
  /** Bootstrap brokers; the admin client finds the rest of the cluster from them. */
  brokers: z.array(hostPort).min(1),
  clientId: z.string().min(1).default("asyncscope"),
  timeoutMs,
  staleAfter,
  /**
   * How far back the lag rules look (Burrow's window). Offsets are sampled at each read of the
   * broker and kept this long in memory.
   */
  lagWindow: duration.default(DEFAULT_LAG_WINDOW_SECONDS),
  /** Which exporter's series hold the history, and names or labels that differ from its defaults. */
  metrics: z
    .strictObject({
      exporter: z.enum(["kafka_exporter", "kminion"]).default("kafka_exporter"),
      names: z.strictObject(Object.fromEntries(METRIC_NAME_KEYS.map((key) => [key, metricName.optional()]))).optional(),
      labels: z
        .strictObject({ group: labelName.optional(), topic: labelName.optional(), partition: labelName.optional() })
        .optional(),
    })
    .default({ exporter: "kafka_exporter" }),
  /**
   * Asyncscope samples the groups' offsets itself and serves them under kafka_exporter's names
   * at /api/metrics, for Prometheus to keep (off when the team runs kafka_exporter or KMinion).
   */
  sampler: samplerConfig,
});
export type KafkaConfig = z.output<typeof kafkaSourceSchema>;
export type { KafkaExporter };

export const KAFKA_VOCABULARY: BrokerVocabulary = {
  broker: "Kafka",
  destination: "topic",
  destinations: "topics",
  deadLetter: "dead-letter topic",
  consumer: "consumer group member",
  metricsHint: "is kafka_exporter (or KMinion) scraped, and are the metric names in sources.kafka.metrics right?",
  anonymousConsumerHint: "set client.id so the member can be told apart",
  noDeadLetterRoute: "has no dead-letter topic declared",
};

/** The identities a group member gives, for consumers: matchers. */
export const KAFKA_CONSUMER_IDENTITIES = ["clientId", "host", "memberId", "groupInstanceId", "group"] as const;

/** A destination's key: the topic and the group reading it. */
export function destinationKey(topic: string, group: string): string {
  return `${topic}@${group}`;
}

export function destinationRef(topic: string, group: string): DestinationRef {
  return { key: destinationKey(topic, group), name: topic, identity: { topic, group } };
}

/** A dead-letter or retry topic is a destination of its own, read by nobody in particular: its key is the topic. */
export function topicRef(topic: string): DestinationRef {
  return { key: topic, name: topic, identity: { topic } };
}

export const kafkaDestinationSchema = z
  .strictObject({
    topic: z.string().min(1),
    group: z.string().min(1),
    /** Who may be a member of the group (client id, host…); others are unexpected consumers. */
    consumers: z.array(consumerMatcher),
    /** Where the application puts records it gave up on (Spring's and Kafka Connect's `*.DLT`). */
    deadLetterTopics: z.array(z.string().min(1)).default([]),
    /** Retry topics between the topic and its dead-letter topics (Spring's `*-retry-N`). */
    retryTopics: z.array(z.string().min(1)).default([]),
  })
  .transform((input, ctx): KafkaDestinationConfig => {
    const consumers = normaliseMatchers(input.consumers, KAFKA_CONSUMER_IDENTITIES, ctx);
    return {
      ref: destinationRef(input.topic, input.group),
      consumers,
      deadLetterTopics: input.deadLetterTopics,
      retryTopics: input.retryTopics,
    };
  });

/** The neutral destination, with what only Kafka needs (the declared dead-letter and retry topics). */
export interface KafkaDestinationConfig extends DestinationConfig {
  deadLetterTopics: string[];
  retryTopics: string[];
}

/** The declared dead-letter and retry topics of a destination given as the neutral DestinationConfig. */
export function declaredTopics(d: DestinationConfig): { deadLetterTopics: string[]; retryTopics: string[] } {
  const k = d as Partial<KafkaDestinationConfig>;
  return { deadLetterTopics: k.deadLetterTopics ?? [], retryTopics: k.retryTopics ?? [] };
}
