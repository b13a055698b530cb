// The shapes analysis reads and writes. Everything here is JSON-serialisable: signals can be
// captured from the lab into fixtures (tests/fixtures/analysis) and replayed, and a
// WorkflowHealth is what the API returns.
import type { BrokerSnapshot, DestinationSignal } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { Trace } from "@/lib/domain/trace";
import type { LogSample } from "@/lib/domain/log";

export type CheckStatus = "ok" | "warning" | "critical" | "unknown";

/** The checks judged per destination from the broker's state and metrics (the rest judge traces and logs). */
export const BROKER_CHECK_IDS = [
  "consumers-alive",
  "acks-progressing",
  "throughput-balance",
  "backlog",
  "oldest-message-age",
  "dead-letters",
  "redeliveries",
  "unexpected-consumers",
] as const;

export const CHECK_IDS = [
  ...BROKER_CHECK_IDS,
  "trace-completeness",
  "orphan-publishes",
  "silent-drops",
  "clock-skew",
  "log-findings",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * Data from one upstream, or why there is none. Analysis never sees a failed fetch as an
 * empty list: `ok: false` makes the checks that need it `unknown` with this reason. A source
 * that is not configured at all says so (`unconfigured`): the checks that need it are unknown
 * but do not make the verdict unknown, since nobody expects them to be judged.
 */
export type Observed<T> = { ok: true; value: T; warnings?: string[] } | Unobserved;
export type Unobserved = { ok: false; source: SourceName; reason: string; unconfigured?: boolean };

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
  /** What a source warned about the data this check read (a partial answer from Thanos, Mimir…). */
  warnings?: string[];
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

/**
 * Where a checklist step sends the reader next. Analysis says what to look at; the view layer
 * (lib/view/deep-links.ts) turns it into a link into Prometheus, Jaeger, the broker or the
 * logs, and drops what no configured source can show.
 */
export type NextStep =
  | { kind: "metric"; signal: "waiting" | "acked" }
  | { kind: "destination"; key: string }
  | { kind: "trace"; traceId: string }
  | { kind: "trace-search" }
  | { kind: "logs"; traceId: string };

export interface ChecklistStep<Next = ChecklistLink> {
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
  next: Next[];
}

export interface Transition {
  checkId: CheckId | "verdict";
  atMs: number;
  from: CheckStatus;
  to: CheckStatus;
  summary: string;
  /**
   * The check had not been judged before this instant (present-only checks, trace checks once
   * the trace sample reaches): `from` is "unknown" for want of a judgement, not a failed source.
   */
  firstJudged?: true;
}

/**
 * The destinations' history over the metric lookback, from Prometheus: per signal, one series
 * per destination, each labelled `destination` (DESTINATION_LABEL) with its DestinationRef.key.
 * Gauges are values; counters are increments per step. A signal the broker's metrics do not
 * have is absent.
 */
export interface DestinationHistory {
  signals: Partial<Record<DestinationSignal, Observed<Series[]>>>;
  /** One series per configured drop counter (labels.counter), increase per step. */
  drops: Observed<Series[]>;
  /** How to read a counter with no series while the waiting gauge was scraped (MetricPlan.absentCounter). */
  absentCounter: "zero" | "unknown";
  stepSeconds: number;
  /**
   * The range the counters' rate() was taken over (seconds): a counter point at t stands for
   * the average over (t − range, t], so a change shows fully one range later. Absent in
   * bundles recorded before it was kept: read those with rateRangeOf (rate-range.ts).
   */
  rateRangeSeconds?: number;
  /** Start of the metric lookback (may precede the window so a 5-minute rule can be judged). */
  fromMs: number;
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
  version: 2;
  workflowId: string;
  window: { fromMs: number; toMs: number };
  /** The evaluator's clock when the data was read. */
  nowMs: number;
  /** The broker adapter the destinations belong to ("rabbitmq"). */
  broker: string;
  /** The destinations' present state, from the broker's API. */
  state: Observed<BrokerSnapshot>;
  history: DestinationHistory;
  traces: Observed<TraceSample>;
  /**
   * What the log store said about the workflow's services and the traces the evaluation looked
   * at. Absent in bundles recorded before logs were read (replayed as "not recorded").
   */
  logs?: Observed<LogSample>;
  /** How old a value from each source may be and still count as now (ms), by source name. */
  staleAfterMs: Readonly<Record<string, number>>;
}

export interface SourceReport {
  name: SourceName;
  /** How people name it ("RabbitMQ"); absent in evidence stored before it was added. */
  displayName?: string;
  status: "ok" | "degraded" | "down" | "unconfigured";
  message: string;
  /** What the source warned about (partial answers), when it did. */
  warnings?: string[];
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
