// A trace's log lines next to its spans: which lines belong to the open trace (and the traces
// linked to it), in what order, and which span each line was written in (by span id). Pure,
// client-safe; components/traces/trace-logs.tsx draws what this returns.
//
//   12:00:00.010  info   order-service         placing order        → POST /checkout
//   12:00:00.012  info   order-service         published            → publish orders
//   12:00:00.061  warn   inventory-service     invalid event        → process order_confirmed.inventory
//   12:00:00.070  error  notification-service  smtp refused         (span 9f3c… not in the sample)
import type { LogLine } from "@/lib/domain/log";
import type { TraceLogs, WaterfallSpan } from "./view-model";

/** Lines kept per trace in the page's data; the store may hold more (the lines read say so). */
export const MAX_LINES_PER_TRACE = 200;
/** Lines asked of the log store when a trace's lines are fetched on demand. */
export const FETCH_LINE_LIMIT = 500;
/** Lines start this long before the first span (clock skew between a service and its tracer). */
const BEFORE_MS = 60_000;
/** And run this long after the last span's end (retries, a consumer's late complaint). */
const AFTER_MS = 5 * 60_000;

/** A trace id the log route accepts: 32 hex digits (W3C trace context), lowercase. */
export function isFullTraceId(traceId: string): boolean {
  return /^[0-9a-f]{32}$/.test(traceId);
}

/** Oldest first; lines at the same millisecond keep the store's order (Array.sort is stable). */
export function byTime(lines: readonly LogLine[]): LogLine[] {
  return [...lines].sort((a, b) => a.timeMs - b.timeMs);
}

/** Lines carrying one of `traceIds`, oldest first, the newest `max` kept when there are more. */
export function linesOfTraces(
  lines: readonly LogLine[],
  traceIds: readonly string[],
  max = MAX_LINES_PER_TRACE,
): { lines: LogLine[]; truncated: boolean } {
  const wanted = new Set(traceIds);
  const mine = byTime(lines.filter((l) => l.traceId !== undefined && wanted.has(l.traceId)));
  return { lines: mine.length > max ? mine.slice(mine.length - max) : mine, truncated: mine.length > max };
}

/** Lines grouped by trace id, each group oldest first; lines without a trace id are left out. */
export function groupByTrace(lines: readonly LogLine[]): Map<string, LogLine[]> {
  const out = new Map<string, LogLine[]>();
  for (const line of byTime(lines)) {
    if (!line.traceId) continue;
    const group = out.get(line.traceId);
    if (group) group.push(line);
    else out.set(line.traceId, [line]);
  }
  return out;
}

/** The trace ids of a component's spans, the first span's trace first. */
export function componentTraceIds(spans: readonly WaterfallSpan[]): string[] {
  return [...new Set([...spans].sort((a, b) => a.startUs - b.startUs).map((s) => s.traceId))];
}

/**
 * The window to search a trace's lines in: from a minute before its first span to five
 * minutes after its last span ended (a trace's lines cluster round its spans; a narrow window
 * keeps the store's work small). `fallback` when no span is known.
 */
export function traceLogWindow(
  spans: readonly WaterfallSpan[],
  fallback: { fromMs: number; toMs: number },
): { fromMs: number; toMs: number } {
  if (spans.length === 0) return fallback;
  const startMs = Math.min(...spans.map((s) => s.startUs / 1000));
  const endMs = Math.max(...spans.map((s) => (s.startUs + s.durationUs) / 1000));
  return { fromMs: Math.floor(startMs - BEFORE_MS), toMs: Math.ceil(endMs + AFTER_MS) };
}

/** One line of the open trace, joined to the span it was written in. */
export interface TraceLogRow {
  /** Stable across refreshes (time, service, span and message, with a counter for repeats). */
  key: string;
  line: LogLine;
  /** The span named by the line's span id, when that span is drawn. */
  span?: WaterfallSpan;
  /** The line names a span that is not drawn (not in the sample, or past the span limit). */
  unknownSpan: boolean;
  /** Milliseconds from the first span's start (negative: written before it). */
  offsetMs: number | null;
}

export interface TraceLogJoin {
  rows: TraceLogRow[];
  /** Span id → keys of the rows written in it, in time order. */
  bySpan: Map<string, string[]>;
  /** Lines of each trace id of the component. */
  perTrace: Map<string, number>;
}

/** Joins a trace's lines to its spans by span id, oldest line first. */
export function joinLinesToSpans(lines: readonly LogLine[], spans: readonly WaterfallSpan[]): TraceLogJoin {
  const spanById = new Map(spans.map((s) => [s.spanId, s]));
  const startMs = spans.length ? Math.min(...spans.map((s) => s.startUs / 1000)) : null;
  const seen = new Map<string, number>();
  const bySpan = new Map<string, string[]>();
  const perTrace = new Map<string, number>();
  const rows = byTime(lines).map((line): TraceLogRow => {
    const base = `${line.timeMs}|${line.service}|${line.spanId ?? ""}|${line.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const key = n ? `${base}|${n}` : base;
    const span = line.spanId ? spanById.get(line.spanId) : undefined;
    if (span) {
      const keys = bySpan.get(span.spanId);
      if (keys) keys.push(key);
      else bySpan.set(span.spanId, [key]);
    }
    if (line.traceId) perTrace.set(line.traceId, (perTrace.get(line.traceId) ?? 0) + 1);
    return {
      key,
      line,
      ...(span ? { span } : {}),
      unknownSpan: Boolean(line.spanId) && !span,
      offsetMs: startMs === null ? null : line.timeMs - startMs,
    };
  });
  return { rows, bySpan, perTrace };
}

/** The same line read twice (the page's data and a fetch for the same trace) is shown once. */
export function mergeLines(...groups: ReadonlyArray<readonly LogLine[]>): LogLine[] {
  const seen = new Set<string>();
  const out: LogLine[] = [];
  for (const line of groups.flat()) {
    const id = `${line.timeMs}|${line.traceId ?? ""}|${line.spanId ?? ""}|${line.service}|${line.level}|${line.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(line);
  }
  return byTime(out);
}

/**
 * What the open trace's log view needs beyond the page's data: the component's trace ids whose
 * lines were not looked up by the evaluation (the live page fetches those; a snapshot cannot).
 */
export function traceIdsToFetch(logs: TraceLogs, spans: readonly WaterfallSpan[], fallbackTraceId: string): string[] {
  if (logs.kind !== "lines") return [];
  const ids = spans.length ? componentTraceIds(spans) : [fallbackTraceId];
  const done = new Set(logs.lookedUp);
  return ids.filter((id) => !done.has(id));
}

/** A few of a line's fields, for display: at most `max`, keys sorted, values shortened. */
export function shownFields(line: LogLine, max = 4, maxChars = 80): Array<[string, string]> {
  return Object.entries(line.fields ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, max)
    .map(([k, v]) => [k, v.length > maxChars ? `${v.slice(0, maxChars - 1)}…` : v]);
}
