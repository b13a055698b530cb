// api_v3 (OTLP-JSON) → domain traces. Pure.
import type { AttributeValue, Attributes, Span, SpanKind, SpanLink, SpanStatus, Trace } from "@/lib/domain/trace";
import { assembleTrace } from "./assemble";
import { spanIdOf, traceIdOf } from "./ids";
import type { AnyValue, KeyValue, ResourceSpans } from "./schemas";

/** Jaeger stores its own span warnings (clock-skew adjustments among them) in this attribute. */
export const JAEGER_WARNINGS_ATTRIBUTE = "@jaeger@warnings";

const KINDS: SpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];

export function otlpKind(kind: number | string | undefined): SpanKind {
  if (kind === undefined) return "unspecified";
  if (typeof kind === "number") return KINDS[kind] ?? "unspecified";
  const name = kind.replace(/^SPAN_KIND_/, "").toLowerCase();
  return (KINDS as string[]).includes(name) ? (name as SpanKind) : "unspecified";
}

export function otlpStatus(status: { code?: number | string; message?: string } | undefined): SpanStatus {
  const code = status?.code;
  if (code === 2 || code === "STATUS_CODE_ERROR")
    return status?.message ? { code: "error", message: status.message } : { code: "error" };
  if (code === 1 || code === "STATUS_CODE_OK") return { code: "ok" };
  return { code: "unset" };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An int64 as a number when it fits exactly, else the decimal string (no digit lost). */
export function int64Value(raw: string | number): number | string {
  if (typeof raw === "number") return raw;
  const big = BigInt(raw);
  return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : big.toString();
}

/** Nanoseconds (string or number) → microseconds, exact in BigInt before the division. */
export function nanosToMicros(raw: string | number | undefined): number {
  if (raw === undefined) return 0;
  return Number(BigInt(raw) / 1000n);
}

function doubleOf(raw: number | string): number {
  if (typeof raw === "number") return raw;
  if (raw === "Infinity") return Infinity;
  if (raw === "-Infinity") return -Infinity;
  return Number(raw); // "NaN" → NaN
}

export function otlpValue(value: AnyValue | undefined): AttributeValue {
  if (!value) return { type: "empty" };
  if (value.stringValue !== undefined) return { type: "string", value: value.stringValue };
  if (value.boolValue !== undefined) return { type: "bool", value: value.boolValue };
  if (value.intValue !== undefined) return { type: "int", value: int64Value(value.intValue) };
  if (value.doubleValue !== undefined) return { type: "double", value: doubleOf(value.doubleValue) };
  if (value.bytesValue !== undefined) return { type: "bytes", value: value.bytesValue };
  if (value.arrayValue !== undefined) return { type: "array", value: (value.arrayValue.values ?? []).map(otlpValue) };
  if (value.kvlistValue !== undefined) return { type: "map", value: otlpAttributes(value.kvlistValue.values) };
  return { type: "empty" };
}

export function otlpAttributes(list: KeyValue[] | undefined): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) out[kv.key] = otlpValue(kv.value);
  return out;
}

function warningsOf(value: AttributeValue | undefined): string[] {
  if (!value) return [];
  if (value.type === "array") return value.value.flatMap(warningsOf);
  if (value.type === "string") {
    // Converted traces sometimes carry the slice as a JSON string.
    if (value.value.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(value.value);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // Not JSON after all: it is one warning that happens to start with "[".
      }
    }
    return [value.value];
  }
  return [];
}

function linkRelation(attrs: Attributes): SpanLink["relation"] {
  const ref = attrs["opentracing.ref_type"];
  if (ref?.type === "string" && ref.value === "follows_from") return "follows_from";
  if (ref?.type === "string" && ref.value === "child_of") return "child_of";
  return "link";
}

/** Groups OTLP resourceSpans by trace id into domain traces, in order of first appearance. */
export function otlpToTraces(resourceSpans: ResourceSpans[]): Trace[] {
  const byTrace = new Map<string, { spans: Span[]; nonHex: Set<string> }>();
  for (const rs of resourceSpans) {
    const resource = otlpAttributes(rs.resource?.attributes);
    const serviceAttr = resource["service.name"];
    const service = serviceAttr?.type === "string" ? serviceAttr.value : "unknown_service";
    for (const ss of rs.scopeSpans ?? []) {
      const scope = ss.scope?.name
        ? { name: ss.scope.name, ...(ss.scope.version ? { version: ss.scope.version } : {}) }
        : undefined;
      for (const wire of ss.spans ?? []) {
        const traceId = traceIdOf(wire.traceId);
        const spanId = spanIdOf(wire.spanId);
        const parent = wire.parentSpanId ? spanIdOf(wire.parentSpanId) : undefined;
        let entry = byTrace.get(traceId.id);
        if (!entry) {
          entry = { spans: [], nonHex: new Set() };
          byTrace.set(traceId.id, entry);
        }
        for (const r of [traceId, spanId, parent]) if (r?.nonHex) entry.nonHex.add(r.id);
        const { [JAEGER_WARNINGS_ATTRIBUTE]: warningAttr, ...attributes } = otlpAttributes(wire.attributes);
        const startUs = nanosToMicros(wire.startTimeUnixNano);
        const endUs = nanosToMicros(wire.endTimeUnixNano ?? wire.startTimeUnixNano);
        entry.spans.push({
          traceId: traceId.id,
          spanId: spanId.id,
          ...(parent ? { parentSpanId: parent.id } : {}),
          name: wire.name,
          kind: otlpKind(wire.kind),
          service,
          startUs,
          durationUs: endUs - startUs,
          attributes,
          resource,
          ...(scope ? { scope } : {}),
          events: (wire.events ?? []).map((e) => ({
            timeUs: nanosToMicros(e.timeUnixNano),
            name: e.name ?? "",
            attributes: otlpAttributes(e.attributes),
          })),
          links: (wire.links ?? []).map((l) => {
            const attrs = otlpAttributes(l.attributes);
            return {
              traceId: traceIdOf(l.traceId).id,
              spanId: spanIdOf(l.spanId).id,
              relation: linkRelation(attrs),
              attributes: attrs,
            };
          }),
          status: otlpStatus(wire.status),
          warnings: warningsOf(warningAttr),
        });
      }
    }
  }
  return [...byTrace].map(([traceId, { spans, nonHex }]) => assembleTrace(traceId, spans, [], nonHex));
}
