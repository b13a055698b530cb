// Jaeger v1 (UI API) → domain traces, the same shape api_v3 maps to. Pure.
// v1 flattens OTLP into tags: `span.kind`, `otel.status_code`, `error`, `otel.scope.*` are
// tags, parents and links are `references`, the service lives in a `processes` map, and times
// are microseconds. These are folded back into the domain fields and removed from attributes,
// so a trace reads the same whichever API served it.
import type { AttributeValue, Attributes, Span, SpanKind, SpanLink, SpanStatus, Trace } from "@/lib/domain/trace";
import { assembleTrace } from "./assemble";
import { spanIdOf, traceIdOf } from "./ids";
import type { V1Span, V1Tag, V1Trace } from "./schemas";

const FOLDED = new Set([
  "span.kind",
  "otel.status_code",
  "otel.status_description",
  "error",
  "otel.scope.name",
  "otel.scope.version",
]);
const KINDS = new Set<SpanKind>(["internal", "server", "client", "producer", "consumer"]);

export function v1Value(tag: V1Tag): AttributeValue {
  const { type, value } = tag;
  switch (type) {
    case "bool":
      // Quirk: the UI fixtures have `"type":"bool","value":"true"`.
      return { type: "bool", value: value === true || value === "true" };
    case "int64":
      if (typeof value === "number") return { type: "int", value };
      if (typeof value === "string" && /^-?\d+$/.test(value)) {
        // Quirk: int64 beyond 2^53 arrives as a string so no digit is lost; keep it that way.
        const big = BigInt(value);
        return {
          type: "int",
          value:
            big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : value,
        };
      }
      return { type: "string", value: String(value) };
    case "float64":
      return { type: "double", value: typeof value === "number" ? value : Number(value) };
    case "binary":
      return { type: "bytes", value: String(value) };
    default:
      return { type: "string", value: typeof value === "string" ? value : JSON.stringify(value) };
  }
}

export function v1Attributes(tags: V1Tag[] | null | undefined, skip?: Set<string>): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const tag of tags ?? []) if (!skip?.has(tag.key)) out[tag.key] = v1Value(tag);
  return out;
}

function tagText(tags: V1Tag[] | null | undefined, key: string): string | undefined {
  const tag = tags?.find((t) => t.key === key);
  return tag === undefined ? undefined : String(tag.value);
}

function v1Status(tags: V1Tag[] | null | undefined): SpanStatus {
  const code = tagText(tags, "otel.status_code");
  const message = tagText(tags, "otel.status_description");
  if (code === "ERROR" || tagText(tags, "error") === "true")
    return message ? { code: "error", message } : { code: "error" };
  if (code === "OK") return { code: "ok" };
  return { code: "unset" };
}

function v1Kind(tags: V1Tag[] | null | undefined): SpanKind {
  const kind = tagText(tags, "span.kind");
  return kind && KINDS.has(kind as SpanKind) ? (kind as SpanKind) : "unspecified";
}

export function v1ToTrace(wire: V1Trace): Trace {
  const traceId = traceIdOf(wire.traceID);
  const nonHex = new Set<string>();
  if (traceId.nonHex) nonHex.add(traceId.id);
  const spans = wire.spans.map((span) => v1Span(span, wire, nonHex));
  return assembleTrace(traceId.id, spans, wire.warnings ?? [], nonHex);
}

function v1Span(span: V1Span, trace: V1Trace, nonHex: Set<string>): Span {
  const traceId = traceIdOf(span.traceID);
  const spanId = spanIdOf(span.spanID);
  for (const r of [traceId, spanId]) if (r.nonHex) nonHex.add(r.id);
  const process = span.process ?? (span.processID ? trace.processes[span.processID] : undefined);
  // Jaeger's rule (model.Span.ParentSpanID): the parent is the first CHILD_OF reference within
  // the same trace; failing that, a FOLLOWS_FROM in first position within the same trace.
  // Every reference that is not a CHILD_OF parent is a link. The FOLLOWS_FROM case is real: an
  // OTLP consumer span with parentSpanId X and a link to X comes out of Jaeger's v1 conversion
  // as a single FOLLOWS_FROM X, so it is both the parent and a link, as in the api_v3 answer.
  const refs = span.references ?? [];
  const sameTrace = (r: { traceID: string }) => traceIdOf(r.traceID).id === traceId.id;
  const childOf = refs.findIndex((r) => r.refType === "CHILD_OF" && sameTrace(r));
  const first = refs[0];
  const parentRef =
    childOf >= 0 ? refs[childOf] : first && first.refType === "FOLLOWS_FROM" && sameTrace(first) ? first : undefined;
  const parentSpanId = parentRef ? spanIdOf(parentRef.spanID).id : undefined;
  const links: SpanLink[] = [];
  refs.forEach((ref, i) => {
    const refSpan = spanIdOf(ref.spanID);
    if (refSpan.nonHex) nonHex.add(refSpan.id);
    if (i === childOf) return;
    links.push({
      traceId: traceIdOf(ref.traceID).id,
      spanId: refSpan.id,
      relation: ref.refType === "FOLLOWS_FROM" ? "follows_from" : "child_of",
      attributes: {},
    });
  });
  const scopeName = tagText(span.tags, "otel.scope.name");
  const scopeVersion = tagText(span.tags, "otel.scope.version");
  return {
    traceId: traceId.id,
    spanId: spanId.id,
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: span.operationName,
    kind: v1Kind(span.tags),
    service: process?.serviceName ?? "unknown_service",
    startUs: span.startTime,
    durationUs: span.duration,
    attributes: v1Attributes(span.tags, FOLDED),
    resource: {
      ...(process ? { "service.name": { type: "string", value: process.serviceName } } : {}),
      ...v1Attributes(process?.tags),
    },
    ...(scopeName ? { scope: { name: scopeName, ...(scopeVersion ? { version: scopeVersion } : {}) } } : {}),
    events: (span.logs ?? []).map((log) => {
      // Jaeger stores an OTLP event's name in the "event" field.
      const name = tagText(log.fields, "event") ?? "";
      return { timeUs: log.timestamp, name, attributes: v1Attributes(log.fields, new Set(["event"])) };
    }),
    links,
    status: v1Status(span.tags),
    warnings: span.warnings ?? [],
  };
}
