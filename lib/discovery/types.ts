// What discovery reads and what it proposes. Discovery is pure (no I/O, no clock): the
// script and the /discover page read the sources and hand their answers in here; a source
// that could not be read is a gap with its reason, never an empty answer.
import type { DiscoveryTopology } from "@/lib/domain/topology";
import type { Trace } from "@/lib/domain/trace";

export type { DiscoveryTopology, TopologyConsumer, TopologyDestination } from "@/lib/domain/topology";

/** A source's answer, or why there is none. */
export type Answer<T> = { ok: true; value: T } | { ok: false; reason: string };

/** One configured broker source's topology (BrokerAdapter.discoveryTopology), or why there is none. */
export interface BrokerAnswer {
  /** The adapter's name ("rabbitmq", "kafka"…). */
  broker: string;
  topology: Answer<DiscoveryTopology>;
}

export interface TraceSample {
  traces: Trace[];
  /** True when the source had more traces than were read. */
  truncated: boolean;
}

/** What Prometheus has: per-queue series and counters that look like deliberate drops. */
export interface MetricsInventory {
  /** Queue key ("vhost/queue", vhost "/" gives "//name") → metric names with a series for it. */
  queueSeries: Readonly<Record<string, string[]>>;
  /** `*_dropped_total`, `*_invalid_total` counters, with the services their series name, if any. */
  dropCounters: { name: string; services: string[] }[];
}

export interface DiscoveryInput {
  /** The instant judged (ms since epoch): "connected only recently" is measured from it. */
  nowMs: number;
  /** One answer per configured broker source; none: no broker is configured. */
  brokers: BrokerAnswer[];
  traces: Answer<TraceSample>;
  metrics: Answer<MetricsInventory>;
}

/** Why a part is proposed: sentences a person can check ("seen in 843 of 850 traces"). */
export interface Evidence {
  /** 0..1: how sure the evidence makes it. */
  confidence: number;
  evidence: string[];
}

export interface SpanRef {
  service: string;
  span: string;
  kind?: "internal" | "server" | "client" | "producer" | "consumer";
}

export interface ProposedSpan extends Evidence, SpanRef {
  /** Proposed for expectedSpans (false: shown, and written commented out). */
  expected: boolean;
  /** Why not expected, when not. */
  whyNot?: string;
}

export interface ProposedConsumer extends Evidence {
  /** How the config declares it: the connection or service name. */
  name: string;
  /**
   * How the broker shows it now (label and identities), when it is attached: what a config that
   * declares consumers by consumer tag, client id or host is compared with (config drift).
   */
  attachedAs?: { label: string; anonymous: boolean; attributes: Readonly<Record<string, string>> }[];
}

/** A consumer attached to a workflow queue that does not look like part of the workflow. */
export interface SuspectConsumer {
  label: string;
  attributes: Readonly<Record<string, string>>;
  /** "probably not part of the workflow" because… */
  reasons: string[];
}

export interface ProposedDestination extends Evidence {
  /** The destination's scope (RabbitMQ's vhost), when its broker has one. */
  scope?: string;
  /** The destination's name: a queue, a topic, a stream. */
  queue: string;
  /**
   * What the proposed consumers read it through (Kafka groups, JetStream consumers, Redis
   * groups): one config entry each. Empty for RabbitMQ, or when no consumer says.
   */
  readers: string[];
  /** consumed: a consumer takes the messages; delay: a TTL queue the broker drains back. */
  role: "consumed" | "delay";
  consumers: ProposedConsumer[];
  suspects: SuspectConsumer[];
  /** Dead-letter queues Asyncscope finds by itself (not declared). */
  deadLetterQueues: string[];
  /** Prometheus metric names with a series for this queue ([] = none: a gap on charts). */
  metrics: string[] | undefined;
}

export interface ProposedDropCounter extends Evidence {
  name: string;
}

export interface WorkflowProposal {
  /** A config id (lowercase, digits, dashes). */
  id: string;
  /** The broker its destinations are on (the `broker:` written). */
  broker: string;
  name: string;
  description: string;
  /** The span that starts the flow (a trace's root). */
  entry: SpanRef;
  producer: ProposedSpan;
  /** Where the producer publishes, in its own words ("exchange orders, routing key order_confirmed"). */
  publishesTo?: { exchange: string; routingKey?: string };
  destinations: ProposedDestination[];
  /** In flow order: entry, producer, consumers, what follows them; expected or not. */
  spans: ProposedSpan[];
  dropCounters: ProposedDropCounter[];
  /** How many traces this entry point started. */
  traceCount: number;
}

export interface UnexplainedQueue {
  broker: string;
  scope?: string;
  name: string;
  consumers: string[];
  /** Why it is listed apart. */
  why: string;
}

export interface DiscoveryResult {
  proposals: WorkflowProposal[];
  /** Queues no traced producer explains ("queues with no traced producer"). */
  unexplainedQueues: UnexplainedQueue[];
  /** Sources that could not be read, and what that leaves out. */
  gaps: string[];
  /** How much was read, for the header ("1000 traces, 23 queues"). */
  read: { traces?: number; tracesTruncated?: boolean; queues?: number };
}
