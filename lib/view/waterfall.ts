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
import type { ExpectedSpan, WaterfallSpan } from "./view-model";

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

export interface RulerTick {
  /** Microseconds from the earliest span's start. */
  us: number;
  label: string;
}

/**
 * Ticks for the waterfall's time ruler: 0 and every step of 1, 2 or 5 × 10ⁿ up to the end,
 * at most `maxTicks` steps, labelled in one unit for the whole ruler ("0", "200 ms", "1.5 s").
 */
export function rulerTicks(totalUs: number, maxTicks = 5): RulerTick[] {
  if (!(totalUs > 0)) return [{ us: 0, label: "0" }];
  const rough = totalUs / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const stepUs = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const count = Math.floor(totalUs / stepUs + 1e-9);
  const lastUs = count * stepUs;
  const [unitUs, unit] = lastUs >= 1_000_000 ? [1_000_000, "s"] : lastUs >= 1000 ? [1000, "ms"] : [1, "µs"];
  const decimals = Math.max(0, -Math.floor(Math.log10(stepUs / unitUs) + 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => {
    const us = i * stepUs;
    return { us, label: i === 0 ? "0" : `${(us / unitUs).toFixed(decimals)} ${unit}` };
  });
}

/** An expected span the trace never recorded, drawn as a row where it would have been. */
export interface MissingRow {
  expected: ExpectedSpan;
  depth: number;
}

export type WaterfallLine = { kind: "span"; row: WaterfallRow } | { kind: "missing"; row: MissingRow };

const matches = (s: WaterfallSpan, ref: ExpectedSpan) =>
  s.service === ref.service && s.name === ref.name && (ref.kind === undefined || s.kind === ref.kind);

/**
 * The layout's rows with a placeholder for each expected span the trace is missing, put under
 * the span it would hang from: a consumer under the last producer expected before it, any other
 * span under the span expected just before it (present, or itself a placeholder), at the end of
 * that span's subtree. With nothing to hang from it goes first.
 *
 *   POST /checkout                         POST /checkout
 *     publish orders               →         publish orders
 *       process …notification                  process …notification
 *                                              ┆ process …inventory   (missing)
 *                                              ┆   stock.update       (missing)
 */
export function withMissingRows(
  rows: readonly WaterfallRow[],
  expected: readonly ExpectedSpan[],
  missingLabels: readonly string[],
): WaterfallLine[] {
  const lines: WaterfallLine[] = rows.map((row) => ({ kind: "span", row }));
  const missing = new Set(missingLabels);
  const depthOf = (l: WaterfallLine) => l.row.depth;
  expected.forEach((ref, i) => {
    if (!missing.has(ref.label)) return;
    const before = expected.slice(0, i);
    const parent = ref.kind === "consumer" ? before.findLast((r) => r.kind === "producer") : before[i - 1];
    const at = parent
      ? lines.findIndex((l) => (l.kind === "span" ? matches(l.row.span, parent) : l.row.expected === parent))
      : -1;
    if (at < 0) {
      lines.unshift({ kind: "missing", row: { expected: ref, depth: 0 } });
      return;
    }
    const depth = depthOf(lines[at]!);
    let end = at + 1;
    while (end < lines.length && depthOf(lines[end]!) > depth) end++;
    lines.splice(end, 0, { kind: "missing", row: { expected: ref, depth: depth + 1 } });
  });
  return lines;
}

/**
 * A span name split so the part that tells it from the other names on screen stays visible:
 * `head` is what it shares with another name (cut at a word boundary), drawn to shrink first;
 * `tail` is the rest. "process order_confirmed.inventory" beside "process
 * order_confirmed.notification" → head "process order_confirmed.", tail "inventory".
 */
export function splitDistinguishing(name: string, others: readonly string[]): { head: string; tail: string } {
  let shared = 0;
  for (const other of others) {
    if (other === name) continue;
    let n = 0;
    while (n < name.length && n < other.length && name[n] === other[n]) n++;
    shared = Math.max(shared, n);
  }
  // Back to just after a separator, so the tail starts at a word ("orders", not "s").
  let cut = shared;
  while (cut > 0 && !/[\s./_:-]/.test(name[cut - 1]!)) cut--;
  return { head: name.slice(0, cut), tail: name.slice(cut) };
}
