// NATS JetStream's part of asyncscope.yaml: `sources.nats`, and a workflow destination (a stream
// with its consumer). Field docs: docs/nats-jetstream.md.
import { z } from "zod";
import { basicAuth, consumerMatcher, duration, httpUrl, staleAfter, timeoutMs } from "@/lib/config/fields";
import { normaliseMatchers } from "@/lib/config/consumers";
import type { BrokerVocabulary, DestinationConfig } from "@/lib/domain/destination";
import { samplerConfig } from "../sampler";

/**
 * prometheus-nats-exporter's names with `-jsz=consumers` (collector/jsz.go: namespace
 * "jetstream", labels stream_name and consumer_name). Each is overridable in `metricNames`.
 */
export const DEFAULT_METRIC_NAMES = {
  waiting: "jetstream_consumer_num_pending",
  inFlight: "jetstream_consumer_num_ack_pending",
  /** Outstanding pull requests: the only liveness the exporter has (push_bound is not exported). */
  consumers: "jetstream_consumer_num_waiting",
  /** Monotonic per consumer: every delivery, redeliveries included, takes a consumer sequence. */
  delivered: "jetstream_consumer_delivered_consumer_seq",
  /** The ack floor's consumer sequence: everything at or below it is acknowledged. */
  acked: "jetstream_consumer_ack_floor_consumer_seq",
  /** A gauge: messages now pending that were delivered more than once. */
  redelivered: "jetstream_consumer_num_redelivered",
  /** Per stream, not per consumer: the stream's last sequence grows by one per stored message. */
  published: "jetstream_stream_last_seq",
} as const;
export type JetStreamMetricName = keyof typeof DEFAULT_METRIC_NAMES;

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "expected a Prometheus metric name");
const name = z.string().regex(/^[^\s.*>]+$/, "expected a JetStream name (no spaces, dots or wildcards)");

export const natsSourceSchema = z.strictObject({
  /** The server's HTTP monitoring endpoint (`http: 8222` in its config), read at /jsz. */
  monitorUrl: httpUrl,
  ...basicAuth,
  timeoutMs,
  staleAfter,
  /** Only this account's streams (/jsz?acc=…); the default account of a server without accounts is $G. */
  account: z.string().min(1).optional(),
  /**
   * A pull consumer counts as alive while a pull request waits (num_waiting) or while it
   * delivered or was acked this recently: a client busy with a batch has no request waiting.
   */
  activeWithin: duration.default(30),
  /** Dead letters: a stream that captures $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.> advisories. */
  deadLetters: z
    .strictObject({
      /** The NATS URL the JetStream API is asked on (the advisories' per-consumer counts and sequences). */
      natsUrl: z.string().regex(/^(nats|tls):\/\/\S+$/, "expected a nats:// or tls:// URL"),
      advisoryStream: name,
    })
    .optional(),
  /** For exporters that name the series differently; each defaults to prometheus-nats-exporter's. */
  metricNames: z
    .strictObject({
      waiting: metricName.optional(),
      inFlight: metricName.optional(),
      consumers: metricName.optional(),
      delivered: metricName.optional(),
      acked: metricName.optional(),
      redelivered: metricName.optional(),
      published: metricName.optional(),
      /**
       * The exporter has no oldest-message timestamp: name a gauge of the stream's first_ts in
       * seconds, labelled stream_name and consumer_name, if something exports one.
       */
      oldestTimestamp: metricName.optional(),
    })
    .optional(),
  /**
   * Asyncscope samples /jsz itself and serves it under prometheus-nats-exporter's -jsz names at
   * /api/metrics, for Prometheus to keep (off when the team runs the exporter).
   */
  sampler: samplerConfig,
});
export type NatsConfig = z.output<typeof natsSourceSchema>;

/** The words people see for JetStream's things. */
export const NATS_VOCABULARY: BrokerVocabulary = {
  broker: "NATS JetStream",
  destination: "consumer",
  destinations: "consumers",
  deadLetter: "max-deliveries advisory stream",
  consumer: "consumer",
  metricsHint: "is prometheus-nats-exporter scraped with -jsz=consumers?",
  anonymousConsumerHint: "make it durable (durable_name) so it can be told apart",
  noDeadLetterRoute:
    "has no advisory stream capturing its max-deliveries advisories (sources.nats.deadLetters): messages past max_deliver stay in the stream unseen",
};

export const NATS_LABEL = {
  name: "NATS",
  authHint: "check sources.nats username/password (the monitoring endpoint's http authorization)",
};

/** The consumer identities JetStream gives and the config may match on. */
export const NATS_CONSUMER_IDENTITIES = [
  "consumer",
  "stream",
  "filterSubject",
  "deliverGroup",
  "description",
  "kind",
] as const;

/** A destination's key: stream and consumer. */
export function consumerKey(stream: string, consumer: string): string {
  return `${stream}/${consumer}`;
}

export function consumerRef(stream: string, consumer: string): DestinationConfig["ref"] {
  return { key: consumerKey(stream, consumer), name: consumer, identity: { stream, consumer } };
}

export const natsDestinationSchema = z
  .strictObject({
    stream: name,
    /** The durable consumer (pull or push) the workflow's service reads the stream through. */
    consumer: name,
    /**
     * Other consumers of the stream allowed to read the workflow's subjects (an audit log…).
     * The declared consumer itself is always allowed; any other consumer whose filter overlaps
     * its subjects is an undeclared consumer.
     */
    consumers: z.array(consumerMatcher).default([]),
  })
  .transform((input, ctx): DestinationConfig => {
    const others = normaliseMatchers(input.consumers, NATS_CONSUMER_IDENTITIES, ctx);
    return { ref: consumerRef(input.stream, input.consumer), consumers: [{ consumer: input.consumer }, ...others] };
  });
