// Wire shapes of Loki's /loki/api/v1/query_range and status endpoints. Only this folder sees them.
import { z } from "zod";

const labels = z.record(z.string(), z.string());

/**
 * A stream entry: [unix ns as a string, the line]. With the `categorize-labels` encoding flag
 * (Loki 3) a third element carries structured metadata and parsed labels apart; without it
 * (the default) they are merged into the stream's labels, one stream per distinct set.
 */
const entry = z.union([
  z.tuple([z.string(), z.string()]),
  z.tuple([
    z.string(),
    z.string(),
    z.object({ structuredMetadata: labels.optional(), parsed: labels.optional() }).loose(),
  ]),
]);

const streams = z.object({
  resultType: z.literal("streams"),
  result: z.array(z.object({ stream: labels, values: z.array(entry) })),
});

// Metric queries answer like Prometheus: [float seconds, "value"].
const matrix = z.object({
  resultType: z.literal("matrix"),
  result: z.array(z.object({ metric: labels, values: z.array(z.tuple([z.number(), z.string()])) })),
});

const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ status: z.literal("success"), data, warnings: z.array(z.string()).optional() });

export const streamsResponseSchema = envelope(streams);
export const matrixResponseSchema = envelope(matrix);

export const buildInfoSchema = z.object({ version: z.string() }).loose();
/** /ready is text ("ready"), re-framed as a JSON string. */
export const textSchema = z.string();
