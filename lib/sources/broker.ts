// What every broker adapter provides (lib/sources/<broker>/adapter.ts), so the rest of the app
// speaks one language about destinations. Adding a broker is its folder, one line in
// brokers.ts, its lab part and docs: docs/adding-a-broker.md.
import type { z } from "zod";
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  BrokerVocabulary,
  CounterSignal,
  DestinationConfig,
  DestinationRef,
  DestinationSignal,
  GaugeSignal,
} from "@/lib/domain/destination";
import type { Labels } from "@/lib/domain/series";
import type { SourceHealth } from "@/lib/domain/source";
import type { DiscoveryTopology, TopologyPlace } from "@/lib/domain/topology";
import type { PrometheusSource } from "./prometheus/client";
import type { LastError } from "./http";
import type { BrokerSampler } from "./sampler";

/** One PromQL query of a broker's metric plan. */
export interface MetricQuery {
  signal: DestinationSignal;
  /** Gauges are read as they are; counters are per-step increments (see the plan's comments). */
  kind: "gauge" | "counter";
  /**
   * The PromQL for these destinations. `also` are more destinations whose series ride along
   * (the dead-letter destinations, known once the broker has answered).
   */
  expr(also: readonly DestinationRef[]): string;
  /** True when `also` changes the query: it is sent once the dead-letter destinations are known. */
  withDeadLetters: boolean;
  /** Counters: the same as a rate per second, for people to graph (links into Prometheus). */
  perSecond?(): string;
}

export interface MetricPlan {
  queries: MetricQuery[];
  /** Which destination a result series belongs to (its DestinationRef.key); undefined drops it. */
  destinationOf(labels: Labels, signal: DestinationSignal): string | undefined;
  /**
   * How to read a counter with no series at a time the destination's waiting gauge was scraped:
   * "zero" when the exporter only has counters for things that happened (RabbitMQ's
   * per-channel counters vanish with their channel), "unknown" otherwise.
   */
  absentCounter: "zero" | "unknown";
}

/** A connected broker: its present state, and a probe for the sources page. */
export interface BrokerClient {
  readonly name: string;
  /** The declared destinations' state, their dead-letter routes and those destinations' state. */
  state(destinations: readonly DestinationConfig[]): Promise<BrokerSnapshot>;
  health(): Promise<SourceHealth>;
  /** The last failed upstream call, for the sources page. */
  lastError(): LastError | undefined;
  /** Lets go of the broker's connections (the source was replaced, the process ends). */
  close(): Promise<void>;
}

/** What a broker's history reader needs besides its own config: where history is kept. */
export interface BrokerContext {
  /** The configured Prometheus, where the exporter's (or the sampler's) series are read back. */
  prometheus?: PrometheusSource;
  /** Its scrape interval (s): the finest step worth asking for. */
  scrapeIntervalSeconds?: number;
}

/** A broker's background sampler as its source config sets it (lib/sources/sampler.ts). */
export interface SamplerPlan {
  intervalSeconds: number;
  /** Loaded when started, as the clients are: validating a config must not pull them in. */
  create(): Promise<BrokerSampler>;
}

/** The step of the metric queries and the range their counters' rate() is taken over (seconds). */
export interface RateWindow {
  stepSeconds: number;
  rateRangeSeconds: number;
}

export interface BrokerAdapter<SourceConfig = unknown> {
  /** The key under `sources:` and a workflow's `broker:` ("rabbitmq"). */
  readonly name: string;
  readonly vocabulary: BrokerVocabulary;
  /** The schema of `sources.<name>`. */
  readonly sourceSchema: z.ZodType<SourceConfig>;
  /** The schema of one entry of a workflow's `destinations:`, giving its neutral form. */
  readonly destinationSchema: z.ZodType<DestinationConfig>;
  /** The consumer identities the config may match on (documented, and checked in the config). */
  readonly consumerIdentities: readonly string[];
  /** Where people open the broker (shown on the sources page, never with credentials). */
  baseUrl(config: SourceConfig): string;
  /** How old the broker's state may be and still count as now (ms). */
  staleAfterMs(config: SourceConfig | undefined): number;
  connect(config: SourceConfig, context?: BrokerContext): BrokerClient;
  /** The background sampler, when `sources.<broker>.sampler.enabled` turns it on. */
  sampler?(config: SourceConfig): SamplerPlan | undefined;
  /** The PromQL for the destinations' history; metric names overridable in the source config. */
  metricPlan(
    destinations: readonly DestinationConfig[],
    rates: RateWindow,
    config: SourceConfig | undefined,
  ): MetricPlan;
  /** PromQL for the alert rules (docs/alerting.md), metric names overridable as in metricPlan. */
  alertSignals(config: SourceConfig | undefined): AlertSignals;
  /** A link into the broker's own UI for a destination, if it has one. */
  destinationUrl?(config: SourceConfig, ref: DestinationRef): string | undefined;
  /**
   * The whole broker for discovery (docs/discovery.md): every destination, who reads it now,
   * dead-letter routes and, for a broker that routes, the routes. Read only; throws SourceError.
   * Without it, discovery proposes this broker's workflows from traces alone.
   */
  discoveryTopology?(config: SourceConfig, nowMs: number): Promise<DiscoveryTopology>;
  /**
   * Where a workflow's destination sits in discoveryTopology's terms (docs/discovery.md), from its
   * ref and, when known, the consumers read on it (their filters, for a broker whose readers
   * filter subjects). Pure: drift and recordings use it without reading the broker.
   */
  topologyPlace(ref: DestinationRef, consumers?: readonly ConsumerIdentity[]): TopologyPlace;
}

/**
 * PromQL a broker's metrics give for alert rules (lib/alerts/rules.ts): per-destination
 * expressions whose result series carry `destinationLabels`, so a rule's alerts name the
 * destination with the broker's own labels (RabbitMQ: vhost and queue).
 */
export interface AlertSignals {
  /** The labels that name one destination in every expression's result. */
  destinationLabels: readonly string[];
  /** How an alert's text names the destination (a Prometheus template over $labels). */
  destinationTemplate: string;
  /** A gauge per destination; `min` for timestamps, where the oldest series is the answer. */
  gauge(signal: GaugeSignal, refs: readonly DestinationRef[], aggregate?: "sum" | "min"): string;
  /** A counter's increase over the range per destination. */
  increase(signal: CounterSignal, refs: readonly DestinationRef[], rangeSeconds: number): string;
  /** See MetricPlan.absentCounter: "zero" lets a rule read a missing counter as no increase. */
  absentCounter: "zero" | "unknown";
  /** A selector matching one destination's waiting series exactly (equality matchers), for absent(). */
  presence(ref: DestinationRef): string;
  /** Whether the broker's metrics say who consumes (no broker's do today: a reason for the export). */
  consumerIdentityInMetrics: boolean;
}
