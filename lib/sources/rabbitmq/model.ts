// RabbitMQ's own shapes, after the wire schemas (schemas.ts) and before the neutral model
// (lib/domain/destination.ts): what the management API says about queues, consumers and
// bindings. Nothing outside this folder reads them, except through the adapter. Every number
// says where it came from, because the management API and rabbitmq_prometheus can disagree.

/** Where a number came from. */
export type Provenance = "management_api";

/** A value with its provenance. Absent values are `undefined`, never 0. */
export interface Sourced<T> {
  value: T;
  from: Provenance;
}

export type QueueType = "classic" | "quorum" | "stream" | "unknown";

export interface DeadLetterTarget {
  /** "" is the default exchange (then the routing key names the target queue directly). */
  exchange: string;
  /** Absent: messages keep their original routing key. */
  routingKey?: string;
  /** Where each setting came from: a queue's x-argument wins over a policy key, as in RabbitMQ. */
  from: "arguments" | "policy";
  routingKeyFrom?: "arguments" | "policy";
  /** The policy that supplied a setting, when one did. */
  policy?: string;
}

export interface QueueRates {
  /** Messages per second, from message_stats.*_details.rate. */
  publishHz?: number;
  deliverGetHz?: number;
  ackHz?: number;
  redeliverHz?: number;
}

export interface QueueSnapshot {
  vhost: string;
  name: string;
  type: QueueType;
  /** The type string as the broker sent it (may be "" or something new). */
  rawType?: string;
  state?: string;
  durable?: boolean;
  /** When the snapshot was taken (ms since epoch), from the caller's clock. */
  atMs: number;
  ready?: Sourced<number>;
  unacked?: Sourced<number>;
  total?: Sourced<number>;
  consumers?: Sourced<number>;
  /** 0..1, share of time consumers could take messages. */
  consumerUtilisation?: Sourced<number>;
  /** Unix seconds of the oldest message, only when the publisher set the timestamp property. */
  headMessageTimestampS?: Sourced<number>;
  /**
   * Rates are ABSENT (undefined) when RabbitMQ omits message_stats (idle queue or stats
   * disabled): unknown, not zero.
   */
  rates?: Sourced<QueueRates>;
  /** Cumulative counters (ack count is Burrow's "position"). */
  counts?: Sourced<{ publish?: number; deliverGet?: number; ack?: number; redeliver?: number }>;
  deadLetter?: DeadLetterTarget;
  deliveryLimit?: { value: number; from: "arguments" | "policy" };
  policy?: string;
  arguments: Readonly<Record<string, unknown>>;
  /** Only from the single-queue endpoint. */
  consumerDetails?: ConsumerInfo[];
  /** Things noticed while reading the queue (e.g. a consumer's connection already gone). */
  warnings?: string[];
}

export interface ConsumerInfo {
  vhost: string;
  queue: string;
  consumerTag: string;
  connectionName?: string;
  /** Peer host:port of the AMQP client. */
  peer?: string;
  /** The client's connection_name property, when the app set one. */
  clientConnectionName?: string;
  channelName?: string;
  ackRequired?: boolean;
  prefetchCount?: number;
  active?: boolean;
  activityStatus?: string;
  exclusive?: boolean;
}

export interface Binding {
  vhost: string;
  /** "" is the default exchange. */
  source: string;
  destination: string;
  destinationType: "queue" | "exchange";
  routingKey: string;
  arguments: Readonly<Record<string, unknown>>;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  pageCount: number;
  /** Items matching the filter. */
  filteredCount: number;
  totalCount: number;
}

/** Where one workflow queue's rejected messages go, resolved through the bindings. */
export interface QueueDeadLetterRoute {
  vhost: string;
  /** "vhost/queue" of the workflow queue whose rejects go there (vhost "/" gives "//name"). */
  sourceQueue: string;
  exchange: string;
  routingKey?: string;
  /** Queues bound to the dead-letter exchange for that key (resolved through bindings). */
  dlqNames: string[];
}
