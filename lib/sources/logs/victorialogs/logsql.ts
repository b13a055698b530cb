// LogsQL built from configured names and values, quoted so that neither can change the query.
// LogsQL quoted strings are Go string literals; JSON.stringify writes a subset of those (\" \\
// \n \uXXXX). Field names are always quoted: `service.name` would parse unquoted, but names with
// `:`, spaces or `|` would not. See https://docs.victoriametrics.com/victorialogs/logsql/
import type { LogFieldNames } from "../config";
import { ERROR_WARN_WORDS } from "../level";

export const quote = (value: string): string => JSON.stringify(value);

/** `"field":in("a","b")`: exact match of any value. */
export function inFilter(field: string, values: readonly string[]): string {
  return `${quote(field)}:in(${values.map(quote).join(",")})`;
}

/** `_time:[from, to]`: the range filter (stats_query has no start/end args, only `time`). */
export function timeFilter(fromMs: number, toMs: number): string {
  return `_time:[${new Date(fromMs).toISOString()}, ${new Date(toMs).toISOString()}]`;
}

/** ANDs filters, the configured extra filter (e.g. `_stream:{env="prod"}`) in parentheses. */
export function allOf(extra: string | undefined, ...filters: string[]): string {
  return [...(extra ? [`(${extra})`] : []), ...filters].join(" AND ");
}

export function traceLinesQuery(names: LogFieldNames, extra: string | undefined, traceIds: readonly string[]): string {
  return allOf(extra, inFilter(names.traceId, traceIds));
}

/** Lines per step, service and level, for /select/logsql/stats_query_range. */
export function countsQuery(names: LogFieldNames, extra: string | undefined, services: readonly string[]): string {
  return `${allOf(extra, inFilter(names.service, services))} | stats by (${quote(names.service)}, ${quote(names.level)}) count() hits`;
}

/** The newest line per service in the range, for /select/logsql/stats_query. */
export function lastLineQuery(
  names: LogFieldNames,
  extra: string | undefined,
  services: readonly string[],
  window: { fromMs: number; toMs: number },
): string {
  return `${allOf(extra, timeFilter(window.fromMs, window.toMs), inFilter(names.service, services))} | stats by (${quote(names.service)}) max(_time) last`;
}

/** The most frequent error/warn messages; levels matched case-insensitively ("ERROR", "Warning"). */
export function topMessagesQuery(
  names: LogFieldNames,
  extra: string | undefined,
  services: readonly string[],
  window: { fromMs: number; toMs: number },
  limit: number,
): string {
  const levels = `${quote(names.level)}:~${quote(`(?i)^(${ERROR_WARN_WORDS.join("|")})$`)}`;
  const by = [names.service, names.level, names.message].map(quote).join(", ");
  return `${allOf(extra, timeFilter(window.fromMs, window.toMs), inFilter(names.service, services), levels)} | stats by (${by}) count() hits | sort by (hits desc) | limit ${limit}`;
}
