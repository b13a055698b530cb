// Store-neutral assembly of what the adapters read: lines from a flat record, the newest
// `limit` lines oldest first, and per-service activity from (service, step, level, count) rows.
import type {
  LogActivity,
  LogLevel,
  LogLine,
  LogMessageCount,
  ServiceLogActivity,
  TraceLogLines,
} from "@/lib/domain/log";
import type { MetricRange } from "../readers";
import type { LogFieldNames } from "./config";
import { flattenStrings, readField } from "./fields";
import { foldLevel } from "./level";

/** Extra fields shown with a line, at most this many (the rest stay in the store). */
const MAX_EXTRA_FIELDS = 12;
/** Top error/warn messages kept per activity. */
export const MAX_MESSAGES = 30;

/**
 * A LogLine from one flat or nested record. `known` are field names that are already the line's
 * time/service/level/message/ids and store bookkeeping, left out of `fields`.
 */
export function toLogLine(
  record: unknown,
  timeMs: number,
  names: LogFieldNames,
  opts: { message?: string; bookkeeping?: readonly string[] } = {},
): LogLine {
  const { level, rawLevel } = foldLevel(readField(record, names.level));
  const traceId = readField(record, names.traceId);
  const spanId = readField(record, names.spanId);
  const skip = new Set<string>([
    names.time,
    names.service,
    names.level,
    names.message,
    names.traceId,
    names.spanId,
    ...(opts.bookkeeping ?? []),
  ]);
  const extra = Object.entries(flattenStrings(record)).filter(([key, value]) => !skip.has(key) && value !== "");
  return {
    timeMs,
    service: readField(record, names.service) ?? "",
    level,
    ...(rawLevel ? { rawLevel } : {}),
    message: opts.message ?? readField(record, names.message) ?? "",
    ...(traceId ? { traceId } : {}),
    ...(spanId ? { spanId } : {}),
    ...(extra.length ? { fields: Object.fromEntries(extra.slice(0, MAX_EXTRA_FIELDS)) } : {}),
  };
}

/** Oldest first; when there are more than `limit`, the newest `limit` are kept and `truncated` is set. */
export function newestLines(
  traceIds: readonly string[],
  lines: LogLine[],
  limit: number,
  moreInStore = false,
): TraceLogLines {
  const sorted = [...lines].sort((a, b) => a.timeMs - b.timeMs);
  const truncated = moreInStore || sorted.length > limit;
  return { traceIds: [...traceIds], lines: sorted.slice(Math.max(0, sorted.length - limit)), truncated, limit };
}

export interface CountRow {
  service: string;
  /** Step start, ms. */
  tsMs: number;
  rawLevel: string | undefined;
  count: number;
}

/** Per-service activity in the order asked; rows of services not asked about are dropped. */
export function toActivity(
  services: readonly string[],
  range: MetricRange,
  rows: readonly CountRow[],
  lastLineMs: ReadonlyMap<string, number>,
  messages: readonly LogMessageCount[],
  messagesFromMs?: number,
): LogActivity {
  const byService = new Map<string, Map<number, Partial<Record<LogLevel, number>>>>();
  for (const service of services) byService.set(service, new Map());
  for (const row of rows) {
    const steps = byService.get(row.service);
    if (!steps || !(row.count > 0)) continue;
    const counts = steps.get(row.tsMs) ?? {};
    const { level } = foldLevel(row.rawLevel);
    counts[level] = (counts[level] ?? 0) + row.count;
    steps.set(row.tsMs, counts);
  }
  const activity: ServiceLogActivity[] = services.map((service) => ({
    service,
    buckets: [...(byService.get(service) ?? new Map<number, Partial<Record<LogLevel, number>>>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([tsMs, counts]) => ({ tsMs, counts })),
    lastLineMs: lastLineMs.get(service) ?? null,
  }));
  return {
    fromMs: range.fromMs,
    toMs: range.toMs,
    stepSeconds: range.stepSeconds,
    services: activity,
    messages: topMessages(messages),
    ...(messagesFromMs !== undefined && messagesFromMs > range.fromMs ? { messagesFromMs } : {}),
  };
}

/**
 * The range the top messages are counted over: from the window judged, so a burst quotes its
 * own lines and not those of an earlier incident still in the metric lookback.
 */
export function messagesRange(range: MetricRange, messagesFromMs: number | undefined): MetricRange {
  if (messagesFromMs === undefined) return range;
  return { ...range, fromMs: Math.min(range.toMs, Math.max(range.fromMs, messagesFromMs)) };
}

/** Merges rows of the same service/level/message (raw levels fold together), most frequent first. */
export function topMessages(rows: readonly LogMessageCount[], max = MAX_MESSAGES): LogMessageCount[] {
  const merged = new Map<string, LogMessageCount>();
  for (const row of rows) {
    const key = JSON.stringify([row.service, row.level, row.message]);
    const seen = merged.get(key);
    if (seen) seen.count += row.count;
    else merged.set(key, { ...row });
  }
  return [...merged.values()]
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.message.localeCompare(b.message))
    .slice(0, max);
}

/** Parses a store timestamp (RFC3339, with or without zone; epoch ms number) to ms, or NaN. */
export function parseTimeMs(value: string | number | undefined): number {
  if (value === undefined) return NaN;
  if (typeof value === "number") return value;
  // Elasticsearch accepts and returns dates without a zone ("2099-11-15T14:12:12"): they are UTC.
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) || !value.includes("T") ? value : `${value}Z`;
  return Date.parse(zoned);
}
