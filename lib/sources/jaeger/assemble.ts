// Shared by both mappings: checks a trace's spans for the problems an investigation must see
// (duplicate span ids, parents that are not in the trace, ids that are not hex) and records them
// as trace warnings. Nothing is dropped or repaired silently.
import type { Span, Trace } from "@/lib/domain/trace";

export function assembleTrace(traceId: string, spans: Span[], warnings: string[], nonHexIds: Set<string>): Trace {
  const out = [...warnings];
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.spanId, (counts.get(span.spanId) ?? 0) + 1);
  for (const [spanId, n] of counts) {
    if (n > 1)
      out.push(
        `duplicate span id ${spanId}: ${n} spans share it (kept all; a shared client/server span or a re-sent span)`,
      );
  }
  for (const span of spans) {
    if (span.parentSpanId !== undefined && !counts.has(span.parentSpanId)) {
      out.push(
        `span ${span.spanId} (${span.service}: ${span.name}) has parent ${span.parentSpanId}, which is not in the trace`,
      );
    }
  }
  if (nonHexIds.size > 0)
    out.push(
      `ids that are not hex, kept as sent: ${[...nonHexIds].slice(0, 5).join(", ")}${nonHexIds.size > 5 ? ", …" : ""}`,
    );
  // Stable across APIs: by start, then span id (v1 and api_v3 list spans in different orders).
  spans.sort((a, b) => a.startUs - b.startUs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
  return { traceId, spans, warnings: out };
}
