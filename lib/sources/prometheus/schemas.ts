// Wire shapes of the Prometheus HTTP API (/api/v1/*). Only this folder sees them.
import { z } from "zod";

// Quirk: sample values are strings ("1", "NaN", "+Inf", "-Inf") so that floats survive JSON;
// timestamps are float seconds (1435781451.781).
const sampleValue = z.string();
const sample = z.tuple([z.number(), sampleValue]);

// Native histograms (Prometheus ≥2.40) arrive as `histogram`/`histograms` instead of `value(s)`.
// Bucket: [boundaryRule, lower, upper, count], all but the rule as strings.
const histogram = z.object({
  count: z.string(),
  sum: z.string(),
  buckets: z.array(z.tuple([z.number(), z.string(), z.string(), z.string()])).optional(),
});
const histogramSample = z.tuple([z.number(), histogram]);

const metric = z.record(z.string(), z.string());

export const vectorSchema = z.object({
  resultType: z.literal("vector"),
  result: z.array(z.object({ metric, value: sample.optional(), histogram: histogramSample.optional() })),
});
export const matrixSchema = z.object({
  resultType: z.literal("matrix"),
  result: z.array(
    z.object({ metric, values: z.array(sample).optional(), histograms: z.array(histogramSample).optional() }),
  ),
});
export const scalarSchema = z.object({ resultType: z.literal("scalar"), result: sample });
export const stringSchema = z.object({ resultType: z.literal("string"), result: z.tuple([z.number(), z.string()]) });

export const queryDataSchema = z.discriminatedUnion("resultType", [
  vectorSchema,
  matrixSchema,
  scalarSchema,
  stringSchema,
]);

/**
 * The envelope. Real Prometheus sends "success" or "error" (warnings ride along with
 * "success"); Jaeger's test data also uses "warning", which we accept as success.
 * `infos` appeared in Prometheus 2.45.
 */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({
    status: z.enum(["success", "error", "warning"]),
    data: data.optional(),
    errorType: z.string().optional(),
    error: z.string().optional(),
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

export const queryResponseSchema = envelope(queryDataSchema);
export const buildInfoResponseSchema = envelope(
  z
    .object({
      version: z.string(),
      revision: z.string().optional(),
      branch: z.string().optional(),
      goVersion: z.string().optional(),
    })
    .loose(),
);

export type QueryResponse = z.output<typeof queryResponseSchema>;
export type QueryData = z.output<typeof queryDataSchema>;
export type Histogram = z.output<typeof histogram>;
