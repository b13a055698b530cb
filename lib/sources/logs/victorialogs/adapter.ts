// VictoriaLogs (LogsQL over /select/logsql/*). Trace lines from /select/logsql/query (JSON
// lines); activity from three stats queries in parallel: counts per step (stats_query_range),
// the newest line per service and the top error/warn messages (stats_query).
import "server-only";
import type { LogMessageCount } from "@/lib/domain/log";
import { SourceError } from "../../errors";
import { probeHealth } from "../../health";
import type { LogsSourceConfig } from "../config";
import {
  MAX_MESSAGES,
  messagesRange,
  newestLines,
  parseTimeMs,
  toActivity,
  toLogLine,
  type CountRow,
} from "../assemble";
import { foldLevel } from "../level";
import { logsHttp, serverTimeoutSeconds, type LogStore, type LogStoreDeps } from "../store";
import { countsQuery, lastLineQuery, topMessagesQuery, traceLinesQuery } from "./logsql";
import { queryRowsSchema, statsInstantSchema, statsRangeSchema, textSchema } from "./schemas";

/** Fields VictoriaLogs adds to every row: not the line's own fields. */
const BOOKKEEPING = ["_stream", "_stream_id", "_time", "_msg"];

export function createVictoriaLogsStore(config: LogsSourceConfig, deps: LogStoreDeps = {}): LogStore {
  const http = logsHttp(config, deps, (url) =>
    url.pathname.endsWith("/select/logsql/query")
      ? "json-lines"
      : url.pathname.endsWith("/health") || url.pathname.endsWith("/metrics")
        ? "text"
        : undefined,
  );
  const names = config.fields;
  const extra = config.query;
  const timeout = `${serverTimeoutSeconds(config.timeoutMs)}s`;
  const iso = (ms: number) => new Date(ms).toISOString();

  return {
    store: "victorialogs",
    http,
    reader: {
      store: "victorialogs",
      async traceLines(traceIds, window, limit) {
        if (traceIds.length === 0) return newestLines(traceIds, [], limit);
        // limit=N returns the N newest matching lines; one more tells us whether there were more.
        const rows = await http.getJson(
          {
            path: "/select/logsql/query",
            query: {
              query: traceLinesQuery(names, extra, traceIds),
              start: iso(window.fromMs),
              end: iso(window.toMs),
              limit: limit + 1,
              timeout,
            },
          },
          queryRowsSchema,
        );
        const wanted = new Set(traceIds);
        const lines = rows
          .map((row) => toLogLine(row, parseTimeMs(row._time), names, { bookkeeping: BOOKKEEPING }))
          .filter((line) => Number.isFinite(line.timeMs) && line.traceId !== undefined && wanted.has(line.traceId));
        return newestLines(traceIds, lines, limit);
      },
      async activity(services, range, messagesFromMs) {
        if (services.length === 0) return toActivity(services, range, [], new Map(), []);
        const [counts, last, top] = await Promise.all([
          http.getJson(
            {
              path: "/select/logsql/stats_query_range",
              query: {
                query: countsQuery(names, extra, services),
                start: iso(range.fromMs),
                end: iso(range.toMs),
                step: `${range.stepSeconds}s`,
                timeout,
              },
            },
            statsRangeSchema,
          ),
          http.getJson(
            {
              path: "/select/logsql/stats_query",
              query: { query: lastLineQuery(names, extra, services, range), time: iso(range.toMs), timeout },
            },
            statsInstantSchema,
          ),
          http.getJson(
            {
              path: "/select/logsql/stats_query",
              query: {
                query: topMessagesQuery(names, extra, services, messagesRange(range, messagesFromMs), MAX_MESSAGES),
                time: iso(range.toMs),
                timeout,
              },
            },
            statsInstantSchema,
          ),
        ]);
        const rows: CountRow[] = counts.data.result.flatMap(({ metric, values }) =>
          values.map(([tsSeconds, value]) => ({
            service: metric[names.service] ?? "",
            tsMs: Math.round(tsSeconds * 1000),
            rawLevel: metric[names.level],
            count: Number(value),
          })),
        );
        const lastLineMs = new Map<string, number>();
        for (const { metric, value } of last.data.result) {
          const ms = parseTimeMs(value[1]);
          if (!Number.isFinite(ms)) throw badValue(`max(_time) "${value[1]}" is not a time`);
          lastLineMs.set(metric[names.service] ?? "", ms);
        }
        const messages: LogMessageCount[] = top.data.result.map(({ metric, value }) => ({
          service: metric[names.service] ?? "",
          level: foldLevel(metric[names.level]).level,
          message: metric[names.message] ?? "",
          count: Number(value[1]),
        }));
        return toActivity(services, range, rows, lastLineMs, messages, messagesFromMs);
      },
    },
    health: () =>
      probeHealth(async () => {
        const answer = await http.getJson({ path: "/health", cacheTtlMs: 0 }, textSchema);
        if (answer.trim() !== "OK") throw badValue(`/health answered ${JSON.stringify(answer.slice(0, 80))}`);
        // The version is a nicety: /metrics is often closed by a proxy (vmauth) while queries work.
        const version = await http
          .getJson({ path: "/metrics", cacheTtlMs: 0 }, textSchema)
          .then((text) => ({ version: /^vm_app_version\{[^}]*short_version="([^"]+)"/m.exec(text)?.[1] }))
          .catch((error: unknown) => ({
            version: undefined,
            why: error instanceof Error ? error.message : String(error),
          }));
        return version.version
          ? { message: `VictoriaLogs ${version.version} answers`, version: version.version }
          : { message: `VictoriaLogs answers (version unknown${"why" in version ? `: ${version.why}` : ""})` };
      }),
  };
}

function badValue(what: string): SourceError {
  return new SourceError({
    source: "logs",
    kind: "parse",
    message: `VictoriaLogs sent a response Asyncscope does not understand (${what})`,
  });
}
