// Traces as the app sees them. Jaeger api_v3 (OTLP-JSON) and v1 both map to these types.

export type SpanKind = "internal" | "server" | "client" | "producer" | "consumer" | "unspecified";

/**
 * An attribute value of any type a tracer can send. Integers beyond 2^53 arrive from Jaeger as
 * strings; they stay `{ type: "int", value: "9223372036854775222" }` (a decimal string) so no
 * digit is lost. Small integers are numbers.
 */
export type AttributeValue =
  | { type: "string"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "int"; value: number | string }
  | { type: "double"; value: number }
  | { type: "bytes"; value: string /* base64 */ }
  | { type: "array"; value: AttributeValue[] }
  | { type: "map"; value: Attributes }
  | { type: "empty" };

export type Attributes = Readonly<Record<string, AttributeValue>>;

export interface SpanEvent {
  /** Unix time in microseconds. */
  timeUs: number;
  name: string;
  attributes: Attributes;
}

/** A relation to another span, possibly in another trace (messaging consumers link to producers). */
export interface SpanLink {
  traceId: string;
  spanId: string;
  /** "follows_from" / "child_of" when the link came from an OpenTracing reference, else "link". */
  relation: "link" | "follows_from" | "child_of";
  attributes: Attributes;
}

export type SpanStatus = { code: "unset" | "ok" } | { code: "error"; message?: string };

export interface Span {
  traceId: string;
  spanId: string;
  /** Parent span id; may point at a span that is not in the trace (missing parent). */
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  service: string;
  /** Unix time in microseconds (Jaeger's unit; nanosecond inputs are truncated). */
  startUs: number;
  durationUs: number;
  attributes: Attributes;
  resource: Attributes;
  /** The instrumentation library that made the span. */
  scope?: { name: string; version?: string };
  events: SpanEvent[];
  links: SpanLink[];
  status: SpanStatus;
  /** Jaeger's warnings on the span, e.g. clock-skew adjustments. Shown, never hidden. */
  warnings: string[];
}

export interface Trace {
  traceId: string;
  spans: Span[];
  /** Trace-level warnings plus problems found while mapping (duplicate span ids, …). */
  warnings: string[];
}

export interface TraceSearch {
  service: string;
  operation?: string;
  /** Attribute filters (exact match), e.g. { "messaging.destination.name": "orders" }. */
  attributes?: Record<string, string>;
  start: Date;
  end: Date;
  /** Upper bound on traces returned. */
  limit: number;
  minDurationMs?: number;
  maxDurationMs?: number;
}

const CLOCK_SKEW = /clock skew|timestamps were adjusted/i;
/**
 * Jaeger's adjuster could not judge the span: "parent span ID=… is not in the trace; skipping
 * clock skew adjustment" or "invalid parent span IDs=…; skipping …". Its parent is missing
 * (not yet stored, or lost), which says nothing about clocks: trace completeness judges it.
 */
const SKEW_NOT_JUDGED = /skipping clock skew adjustment/i;

/** Jaeger writes "This span's timestamps were adjusted by …" when it corrected clock skew. */
export function isClockSkewWarning(warning: string): boolean {
  return CLOCK_SKEW.test(warning) && !SKEW_NOT_JUDGED.test(warning);
}

/** Reads an attribute as a string for display and matching (ints keep every digit). */
export function attributeText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (value.type) {
    case "string":
    case "bytes":
      return value.value;
    case "bool":
    case "int":
    case "double":
      return String(value.value);
    case "array":
      return JSON.stringify(value.value.map(attributeText));
    case "map":
      return JSON.stringify(Object.fromEntries(Object.entries(value.value).map(([k, v]) => [k, attributeText(v)])));
    case "empty":
      return "";
  }
}

/** A span as a workflow names it: service, span name, and optionally its kind. */
export interface SpanRef {
  service: string;
  span: string;
  kind?: SpanKind;
}

export function matchesRef(span: Span, ref: SpanRef): boolean {
  return span.name === ref.span && span.service === ref.service && (ref.kind === undefined || span.kind === ref.kind);
}
