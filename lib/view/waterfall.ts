// Lays out a trace component (spans of one trace and the traces linked to it) as waterfall
// rows: parent → children, and a consumer linked to a producer is placed under that producer
// even when it lives in another trace. Pure, client-safe; the page draws what this returns.
//
//   order-service   POST /checkout      ████████████
//   order-service     publish orders       ██
//   notification        ░░░░ queue wait ░░░░ process …   ██████   (linked, trace 4bf9…)
//
// Queue wait runs from the producer span's start (when the message was sent) to the consumer
// span's start. A consumer that starts before its producer is clock skew: flagged, not adjusted.
import { isClockSkewWarning } from "@/lib/domain/trace";
import type { WaterfallSpan } from "./view-model";

export interface WaterfallRow {
  span: WaterfallSpan;
  depth: number;
  /** Reached through a span link rather than a parent id. */
  viaLink: boolean;
  /** The span's trace differs from the first row's. */
  otherTrace: boolean;
  /** Microseconds from the earliest span's start. */
  offsetUs: number;
  /** For consumer spans with a known producer: the wait in the queue (offsets from the earliest start). */
  queueWait?: { fromUs: number; toUs: number; waitUs: number };
  /** Clock-skew findings on this row (Jaeger's adjustment warnings, negative waits, child before parent). */
  skew: string[];
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startUs: number;
  totalUs: number;
  traceIds: string[];
}

export function layoutWaterfall(spans: readonly WaterfallSpan[], toleranceUs = 0): WaterfallLayout {
  if (spans.length === 0) return { rows: [], startUs: 0, totalUs: 0, traceIds: [] };
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const startUs = Math.min(...spans.map((s) => s.startUs));
  const endUs = Math.max(...spans.map((s) => s.startUs + s.durationUs));
  // Each span's place: under its parent if present, else under a linked producer if present.
  const under = new Map<string, Array<{ span: WaterfallSpan; viaLink: boolean }>>();
  const roots: WaterfallSpan[] = [];
  const producerOf = new Map<string, WaterfallSpan>();
  for (const s of spans) {
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    const linked = s.links.map((l) => byId.get(l.spanId)).find((x): x is WaterfallSpan => x !== undefined);
    if (s.kind === "consumer") {
      const producer = parent?.kind === "producer" ? parent : linked?.kind === "producer" ? linked : undefined;
      if (producer) producerOf.set(s.spanId, producer);
    }
    const home = parent ?? linked;
    if (home && home.spanId !== s.spanId) {
      const list = under.get(home.spanId) ?? [];
      list.push({ span: s, viaLink: !parent });
      under.set(home.spanId, list);
    } else roots.push(s);
  }
  const firstTrace = [...spans].sort((a, b) => a.startUs - b.startUs)[0]!.traceId;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: WaterfallSpan, depth: number, viaLink: boolean) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    const skew = span.warnings.filter(isClockSkewWarning);
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (parent && span.kind !== "consumer" && span.startUs < parent.startUs - toleranceUs) {
      skew.push(
        `starts ${Math.round((parent.startUs - span.startUs) / 1000)} ms before its parent ${parent.service} "${parent.name}"`,
      );
    }
    const producer = producerOf.get(span.spanId);
    let queueWait: WaterfallRow["queueWait"];
    if (producer) {
      const waitUs = span.startUs - producer.startUs;
      queueWait = {
        fromUs: Math.min(producer.startUs, span.startUs) - startUs,
        toUs: Math.max(producer.startUs, span.startUs) - startUs,
        waitUs,
      };
      if (waitUs < -toleranceUs)
        skew.push(`starts ${Math.round(-waitUs / 1000)} ms before ${producer.service} published the message`);
    }
    rows.push({
      span,
      depth,
      viaLink,
      otherTrace: span.traceId !== firstTrace,
      offsetUs: span.startUs - startUs,
      ...(queueWait ? { queueWait } : {}),
      skew,
    });
    const kids = (under.get(span.spanId) ?? []).sort((a, b) => a.span.startUs - b.span.startUs);
    for (const k of kids) visit(k.span, depth + 1, k.viaLink);
  };
  for (const r of roots.sort((a, b) => a.startUs - b.startUs)) visit(r, 0, false);
  // Cycles through links (should not happen) leave spans unvisited: show them flat rather than drop them.
  for (const s of spans) if (!seen.has(s.spanId)) visit(s, 0, false);
  return { rows, startUs, totalUs: Math.max(1, endUs - startUs), traceIds: [...new Set(spans.map((s) => s.traceId))] };
}

/** "1.2 s", "340 ms", "85 µs". */
export function formatMicros(us: number): string {
  const a = Math.abs(us);
  if (a >= 1_000_000) return `${(us / 1_000_000).toFixed(a >= 10_000_000 ? 0 : 1)} s`;
  if (a >= 1000) return `${Math.round(us / 1000)} ms`;
  return `${Math.round(us)} µs`;
}
