// The shapes analysis reads and writes. Everything here is JSON-serialisable: signals can be
// captured from the lab into fixtures (tests/fixtures/analysis) and replayed, and a
// WorkflowHealth is what the API returns.
import type { QueueSnapshot, Binding } from "@/lib/domain/broker";
import type { Series } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { Trace } from "@/lib/domain/trace";

export type CheckStatus = "ok" | "warning" | "critical" | "unknown";

export const CHECK_IDS = [
  "consumers-alive",
  "acks-progressing",
  "throughput-balance",
  "backlog",
  "oldest-message-age",
  "dead-letters",
  "redeliveries",
  "unexpected-consumers",
  "trace-completeness",
  "orphan-publishes",
  "silent-drops",
  "clock-skew",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * Data from one upstream, or why there is none. Analysis never sees a failed fetch as an
 * empty list: `ok: false` makes the checks that need it `unknown` with this reason.
 */
export type Observed<T> =
  { ok: true; value: T; warnings?: string[] } | { ok: false; source: SourceName; reason: string };

export interface TimeRange {
  fromMs: number;
  toMs: number;
  label?: string;
}

/** One subject of a check (a queue, a destination, a root span type) with its numbers. */
export interface EvidenceItem {
  subject: string;
  status: CheckStatus;
  text: string;
  /** Numbers with units in their names; `null` means "no data", never zero. */
  values: Record<string, number | string | boolean | null>;
}

export interface Evidence {
  items: EvidenceItem[];
  traceIds: string[];
  ranges: TimeRange[];
}

export interface Check {
  id: CheckId;
  status: CheckStatus;
  title: string;
  /** One or two sentences a person on call can act on. */
  summary: string;
  evidence: Evidence;
  sources: SourceName[];
  /** Why the check is unknown (only when status is unknown). */
  reason?: string;
  /** A check that matters makes the verdict unknown when it is unknown. */
  matters: boolean;
}

export interface ChecklistLink {
  label: string;
  url: string;
}

export interface ChecklistStep {
  id: "metrics" | "traces" | "logs" | "async-path";
  order: number;
  title: string;
  status: CheckStatus;
  /** The checks this step was evaluated from. */
  checks: CheckId[];
  /** Question → answer lines (the async path asks: produced? consumed? depth? consumer alive?). */
  answers: Array<{ question: string; answer: string; status: CheckStatus }>;
  evidence: string[];
  rulesIn: string[];
  rulesOut: string[];
  next: ChecklistLink[];
}

export interface Transition {
  checkId: CheckId | "verdict";
  atMs: number;
  from: CheckStatus;
  to: CheckStatus;
  summary: string;
}

/** Queue metric series over the lookback, one series per queue (labels.queue, labels.vhost). */
export interface QueueMetrics {
  /** rabbitmq_queue_messages_ready. */
  ready: Observed<Series[]>;
  /** rabbitmq_queue_messages_unacked. */
  unacked: Observed<Series[]>;
  /** rabbitmq_queue_consumers. */
  consumers: Observed<Series[]>;
  /** Acks per step (increase over one step), summed over channels. */
  acked: Observed<Series[]>;
  /** Messages published into the queue per step. */
  published: Observed<Series[]>;
  /** Redeliveries per step. */
  redelivered: Observed<Series[]>;
  /** Deliveries per step (manual ack). */
  delivered: Observed<Series[]>;
  /** rabbitmq_queue_head_message_timestamp (Unix seconds); absent in older captures. */
  headTimestamp?: Observed<Series[]>;
  /** One series per configured drop counter (labels.counter), increase per step. */
  drops: Observed<Series[]>;
  stepSeconds: number;
  /** Start of the metric lookback (may precede the window so a 5-minute rule can be judged). */
  fromMs: number;
}

export interface DeadLetterRoute {
  vhost: string;
  /** "vhost/queue" of the workflow queue whose rejects go there (vhost "/" gives "//name"). */
  sourceQueue: string;
  exchange: string;
  routingKey?: string;
  /** Queues bound to the dead-letter exchange for that key (resolved through bindings). */
  dlqNames: string[];
}

export interface BrokerState {
  /** Single-queue snapshots (with consumer_details) of the declared queues that exist. */
  queues: QueueSnapshot[];
  /** Declared queues the broker does not have ("vhost/name"). */
  missing: string[];
  /** Snapshots of the dead-letter queues found. */
  deadLetterQueues: QueueSnapshot[];
  routes: DeadLetterRoute[];
  bindings?: Binding[];
}

export interface TraceSample {
  traces: Trace[];
  /** Upper bound asked of Jaeger per search; hitting it means the sample is partial. */
  limit: number;
  truncated: boolean;
  /**
   * When the search hit its limit, Jaeger returned the newest traces: the sample covers traces
   * started from here on, and the part of the window before it is unsampled (not "no traffic").
   */
  coveredFromMs?: number;
  warnings: string[];
}

/** Everything one evaluation of one workflow over one window needs. */
export interface WorkflowSignals {
  version: 1;
  workflowId: string;
  window: { fromMs: number; toMs: number };
  /** The evaluator's clock when the data was read. */
  nowMs: number;
  broker: Observed<BrokerState>;
  metrics: QueueMetrics;
  traces: Observed<TraceSample>;
}

export interface SourceReport {
  name: SourceName;
  status: "ok" | "degraded" | "down" | "unconfigured";
  message: string;
}

export interface WorkflowHealth {
  workflow: { id: string; name: string };
  window: { from: string; to: string };
  status: CheckStatus;
  summary: string;
  checks: Check[];
  checklist: ChecklistStep[];
  sources: SourceReport[];
  transitions: Transition[];
}
