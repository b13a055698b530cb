// The broker-neutral model of a workflow's destinations: what producers write to and consumers
// read from (a RabbitMQ queue; a Kafka topic read by a consumer group; a JetStream stream with
// its consumer; a Redis stream with its group). Analysis reads only this; each broker adapter
// (lib/sources/<broker>/) maps its API and metrics into it. Every value says when it was
// observed and where it came from, because "now" is only now if the sample is recent.

/** One value with the time it was observed and where it came from. */
export interface Reading<T> {
  value: T;
  /** When the value was true (ms since epoch): a sample's time, or when the broker answered. */
  atMs: number;
  /** Where it came from, in words a person recognises ("RabbitMQ management API", "Prometheus"). */
  from: string;
}

/** Identity name → glob that a declared consumer must match; `name` stands for the consumer's label. */
export type ConsumerMatcher = Readonly<Record<string, string>>;

/** A destination as a workflow declares it, whatever the broker (each adapter's config schema gives it). */
export interface DestinationConfig {
  ref: DestinationRef;
  /** Who may consume it; anything else attached is an unexpected consumer. */
  consumers: ConsumerMatcher[];
}

/** Which destination a value belongs to. */
export interface DestinationRef {
  /** Unique within a workflow and stable over time: series, chart lines and evidence use it. */
  key: string;
  /** The name people know it by ("order_confirmed.notification"). */
  name: string;
  /** The broker's own identity fields (vhost and queue; topic and group; …), for links and labels. */
  identity: Readonly<Record<string, string>>;
}

/**
 * Who is consuming. `attributes` holds every identity the client and the broker give
 * (connection name, consumer tag, product, hostname, user, peer host, client id, group …), so
 * the config can declare a consumer by whichever its client library sets.
 */
export interface ConsumerIdentity {
  /** The broker's id for this consumer (consumer tag, member id, consumer name). */
  id: string;
  /** The most telling name available: the one the client gave itself, else the broker's. */
  label: string;
  /** True when nothing but a name the broker generated is known (says nothing about the app). */
  anonymous: boolean;
  attributes: Readonly<Record<string, string>>;
  /** Shown in the consumer table; absent when the broker does not say. */
  peer?: string;
  prefetchCount?: number;
  ackRequired?: boolean;
  active?: boolean;
}

/** How the oldest waiting message's age is known. */
export interface OldestWaiting {
  /** When the oldest waiting message was published (ms since epoch). */
  publishedAtMs: number;
  /** True when derived (lag ÷ rate, time since empty…), false when the broker measured it. */
  estimated: boolean;
  /** How it was obtained, in words ("from the broker's head_message_timestamp"). */
  method: string;
}

/** A destination that needs no consumer because the broker moves its messages on by itself. */
export interface DrainedByBroker {
  /** Messages wait out this TTL, then return to `returnsTo` (a retry or delay queue). */
  ttlMs: number;
  /** The destination key they return to. */
  returnsTo: string;
  /** Its name, for sentences. */
  returnsToName: string;
}

/** The present state of one declared destination, as the broker's API reports it. */
export interface DestinationState {
  ref: DestinationRef;
  /** False when the broker answered and does not have it. */
  exists: boolean;
  /** Messages waiting for a consumer (ready, pending, lag). */
  waiting?: Reading<number>;
  /** Delivered, not yet acknowledged. */
  inFlight?: Reading<number>;
  consumerCount?: Reading<number>;
  /** Who consumes; absent when the broker did not say (not the same as nobody). */
  consumers?: Reading<ConsumerIdentity[]>;
  oldestWaiting?: Reading<OldestWaiting>;
  drainedBy?: DrainedByBroker;
  /**
   * The broker side's own verdict on the lag, where it keeps one (Kafka: Burrow's window rules
   * over the offsets it sampled); absent when it has none or could not judge yet.
   */
  lagVerdict?: Reading<{ status: "OK" | "WARN" | "STALL" | "STOP" | "REWIND"; reason: string }>;
  /**
   * Consumers outside the destination's own reading it too (Kafka: members of other consumer
   * groups on the topic that the workflow does not declare), each with its `group` attribute.
   */
  otherConsumers?: Reading<ConsumerIdentity[]>;
  /** Things noticed while reading it (a consumer's connection closed meanwhile…). */
  warnings: string[];
}

/** Where a destination's failed messages go. */
export interface DeadLetterRoute {
  /** The destination whose failures these are. */
  sourceKey: string;
  /** How they get there, in the broker's words ('exchange "orders.dlx", routing key "…"'). */
  via: string;
  /** The dead-letter destinations; empty means failed messages are routed nowhere (lost). */
  targets: DestinationRef[];
}

/** A broker's present state for one workflow: its destinations and their dead letters. */
export interface BrokerSnapshot {
  /** When the broker answered (ms since epoch): the state is "now" only around this time. */
  atMs: number;
  /** Where it came from ("RabbitMQ management API"). */
  from: string;
  destinations: DestinationState[];
  /** One per declared destination that has a dead-letter route. */
  deadLetterRoutes: DeadLetterRoute[];
  /** Destinations that do not route failed messages anywhere (keys). */
  noDeadLetterRoute: string[];
  /** The dead-letter destinations' own state. */
  deadLetterStates: DestinationState[];
  warnings: string[];
}

/** The signals a destination's history is made of (Prometheus series over the lookback). */
export const GAUGE_SIGNALS = ["waiting", "inFlight", "consumers", "oldestTimestamp"] as const;
export const COUNTER_SIGNALS = ["published", "delivered", "acked", "redelivered"] as const;
export type GaugeSignal = (typeof GAUGE_SIGNALS)[number];
export type CounterSignal = (typeof COUNTER_SIGNALS)[number];
export type DestinationSignal = GaugeSignal | CounterSignal;

/** The label every history series carries: the DestinationRef.key it belongs to. */
export const DESTINATION_LABEL = "destination";

/** The words a person sees for this broker's things. */
export interface BrokerVocabulary {
  /** "RabbitMQ". */
  broker: string;
  /** "queue" / "topic" / "stream". */
  destination: string;
  /**
   * What producers write to when it is not the destination itself (RabbitMQ's "exchange", which
   * routes into queues); absent where producers write straight to the destination (a Kafka topic).
   */
  entry?: string;
  destinations: string;
  /** "dead-letter queue" / "dead-letter topic". */
  deadLetter: string;
  consumer: string;
  /** What to check when a destination has no series in Prometheus. */
  metricsHint: string;
  /** How to make an anonymous consumer recognisable. */
  anonymousConsumerHint: string;
  /** How a destination without a dead-letter route is described ("has no dead-letter exchange"). */
  noDeadLetterRoute: string;
  /**
   * "delay queue": a destination a TTL drains, that needs no consumer. Only brokers whose state
   * can say so (`drainedBy`) have it; without it, no destination is ever taken for one.
   */
  delayDestination?: string;
}

/** "Queue" from "queue": the broker's words at the start of a sentence or a heading. */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A destination's identity besides its name, for sentences: "vhost /" (empty when there is none). */
export function whereText(ref: DestinationRef): string {
  return Object.entries(ref.identity)
    .filter(([, value]) => value !== ref.name)
    .map(([key, value]) => `${key} ${value}`)
    .join(", ");
}
