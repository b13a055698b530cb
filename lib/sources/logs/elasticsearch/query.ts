// Elasticsearch/OpenSearch search bodies. They go in the URL (`source` + `source_content_type`,
// which both accept on every API) so that the request is a GET the shared client coalesces and
// caches; Elasticsearch refuses request lines over 4 KB by default (http.max_initial_line_length),
// so trace ids are sent in batches that keep the URL under that.
import type { LogFieldNames } from "../config";
import { ERROR_WARN_WORDS } from "../level";

/** Room for the base URL, the index and everything but the ids. */
export const MAX_SOURCE_CHARS = 3_000;

export function traceLinesBody(
  names: LogFieldNames,
  traceIds: readonly string[],
  window: { fromMs: number; toMs: number },
  size: number,
) {
  return {
    size,
    // The total tells us whether the store had more than we fetched.
    track_total_hits: true,
    sort: [{ [names.time]: { order: "desc" } }],
    query: {
      bool: {
        filter: [{ terms: { [names.traceId]: traceIds } }, timeRange(names, window)],
      },
    },
  };
}

function timeRange(names: LogFieldNames, window: { fromMs: number; toMs: number }) {
  return { range: { [names.time]: { gte: window.fromMs, lte: window.toMs, format: "epoch_millis" } } };
}

/**
 * Lines per service → step → level, and the newest line per service. A step's lines that have
 * no level are its doc_count minus its level buckets.
 */
export function countsBody(
  names: LogFieldNames,
  services: readonly string[],
  window: { fromMs: number; toMs: number },
  stepSeconds: number,
) {
  return {
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ terms: { [names.service]: services } }, timeRange(names, window)] } },
    aggs: {
      services: {
        terms: { field: names.service, size: services.length },
        aggs: {
          steps: {
            date_histogram: { field: names.time, fixed_interval: `${stepSeconds}s`, min_doc_count: 1 },
            aggs: { levels: { terms: { field: names.level, size: 20 } } },
          },
          last: { max: { field: names.time } },
        },
      },
    },
  };
}

/**
 * The most frequent error/warn messages. A terms aggregation needs a keyword (or
 * fielddata) field: on a `text` message field Elasticsearch answers 400, which the adapter
 * reports without failing the rest of the activity.
 */
export function messagesBody(
  names: LogFieldNames,
  services: readonly string[],
  window: { fromMs: number; toMs: number },
  max: number,
  messageField: string = names.message,
) {
  const spellings = ERROR_WARN_WORDS.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]);
  return {
    size: 0,
    track_total_hits: false,
    query: {
      bool: {
        filter: [
          { terms: { [names.service]: services } },
          { terms: { [names.level]: spellings } },
          timeRange(names, window),
        ],
      },
    },
    aggs: {
      services: {
        terms: { field: names.service, size: services.length },
        aggs: {
          levels: {
            terms: { field: names.level, size: 10 },
            aggs: { messages: { terms: { field: messageField, size: max } } },
          },
        },
      },
    },
  };
}

/** Splits ids so that each batch's encoded body stays under `maxChars`. */
export function batchIds(
  ids: readonly string[],
  encodedLength: (batch: readonly string[]) => number,
  maxChars = MAX_SOURCE_CHARS,
): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  for (const id of ids) {
    if (current.length > 0 && encodedLength([...current, id]) > maxChars) {
      batches.push(current);
      current = [];
    }
    current.push(id);
  }
  if (current.length) batches.push(current);
  return batches;
}
