// Wire shapes of the Jaeger query service: api_v3 (OTLP-JSON) and the v1 "UI" API.
// Only this folder sees them. Every schema is loose about extra keys (Jaeger adds fields across
// versions, the UI fixtures carry derived ones) and strict about the fields we read.
import { z } from "zod";

// ---------- api_v3 / OTLP-JSON ----------

// Quirk: OTLP-JSON encodes 64-bit integers (intValue, *UnixNano) as decimal STRINGS, because
// JSON numbers lose precision past 2^53. Some producers send numbers anyway; accept both.
const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]);

type AnyValueWire = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: AnyValueWire[] };
  kvlistValue?: { values?: Array<{ key: string; value?: AnyValueWire }> };
};

const scalarValueFields = {
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: int64.optional(),
  // Quirk: protojson writes NaN/Infinity as the strings "NaN"/"Infinity".
  doubleValue: z.union([z.number(), z.string()]).optional(),
  bytesValue: z.string().optional(),
};

/**
 * How many levels of arrays and maps inside an attribute value are validated field by field.
 * Deeper content is kept as its JSON text in a string value, not dropped.
 */
export const VALIDATED_VALUE_DEPTH = 4;

const deeperThanValidated = z.unknown().transform((value): AnyValueWire => ({ stringValue: JSON.stringify(value) }));

/**
 * A bounded tree, not a z.lazy cycle: zod 4.6 tracks re-entry into a recursive schema on every
 * value it parses, which made validating a 12 MB answer cost 2× what this does (a trace
 * answer has tens of thousands of attribute values, almost all scalars).
 */
function anyValueAtDepth(depth: number): z.ZodType<AnyValueWire> {
  const inner = depth === 0 ? deeperThanValidated : anyValueAtDepth(depth - 1);
  return z.object({
    ...scalarValueFields,
    arrayValue: z.object({ values: z.array(inner).optional() }).optional(),
    kvlistValue: z
      .object({ values: z.array(z.object({ key: z.string(), value: inner.optional() })).optional() })
      .optional(),
  });
}

export const anyValueSchema = anyValueAtDepth(VALIDATED_VALUE_DEPTH);
export const keyValueSchema = z.object({ key: z.string(), value: anyValueSchema.optional() });
const attributes = z.array(keyValueSchema).optional();

// Kind and status code: numbers in Jaeger's gateway (grpc-gateway with EnumsAsInts), enum
// names ("SPAN_KIND_SERVER") from other protojson writers. Accept both.
const enumValue = z.union([z.number().int(), z.string()]);

export const otlpSpanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().default(""),
  kind: enumValue.optional(),
  startTimeUnixNano: int64.optional(),
  endTimeUnixNano: int64.optional(),
  attributes,
  events: z.array(z.object({ timeUnixNano: int64.optional(), name: z.string().optional(), attributes })).optional(),
  links: z
    .array(z.object({ traceId: z.string(), spanId: z.string(), attributes, traceState: z.string().optional() }))
    .optional(),
  status: z.object({ code: enumValue.optional(), message: z.string().optional() }).optional(),
});

const scopeSchema = z.object({ name: z.string().optional(), version: z.string().optional(), attributes }).optional();

export const resourceSpansSchema = z.object({
  resource: z.object({ attributes }).optional(),
  scopeSpans: z.array(z.object({ scope: scopeSchema, spans: z.array(otlpSpanSchema).optional() })).optional(),
});

/** Quirk: the api_v3 gateway wraps traces in `{result: …}`; OTLP files and some proxies do not. */
export const otlpTracesSchema = z
  .union([
    z.object({ result: z.object({ resourceSpans: z.array(resourceSpansSchema).optional() }) }),
    z.object({ resourceSpans: z.array(resourceSpansSchema).optional() }),
  ])
  .transform((body) => ("result" in body ? body.result.resourceSpans : body.resourceSpans) ?? []);

export const v3ServicesSchema = z.object({ services: z.array(z.string()).nullish() });
export type OtlpSpan = z.output<typeof otlpSpanSchema>;
export type ResourceSpans = z.output<typeof resourceSpansSchema>;
export type AnyValue = AnyValueWire;
export type KeyValue = z.output<typeof keyValueSchema>;

// ---------- v1 (the UI's /api) ----------

// Quirk: v1 tags carry their type separately, and the value does not always match it:
// int64 beyond 2^53 is a string ("9223372036854775222"), a bool may be the string "true".
export const v1TagSchema = z.object({
  key: z.string(),
  type: z.string().default("string"),
  value: z.unknown(),
});

export const v1SpanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string().default(""),
  references: z.array(z.object({ refType: z.string(), traceID: z.string(), spanID: z.string() })).nullish(),
  startTime: z.number(), // microseconds
  duration: z.number(), // microseconds
  tags: z.array(v1TagSchema).nullish(),
  logs: z.array(z.object({ timestamp: z.number(), fields: z.array(v1TagSchema).nullish() })).nullish(),
  processID: z.string().optional(),
  // Some UI fixtures embed the process instead of pointing at it.
  process: z.object({ serviceName: z.string(), tags: z.array(v1TagSchema).nullish() }).optional(),
  warnings: z.array(z.string()).nullish(),
});

export const v1TraceSchema = z.object({
  traceID: z.string(),
  spans: z.array(v1SpanSchema),
  processes: z
    .record(z.string(), z.object({ serviceName: z.string(), tags: z.array(v1TagSchema).nullish() }))
    .default({}),
  warnings: z.array(z.string()).nullish(),
});

/** `{data, total, limit, offset, errors}`; `errors` may be null, or list per-trace failures. */
export function v1Envelope<T extends z.ZodType>(data: T) {
  return z.object({
    data: data.nullish(),
    total: z.number().optional(),
    limit: z.number().optional(),
    offset: z.number().optional(),
    errors: z
      .array(z.object({ code: z.number().optional(), msg: z.string().optional(), traceID: z.string().optional() }))
      .nullish(),
  });
}

export const v1TracesEnvelopeSchema = v1Envelope(z.array(v1TraceSchema));
export const v1ServicesEnvelopeSchema = v1Envelope(z.array(z.string()));

export type V1Trace = z.output<typeof v1TraceSchema>;
export type V1Span = z.output<typeof v1SpanSchema>;
export type V1Tag = z.output<typeof v1TagSchema>;
