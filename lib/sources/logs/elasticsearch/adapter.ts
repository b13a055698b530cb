// Elasticsearch and OpenSearch (`_search`; both speak the same query DSL for what we ask).
// Trace lines: a terms filter on the trace id, newest first, total tracked to know truncation.
// Activity: one aggregation (service → date_histogram → level, max time per service) and one for
// the top error/warn messages, which needs a keyword message field (see query.ts).
import "server-only";
import type { LogLine, LogMessageCount } from "@/lib/domain/log";
import { SourceError } from "../../errors";
import { encodePathSegment, type Query } from "../../http";
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
import { readField } from "../fields";
import { foldLevel } from "../level";
import { LOG_STORE_NAMES, logsHttp, type LogStore, type LogStoreDeps } from "../store";
import { partialReasons } from "./partial";
import { batchIds, countsBody, messagesBody, traceLinesBody } from "./query";
import { countsResponseSchema, messagesResponseSchema, rootInfoSchema, searchResponseSchema } from "./schemas";

type SearchHit = { _source?: Record<string, unknown>; sort?: unknown[] };

export function createElasticsearchStore(config: LogsSourceConfig, deps: LogStoreDeps = {}): LogStore {
  const http = logsHttp(config, deps);
  const names = config.fields;
  const name = LOG_STORE_NAMES[config.store];
  const messageField = config.messageKeyword ?? names.message;
  const path = `/${encodePathSegment(config.index ?? "_all")}/_search`;
  const searchQuery = (body: unknown): Query => ({
    source: JSON.stringify(body),
    source_content_type: "application/json",
  });

  function hitTimeMs(hit: SearchHit): number {
    // The sort value of a date field is epoch ms whatever the stored format; _source as a fallback.
    const sorted = hit.sort?.[0];
    if (typeof sorted === "number") return sorted;
    const raw = readField(hit._source, names.time);
    return parseTimeMs(raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : raw);
  }

  return {
    store: config.store,
    http,
    reader: {
      store: config.store,
      async traceLines(traceIds, window, limit) {
        if (traceIds.length === 0) return newestLines(traceIds, [], limit);
        const batches = batchIds(
          traceIds,
          (ids) => encodeURIComponent(JSON.stringify(traceLinesBody(names, ids, window, limit))).length,
        );
        const answers = await Promise.all(
          batches.map((ids) =>
            http.getJson({ path, query: searchQuery(traceLinesBody(names, ids, window, limit)) }, searchResponseSchema),
          ),
        );
        const wanted = new Set(traceIds);
        let moreInStore = false;
        const lines: LogLine[] = [];
        const partial = answers.flatMap((answer) => partialReasons(answer, "trace lines", name));
        for (const answer of answers) {
          const total = answer.hits.total;
          const totalValue = typeof total === "number" ? total : total?.value;
          if (
            totalValue !== undefined &&
            (totalValue > answer.hits.hits.length || (typeof total === "object" && total.relation === "gte"))
          )
            moreInStore = true;
          for (const hit of answer.hits.hits) {
            if (!hit._source) continue; // an index with _source disabled: nothing to show for the hit
            const line = toLogLine(hit._source, hitTimeMs(hit), names);
            if (Number.isFinite(line.timeMs) && line.traceId !== undefined && wanted.has(line.traceId))
              lines.push(line);
          }
        }
        const found = newestLines(traceIds, lines, limit, moreInStore);
        return partial.length ? { ...found, partial } : found;
      },
      async activity(services, range, messagesFromMs) {
        if (services.length === 0) return toActivity(services, range, [], new Map(), []);
        const [counts, messages] = await Promise.all([
          http.getJson(
            { path, query: searchQuery(countsBody(names, services, range, range.stepSeconds)) },
            countsResponseSchema,
          ),
          http
            .getJson(
              {
                path,
                query: searchQuery(
                  messagesBody(names, services, messagesRange(range, messagesFromMs), MAX_MESSAGES, messageField),
                ),
              },
              messagesResponseSchema,
            )
            .then((body) => ({ messages: toMessages(body), partial: partialReasons(body, "messages", name) }))
            .catch((error: unknown) => {
              // A terms aggregation on a `text` message field is a 400: counts still stand, the
              // messages are left out, and the reason is logged here and kept as lastError on /sources.
              if (error instanceof SourceError && error.kind === "http" && error.status === 400) {
                console.warn(
                  `[logs] ${name} cannot count messages by ${messageField} (needs a keyword field: set sources.logs.messageKeyword, e.g. ${names.message}.keyword): ${error.message}`,
                );
                return { messages: [], partial: [] };
              }
              throw error;
            }),
        ]);
        const rows: CountRow[] = [];
        const lastLineMs = new Map<string, number>();
        for (const service of counts.aggregations.services.buckets) {
          const key = String(service.key);
          if (service.last.value !== null) lastLineMs.set(key, service.last.value);
          for (const step of service.steps.buckets) {
            let leveled = 0;
            for (const level of step.levels.buckets) {
              leveled += level.doc_count;
              rows.push({ service: key, tsMs: step.key, rawLevel: String(level.key), count: level.doc_count });
            }
            if (step.doc_count > leveled)
              rows.push({ service: key, tsMs: step.key, rawLevel: undefined, count: step.doc_count - leveled });
          }
        }
        const activity = toActivity(services, range, rows, lastLineMs, messages.messages, messagesFromMs);
        const partial = [...partialReasons(counts, "line counts", name), ...messages.partial];
        return partial.length ? { ...activity, partial } : activity;
      },
    },
    health: () =>
      probeHealth(async () => {
        const info = await http.getJson({ path: "/", cacheTtlMs: 0 }, rootInfoSchema);
        const distribution = info.version.distribution === "opensearch" ? "OpenSearch" : "Elasticsearch";
        return { message: `${distribution} ${info.version.number} answers`, version: info.version.number };
      }),
  };
}

function toMessages(body: {
  aggregations: {
    services: {
      buckets: Array<{
        key: string | number;
        levels: {
          buckets: Array<{
            key: string | number;
            messages: { buckets: Array<{ key: string | number; doc_count: number }> };
          }>;
        };
      }>;
    };
  };
}): LogMessageCount[] {
  return body.aggregations.services.buckets.flatMap((service) =>
    service.levels.buckets.flatMap((level) =>
      level.messages.buckets.map((message) => ({
        service: String(service.key),
        level: foldLevel(String(level.key)).level,
        message: String(message.key),
        count: message.doc_count,
      })),
    ),
  );
}
