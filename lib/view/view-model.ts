// The workflow page's data, as GET /api/workflows/{id}/view returns it and the server page
// renders it first. JSON-serialisable, client-safe (no server imports): the health verdict
// plus what each panel draws, already reduced on the server so a refresh stays small.
import type { CheckStatus, WorkflowHealth } from "@/lib/analysis/types";
import type { SpanKind } from "@/lib/domain/trace";
import type { SourceName } from "@/lib/domain/source";
import type { LogLevel, LogLine, LogMessageCount } from "@/lib/domain/log";
import type { FlowStrip } from "./flow-strip";
import type { NumberRow } from "./number-row";
import type { TraceGroup } from "./trace-groups";

/** [tsMs, value]; `null` is "no sample here", drawn as a gap, never as zero. */
export type Point = [number, number | null];

export interface LineData {
  key: string;
  label: string;
  points: Point[];
  dashed?: boolean;
  /** Lines with the same colour index belong together (a queue's publish and ack). */
  colorIndex: number;
  /** Drawn against the right-hand axis (a count beside rates). */
  rightAxis?: boolean;
  /** Later lines coincide with this one (how many are stacked on it): drawn wider and pale underneath, so every line stays visible. */
  under?: number;
  /** Coincides with an earlier line (`label`) on `share` of the steps both have (1: the same throughout). */
  coincides?: { label: string; share: number };
}

/** A check's change of status, marked on the time axis of every chart. */
export interface ChartMark {
  atMs: number;
  /** "Consumers alive: ok → critical"; several changes at one instant are joined. */
  text: string;
  /** The worst status changed to at that instant (the mark's colour). */
  status: CheckStatus;
}

/** A panel's data, or the source that failed and why (the panel shows that instead). */
export type PanelData<T> =
  { ok: true; data: T; notes: string[] } | { ok: false; source: SourceName; sourceName: string; reason: string };

/** A panel that cannot be drawn because `source` failed: "No data from RabbitMQ: …". */
export function unavailable(
  failure: { source: SourceName; reason: string },
  words: { broker: string },
): { ok: false; source: SourceName; sourceName: string; reason: string } {
  const known: Record<string, string> = { prometheus: "Prometheus", jaeger: "Jaeger", logs: "the log store" };
  return {
    ok: false,
    source: failure.source,
    sourceName: known[failure.source] ?? words.broker,
    reason: failure.reason,
  };
}

export interface ChartData {
  lines: LineData[];
  /** What the left axis counts: "count" gets whole-number ticks. */
  axis?: "count" | "rate" | "seconds";
  /** Says how far the rate lines look back, and how late a change shows where that is over two steps. */
  caption?: string;
}

/** One destination's publish and ack rates and its backlog on one time axis. */
export interface DestinationFlow extends ChartData {
  destination: string;
  /** What sets this destination apart (a delay queue has no acks). */
  note?: string;
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

export interface ExpectedSpan {
  /** "service/span", as a trace's `missing` names it. */
  label: string;
  service: string;
  name: string;
  kind?: SpanKind;
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
  /** The log lines the evaluation read for the trace ids of `spans`, or why there are none. */
  logs: TraceLogs;
}

/**
 * The lines of a listed trace the evaluation read (lib/view/log-data.ts). `lookedUp` names the
 * trace ids whose lines were asked for: a trace id of the component not in it was not looked
 * up (the live page fetches it on demand), which is not the same as "it wrote no line".
 */
export type TraceLogs =
  | { kind: "lines"; lookedUp: string[]; lines: LogLine[]; truncated: boolean }
  /** No log store configured, the store failed, or a recording made before logs were read. */
  | { kind: "none"; why: LogsAbsence; reason: string };

export type LogsAbsence = "unconfigured" | "failed" | "not-recorded";

/** One service's error and warning lines per step, every step of the grid present (no line is 0). */
export interface ServiceLogCounts {
  service: string;
  points: Array<{ tsMs: number; error: number; warn: number }>;
  errorTotal: number;
  warnTotal: number;
  lastLineMs: number | null;
}

export interface LogFindingItem {
  subject: string;
  status: CheckStatus;
  text: string;
  /** "burst", "silence", "drop-logged", "drop-silent", "drop-unprovable"; absent for the per-service ok/unknown lines. */
  kind?: string;
}

export interface LogsData {
  /** "VictoriaLogs", "Loki"… or the recording's store name. */
  store: string;
  stepSeconds: number;
  services: ServiceLogCounts[];
  messages: Array<LogMessageCount & { level: LogLevel }>;
  /** The log-findings check as judged (its status, summary and items). */
  check: { status: CheckStatus; summary: string; items: LogFindingItem[] } | null;
  warnings: string[];
}

/** The logs panel: its data, the store's failure, or why no log store was read. */
export type LogsPanelData =
  PanelData<LogsData> | { ok: false; absent: "unconfigured" | "not-recorded"; reason: string };

export interface TracesData {
  sampleSize: number;
  judged: number;
  inFlight: number;
  limit: number;
  truncated: boolean;
  warnings: string[];
  completeness: CompletenessRow[];
  incompleteTotal: number;
  /** Judged traces grouped by what went wrong (lib/view/trace-groups.ts), worst and largest first. */
  groups: TraceGroup[];
  /** Distinct patterns in the window; more than `groups.length` when some are not shown. */
  groupsTotal: number;
  /** The listed traces: each group's examples. */
  list: TraceListItem[];
  /** The workflow's expected spans in order, for the waterfall's rows of the ones a trace lacks. */
  expectedSpans: ExpectedSpan[];
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
  /** Per destination: consumers, backlog, oldest age, ack/publish, DLQ depth (under the headline). */
  numbers: NumberRow;
  /** Producer → exchange → destination → consumers, the broken edge said in words. */
  flow: FlowStrip;
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
    flows: PanelData<{ flows: DestinationFlow[] }>;
  };
  /** Check transitions inside the window, marked on every chart's time axis. */
  chartMarks: ChartMark[];
  traces: PanelData<TracesData>;
  consumers: PanelData<DestinationConsumers[]>;
  /** Error and warning lines per service, the log-findings check and the top messages. */
  logs: LogsPanelData;
}

/** The ?trace= parameter, if it looks like a trace id (hex, up to 32 digits). Server and client read it alike. */
export function traceParam(value: string | string[] | null | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[0-9a-f]{1,32}$/i.test(v) ? v.toLowerCase() : undefined;
}
