// Wire shapes of the VictoriaLogs querying API (/select/logsql/*). Only this folder sees them.
import { z } from "zod";

/**
 * /select/logsql/query: JSON lines, re-framed as an array by ../reframe.ts. Every value is a
 * string (numbers and booleans too: `"offset":"12345"`); empty fields are left out; `_time` is
 * RFC3339 with up to nanoseconds.
 */
export const queryRowsSchema = z.array(z.record(z.string(), z.string()));

// stats_query / stats_query_range answer in the Prometheus API shape: values are strings,
// timestamps float seconds. `metric` holds the `by (…)` fields that the row has (a line without
// a level has no level label) and __name__ = the result name.
const metric = z.record(z.string(), z.string());
const point = z.tuple([z.number(), z.string()]);

export const statsRangeSchema = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric, values: z.array(point) })) }),
});

export const statsInstantSchema = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric, value: point })) }),
});

/** /health and /metrics are text, re-framed as a JSON string. */
export const textSchema = z.string();
