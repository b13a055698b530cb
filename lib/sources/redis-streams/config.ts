// Redis Streams' part of asyncscope.yaml: `sources.redis-streams`, and a workflow destination (a
// stream read by one consumer group, key `stream@group`). Field docs: docs/redis-streams.md.
import { z } from "zod";
import { basicAuth, consumerMatcher, duration, staleAfter, timeoutMs } from "@/lib/config/fields";
import { normaliseMatchers } from "@/lib/config/consumers";
import type { BrokerVocabulary, DestinationConfig, DestinationRef } from "@/lib/domain/destination";

/**
 * redis_exporter's --check-streams series. Debian's 1.45 has only `inFlight` and `consumers` of
 * these; group lag and entries-read came in later releases (scraped and checked: docs/redis-streams.md).
 * Metric names are overridable for other exporters or a --namespace other than "redis".
 */
export const DEFAULT_METRIC_NAMES = {
  waiting: "redis_stream_group_lag",
  inFlight: "redis_stream_group_messages_pending",
  consumers: "redis_stream_group_consumers",
  delivered: "redis_stream_group_entries_read",
  /** A dead-letter stream's depth (a plain stream has no group, so no lag). */
  deadLetterLength: "redis_stream_length",
} as const;
export type RedisMetricSignal = keyof typeof DEFAULT_METRIC_NAMES;

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "expected a Prometheus metric name");

export const redisSourceSchema = z.strictObject({
  /** redis:// or rediss:// (TLS); credentials go in username/password, never in the URL. */
  url: z
    .url({ protocol: /^rediss?$/, error: "expected a redis:// or rediss:// URL" })
    .refine((u) => !new URL(u).username && !new URL(u).password, {
      message: "put credentials in username/password (from ${VAR}), not in the URL",
    }),
  ...basicAuth,
  timeoutMs,
  staleAfter,
  /**
   * While entries wait, a consumer not given any for longer than this (XINFO CONSUMERS `idle`)
   * is not counted as alive (snapshot.ts says why only then). Default 30 s.
   */
  consumerIdleAfter: duration.default(30),
  /** A pending entry unacknowledged this long is stuck (XPENDING … IDLE). Default 60 s. */
  stuckAfter: duration.default(60),
  /** XPENDING reads at most this many stuck entries per group (the PEL can be long). */
  pendingScanLimit: z.number().int().min(1).max(10_000).default(1_000),
  metricNames: z
    .strictObject(Object.fromEntries(Object.keys(DEFAULT_METRIC_NAMES).map((key) => [key, metricName.optional()])))
    .optional(),
});
export type RedisConfig = z.output<typeof redisSourceSchema>;

/** State is read live at every evaluation; three 10 s polls (the evaluator's) is the default staleness. */
export const POLL_INTERVAL_SECONDS = 10;

export const REDIS_VOCABULARY: BrokerVocabulary = {
  broker: "Redis Streams",
  destination: "stream",
  destinations: "streams",
  deadLetter: "dead-letter stream",
  consumer: "consumer",
  metricsHint:
    "is redis_exporter scraped with --check-streams matching this stream (lag needs a release newer than 1.45)?",
  anonymousConsumerHint: "give each consumer a name that says which service it is (XREADGROUP GROUP <group> <name>)",
  noDeadLetterRoute: "has no dead-letter stream or delivery limit configured",
};

export const REDIS_LABEL = {
  name: "Redis",
  authHint:
    "check sources.redis-streams username/password (e.g. REDIS_PASSWORD) and the user's ACL (XINFO, XPENDING, XRANGE)",
};

/** The consumer identities Redis gives: the consumer's name within its group, and the group. */
export const REDIS_CONSUMER_IDENTITIES = ["consumer", "group"] as const;

export function groupKey(stream: string, group: string): string {
  return `${stream}@${group}`;
}

export function groupRef(stream: string, group: string): DestinationRef {
  return { key: groupKey(stream, group), name: `${stream} (${group})`, identity: { stream, group } };
}

/** A dead-letter stream: a plain stream, no group. */
export function streamRef(stream: string): DestinationRef {
  return { key: stream, name: stream, identity: { stream } };
}

/** The pending entries of a group delivered more than `max` times: dead by convention. */
export function overLimitRef(stream: string, group: string, max: number): DestinationRef {
  return {
    key: `${groupKey(stream, group)}#deliveries>${max}`,
    name: `${stream} (${group}, delivered more than ${max} times)`,
    identity: { stream, group, maxDeliveries: String(max) },
  };
}

export interface RedisDeadLetter {
  /** Entries the consumers XADD here when they give up on one. */
  stream?: string;
  /** Pending entries stuck past stuckAfter and delivered more than this count as dead. */
  maxDeliveries?: number;
}

export interface RedisDestinationConfig extends DestinationConfig {
  deadLetter?: RedisDeadLetter;
}

export const redisDestinationSchema = z
  .strictObject({
    stream: z.string().min(1),
    group: z.string().min(1),
    consumers: z.array(consumerMatcher),
    /**
     * Redis has no dead-letter mechanism: name the stream your consumers move failed entries to,
     * and/or the delivery count past which a stuck pending entry counts as dead.
     */
    deadLetter: z
      .strictObject({ stream: z.string().min(1).optional(), maxDeliveries: z.number().int().min(1).optional() })
      .refine((d) => d.stream !== undefined || d.maxDeliveries !== undefined, {
        message: "name a dead-letter stream, a maxDeliveries, or both",
      })
      .optional(),
  })
  .transform((input, ctx): RedisDestinationConfig => {
    const consumers = normaliseMatchers(input.consumers, REDIS_CONSUMER_IDENTITIES, ctx);
    return {
      ref: groupRef(input.stream, input.group),
      consumers,
      ...(input.deadLetter ? { deadLetter: input.deadLetter } : {}),
    };
  });
