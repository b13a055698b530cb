// Grafana Loki (LogQL over /loki/api/v1/query_range). Trace lines are a bounded lines query;
// activity is a count_over_time metric query, the newest line of each service (one limit=1
// query each: LogQL has no max-timestamp aggregation), and the top error/warn messages.
import "server-only";
import type { LogLine, LogMessageCount } from "@/lib/domain/log";
import { probeHealth } from "../../health";
import type { LogFieldNames, LogsSourceConfig } from "../config";
import {
  MAX_MESSAGES,
  messagesRange,
  newestLines,
  toActivity,
  toLogLine,
  topMessages,
  type CountRow,
} from "../assemble";
import { readField } from "../fields";
import { logsHttp, type LogStore, type LogStoreDeps } from "../store";
import { countsQuery, errorWarnLinesQuery, labelName, serviceLinesQuery, traceLinesQuery } from "./logql";
import { buildInfoSchema, matrixResponseSchema, streamsResponseSchema, textSchema } from "./schemas";

/**
 * LogQL cannot group lines by message text (`sum by` takes labels only), so the top messages are
 * counted here from the newest error/warn lines of the lookback, at most this many: the counts
 * are of that sample, not of the whole lookback.
 */
export const MESSAGE_SAMPLE_LINES = 1_000;

/** Loki's default max_entries_limit_per_query: a query asking more is refused. */
const LOKI_MAX_ENTRIES = 5000;

const ns = (ms: number): string => (BigInt(Math.floor(ms)) * 1_000_000n).toString();
const nsToMs = (value: string): number => Number(BigInt(value) / 1_000_000n);

export function createLokiStore(config: LogsSourceConfig, deps: LogStoreDeps = {}): LogStore {
  const http = logsHttp(config, deps, (url) => (url.pathname.endsWith("/ready") ? "text" : undefined));
  const names = config.fields;

  /** The lines, and Loki's warnings about the answer (a partial result says so there). */
  async function lines(
    query: string,
    window: { fromMs: number; toMs: number },
    limit: number,
  ): Promise<{ lines: LogLine[]; warnings: string[] }> {
    const body = await http.getJson(
      {
        path: "/loki/api/v1/query_range",
        // end is exclusive in Loki; one nanosecond more keeps a line written at toMs.
        query: {
          query,
          start: ns(window.fromMs),
          end: `${BigInt(ns(window.toMs)) + 1n}`,
          limit,
          direction: "backward",
        },
      },
      streamsResponseSchema,
    );
    return {
      lines: body.data.result.flatMap(({ stream, values }) =>
        values.map(([time, line, meta]) =>
          toLokiLine(nsToMs(time), line, { ...stream, ...meta?.structuredMetadata, ...meta?.parsed }, names),
        ),
      ),
      warnings: (body.warnings ?? []).map((w) => `Loki: ${w}`),
    };
  }

  return {
    store: "loki",
    http,
    reader: {
      store: "loki",
      async traceLines(traceIds, window, limit) {
        if (traceIds.length === 0) return newestLines(traceIds, [], limit);
        // direction=backward with limit N+1: the newest lines, and whether there were more.
        // Loki refuses more than max_entries_limit_per_query (5000 by default) in one query.
        const asked = Math.min(limit + 1, LOKI_MAX_ENTRIES);
        const found = await lines(traceLinesQuery(config, traceIds), window, asked);
        const wanted = new Set(traceIds);
        const kept = newestLines(
          traceIds,
          found.lines.filter((line) => line.traceId !== undefined && wanted.has(line.traceId)),
          limit,
          // Asked exactly `limit` (at Loki's cap) and got them all: there may be more.
          asked <= limit && found.lines.length >= asked,
        );
        return found.warnings.length ? { ...kept, partial: found.warnings } : kept;
      },
      async activity(services, range, messagesFromMs) {
        if (services.length === 0) return toActivity(services, range, [], new Map(), []);
        const step = range.stepSeconds;
        const [counts, newest, errorWarn] = await Promise.all([
          http.getJson(
            {
              path: "/loki/api/v1/query_range",
              query: {
                query: countsQuery(config, services, step),
                start: ns(range.fromMs),
                end: ns(range.toMs),
                step,
              },
            },
            matrixResponseSchema,
          ),
          Promise.all(services.map((service) => lines(serviceLinesQuery(config, service), range, 1))),
          lines(errorWarnLinesQuery(config, services), messagesRange(range, messagesFromMs), MESSAGE_SAMPLE_LINES),
        ]);
        const service = labelName(names.service);
        const level = labelName(names.level);
        // A point at t counts the lines of (t − step, t]: its step starts at t − step.
        const rows: CountRow[] = counts.data.result.flatMap(({ metric, values }) =>
          values.map(([tSeconds, value]) => ({
            service: metric[service] ?? "",
            tsMs: Math.round((tSeconds - step) * 1000),
            rawLevel: metric[level],
            count: Number(value),
          })),
        );
        const lastLineMs = new Map<string, number>();
        services.forEach((name, i) => {
          const times = (newest[i]?.lines ?? []).map((line) => line.timeMs);
          if (times.length) lastLineMs.set(name, Math.max(...times));
        });
        const messages: LogMessageCount[] = errorWarn.lines
          // The store filtered by level already; a line whose level folds elsewhere ("errorish") is not counted.
          .filter((line) => line.level === "error" || line.level === "warn")
          .map((line) => ({
            service: line.service,
            level: line.level,
            message: line.message,
            count: 1,
          }));
        const activity = toActivity(
          services,
          range,
          rows,
          lastLineMs,
          topMessages(messages, MAX_MESSAGES),
          messagesFromMs,
        );
        const partial = [
          ...new Set([
            ...(counts.warnings ?? []).map((w) => `Loki: ${w}`),
            ...newest.flatMap((n) => n.warnings),
            ...errorWarn.warnings,
          ]),
        ];
        return partial.length ? { ...activity, partial } : activity;
      },
    },
    health: () =>
      probeHealth(async () => {
        const ready = await http.getJson({ path: "/ready", cacheTtlMs: 0 }, textSchema);
        const info = await http.getJson({ path: "/loki/api/v1/status/buildinfo", cacheTtlMs: 0 }, buildInfoSchema);
        return { message: `Loki ${info.version} answers (${ready.trim() || "ready"})`, version: info.version };
      }),
  };
}

/**
 * A line's service, level and ids come from its labels (stream labels, structured metadata,
 * parsed labels; names sanitised as Loki does) and else from the line itself when it is JSON.
 * The message is the line, or the configured JSON field of it.
 */
export function toLokiLine(
  timeMs: number,
  line: string,
  labels: Record<string, string>,
  names: LogFieldNames,
): LogLine {
  const json = parseJsonLine(line);
  const resolved = Object.fromEntries(
    (Object.entries(names) as Array<[keyof LogFieldNames, string]>).map(([key, field]) => [
      key,
      field && labelName(field) in labels ? labelName(field) : field,
    ]),
  ) as LogFieldNames;
  const record = { ...json, ...labels };
  const message = names.message ? (readField(json, names.message) ?? line) : line;
  return toLogLine(record, timeMs, resolved, { message });
}

/** The line's fields when it is a JSON object; a plain-text line (the common case) has none. */
function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    // Starts like JSON but is not (a truncated or logfmt-with-brace line): it is plain text, the message as is.
    return undefined;
  }
}
