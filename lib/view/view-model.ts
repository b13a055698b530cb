// The workflow page's data, as GET /api/workflows/{id}/view returns it and the server page
// renders it first. JSON-serialisable, client-safe (no server imports): the health verdict
// plus what each panel draws, already reduced on the server so a refresh stays small.
import type { CheckStatus, WorkflowHealth } from "@/lib/analysis/types";
import type { SpanKind } from "@/lib/domain/trace";
import type { SourceName } from "@/lib/domain/source";

/** [tsMs, value]; `null` is "no sample here", drawn as a gap, never as zero. */
export type Point = [number, number | null];

export interface LineData {
  key: string;
  label: string;
  points: Point[];
  dashed?: boolean;
  /** Lines with the same colour index belong together (a queue's publish and ack). */
  colorIndex: number;
}

/** A panel's data, or the source that failed and why (the panel shows that instead). */
export type PanelData<T> =
  { ok: true; data: T; notes: string[] } | { ok: false; source: SourceName; sourceName: string; reason: string };

/** A panel that cannot be drawn because `source` failed: "No data from RabbitMQ: …". */
export function unavailable(
  failure: { source: SourceName; reason: string },
  words: { broker: string },
): { ok: false; source: SourceName; sourceName: string; reason: string } {
  const known: Record<string, string> = { prometheus: "Prometheus", jaeger: "Jaeger" };
  return {
    ok: false,
    source: failure.source,
    sourceName: known[failure.source] ?? words.broker,
    reason: failure.reason,
  };
}

export interface ChartData {
  lines: LineData[];
}

export interface AgeRow {
  destination: string;
  /** Oldest message age from the oldest-message-age check (broker head timestamp or an estimate). */
  ageSeconds: number | null;
  method: string;
  /** The backlog check's time to drain (waiting ÷ net ack rate over its two minutes); null when not draining or unknown. */
  drainSeconds: number | null;
  drainText: string;
}

export interface DlqRow {
  /** The workflow destination whose failed messages these are. */
  source: string;
  deadLetter: string;
  depth: number | null;
}

export interface CompletenessRow {
  rootType: string;
  traces: number;
  complete: number;
  share: number;
  ciLow: number | null;
  ciHigh: number | null;
  status: CheckStatus;
  /** Share complete per time bucket (null: no judged trace started in that bucket) with its sample size. */
  trend: Array<{ tsMs: number; share: number | null; n: number }>;
}

export interface WaterfallSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  kind: SpanKind;
  startUs: number;
  durationUs: number;
  error: boolean;
  warnings: string[];
  links: Array<{ traceId: string; spanId: string }>;
}

export interface TraceListItem {
  traceId: string;
  rootType: string;
  startMs: number;
  complete: boolean;
  /** False for a trace younger than the orphan grace (still in flight): its gaps may yet fill. */
  judged: boolean;
  /** Expected spans not reached ("service/span"). */
  missing: string[];
  findings: string[];
  jaegerUrl?: string;
  logUrl?: string;
  /** Spans of this trace and of the traces linked to it (consumers in traces of their own). */
  spans: WaterfallSpan[];
  spansTruncated: boolean;
}

export interface TracesData {
  sampleSize: number;
  judged: number;
  inFlight: number;
  limit: number;
  truncated: boolean;
  warnings: string[];
  completeness: CompletenessRow[];
  incompleteTotal: number;
  list: TraceListItem[];
  jaegerSearchUrl?: string;
}

export interface ConsumerRow {
  label: string;
  consumerTag: string;
  peer?: string;
  prefetchCount?: number;
  ackRequired?: boolean;
  active?: boolean;
  /** false: a named client not declared here; null: only a name the broker generated, which says nothing. */
  declared: boolean | null;
}

export interface DestinationConsumers {
  destination: string;
  /** Its identity besides the name ("vhost /"). */
  where: string;
  declared: string[];
  exists: boolean;
  delayQueue: boolean;
  consumers: ConsumerRow[];
}

export interface WorkflowViewModel {
  version: 1;
  workflow: { id: string; name: string; description?: string };
  window: { fromMs: number; toMs: number };
  generatedAtMs: number;
  health: WorkflowHealth;
  stepSeconds: number;
  thresholds: { oldestMessageAgeSeconds: number; completenessBelow: number; noAckForSeconds: number };
  /** The broker's words for what the panels show ("queue", "queues", "RabbitMQ"). */
  words: { destination: string; destinations: string; broker: string; deadLetter: string };
  charts: {
    throughput: PanelData<ChartData>;
    depth: PanelData<ChartData>;
    age: PanelData<ChartData & { rows: AgeRow[] }>;
    consumers: PanelData<ChartData>;
    dlq: PanelData<ChartData & { rows: DlqRow[] }>;
  };
  traces: PanelData<TracesData>;
  consumers: PanelData<DestinationConsumers[]>;
}

/** The ?trace= parameter, if it looks like a trace id (hex, up to 32 digits). Server and client read it alike. */
export function traceParam(value: string | string[] | null | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[0-9a-f]{1,32}$/i.test(v) ? v.toLowerCase() : undefined;
}
