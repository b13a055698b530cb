// One pass over a trace sample: for every trace that starts the workflow, what is missing,
// which publishes were never consumed, which consumers ended without their downstream work,
// and where timestamps disagree. The relation between spans follows parent ids AND span links,
// across trace ids (OTel messaging: a consumer should link to the creation context, and may
// live in a trace of its own). Facts are computed once; checks and transitions aggregate them.
import { matchesRef } from "@/lib/domain/trace";
import type { SpanRefConfig, WorkflowConfig } from "@/lib/config/schema";
import { isClockSkewWarning, type Span, type Trace } from "@/lib/domain/trace";

export interface OrphanFact {
  destination: string;
  traceId: string;
  spanId: string;
  startMs: number;
}

export interface DropFact {
  consumer: string;
  /** The consumer span's service (the one that acked and skipped the work). */
  service: string;
  missing: string[];
  traceId: string;
  spanId: string;
  startMs: number;
}

export interface SkewFact {
  kind: "negative-queue-wait" | "child-before-parent" | "jaeger-adjusted";
  services: string;
  /** How far off, in ms (negative: the later span claims to start first). */
  offsetMs: number;
  traceId: string;
  spanId: string;
  text: string;
}

export interface TraceFacts {
  traceId: string;
  /** "service: span name" of the trace's root. */
  rootType: string;
  startMs: number;
  /** Old enough (past the orphan grace) to judge; younger traces may still be in flight. */
  judged: boolean;
  /** Expected spans not found (labels "service/span"). */
  missing: string[];
  orphans: OrphanFact[];
  drops: DropFact[];
  skew: SkewFact[];
  /** Consumer spans of expected types that were judged for drops. */
  consumersJudged: number;
}

export const refLabel = (ref: SpanRefConfig): string => `${ref.service}/${ref.span}`;

export { matchesRef } from "@/lib/domain/trace";

interface Index {
  children: Map<string, Span[]>;
  linkedFrom: Map<string, Span[]>;
  byId: Map<string, Span>;
}

function push(map: Map<string, Span[]>, key: string, span: Span): void {
  const list = map.get(key);
  if (list) list.push(span);
  else map.set(key, [span]);
}

/** Span ids are 64-bit random: keyed alone they collide with negligible probability. */
export function indexSpans(traces: readonly Trace[]): Index {
  const children = new Map<string, Span[]>();
  const linkedFrom = new Map<string, Span[]>();
  const byId = new Map<string, Span>();
  for (const trace of traces) {
    for (const span of trace.spans) {
      byId.set(span.spanId, span);
      if (span.parentSpanId) push(children, span.parentSpanId, span);
      for (const link of span.links) push(linkedFrom, link.spanId, span);
    }
  }
  return { children, linkedFrom, byId };
}

function rootOf(trace: Trace, byId: Map<string, Span>): Span | undefined {
  let root: Span | undefined;
  for (const span of trace.spans) {
    if (!span.parentSpanId || !byId.has(span.parentSpanId)) {
      if (!root || span.startUs < root.startUs) root = span;
    }
  }
  return root;
}

/** Everything reachable from `start` through children and "linked from" edges (across traces). */
function reach(start: readonly Span[], index: Index): Span[] {
  const seen = new Set<string>();
  const out: Span[] = [];
  const stack = [...start];
  while (stack.length) {
    const span = stack.pop()!;
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    out.push(span);
    const kids = index.children.get(span.spanId);
    if (kids) for (const k of kids) stack.push(k);
    const linked = index.linkedFrom.get(span.spanId);
    if (linked) for (const l of linked) stack.push(l);
  }
  return out;
}

/** Spans that consume what `producer` published: children or linkers of kind consumer. */
function consumersOf(producer: Span, index: Index): Span[] {
  const out: Span[] = [];
  for (const s of index.children.get(producer.spanId) ?? []) if (s.kind === "consumer") out.push(s);
  for (const s of index.linkedFrom.get(producer.spanId) ?? [])
    if (s.kind === "consumer" && !out.includes(s)) out.push(s);
  return out;
}

function attr(span: Span, key: string): string | undefined {
  const v = span.attributes[key];
  return v && v.type === "string" ? v.value : undefined;
}

/** Where a consumer ref reads from: "process order_confirmed.inventory" → "order_confirmed.inventory". */
export function destinationOfRef(ref: SpanRefConfig, queueNames: readonly string[]): string {
  const hit = queueNames.find((q) => ref.span === q || ref.span.endsWith(` ${q}`) || ref.span.startsWith(`${q} `));
  return hit ?? refLabel(ref);
}

export interface FactsOptions {
  workflow: WorkflowConfig;
  /** The instant judged (window end); traces younger than the grace are not judged. */
  atMs: number;
}

export function traceFacts(traces: readonly Trace[], opts: FactsOptions): TraceFacts[] {
  const { workflow } = opts;
  const producer = workflow.producer;
  // Without a producer span there is no flow to follow (analyse.ts says "not configured").
  if (!producer) return [];
  const index = indexSpans(traces);
  const graceMs = workflow.thresholds.orphanGrace * 1000;
  const toleranceUs = workflow.thresholds.clockSkewTolerance * 1_000_000;
  const expected = workflow.expectedSpans;
  const consumerRefs = expected.filter((r) => r.kind === "consumer");
  const queueNames = workflow.destinations.map((d) => d.ref.name);
  // For each expected consumer: the expected spans after it up to the next messaging span.
  const downstream = new Map<SpanRefConfig, SpanRefConfig[]>();
  expected.forEach((ref, i) => {
    if (ref.kind !== "consumer") return;
    const after: SpanRefConfig[] = [];
    for (const next of expected.slice(i + 1)) {
      if (next.kind === "consumer" || next.kind === "producer") break;
      after.push(next);
    }
    downstream.set(ref, after);
  });

  const out: TraceFacts[] = [];
  const seenRoots = new Set<string>();
  for (const trace of traces) {
    // Only traces that start the workflow are judged; consumer-only traces (link targets) are
    // reached from their producers' traces.
    if (!trace.spans.some((s) => matchesRef(s, producer))) continue;
    if (seenRoots.has(trace.traceId)) continue;
    seenRoots.add(trace.traceId);
    const root = rootOf(trace, index.byId);
    if (!root) continue;
    const startMs = root.startUs / 1000;
    const judged = startMs <= opts.atMs - graceMs;
    const component = reach(trace.spans, index);

    const missing: string[] = [];
    for (const ref of expected) if (!component.some((s) => matchesRef(s, ref))) missing.push(refLabel(ref));

    const orphans: OrphanFact[] = [];
    const drops: DropFact[] = [];
    const skew: SkewFact[] = [];
    let consumersJudged = 0;
    for (const w of trace.warnings) {
      if (isClockSkewWarning(w))
        skew.push({
          kind: "jaeger-adjusted",
          services: root.service,
          offsetMs: 0,
          traceId: trace.traceId,
          spanId: root.spanId,
          text: `Jaeger adjusted trace ${trace.traceId}: ${w}`,
        });
    }
    for (const span of component) {
      for (const w of span.warnings) {
        if (isClockSkewWarning(w))
          skew.push({
            kind: "jaeger-adjusted",
            services: span.service,
            offsetMs: 0,
            traceId: span.traceId,
            spanId: span.spanId,
            text: `Jaeger adjusted ${span.service} "${span.name}": ${w}`,
          });
      }
      if (span.kind === "producer" && span.startUs / 1000 <= opts.atMs - graceMs) {
        const consumers = consumersOf(span, index);
        if (matchesRef(span, producer) && consumerRefs.length) {
          for (const ref of consumerRefs) {
            if (!consumers.some((c) => matchesRef(c, ref)))
              orphans.push({
                destination: destinationOfRef(ref, queueNames),
                traceId: span.traceId,
                spanId: span.spanId,
                startMs: span.startUs / 1000,
              });
          }
        } else if (consumers.length === 0) {
          orphans.push({
            destination: attr(span, "messaging.destination.name") ?? span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            startMs: span.startUs / 1000,
          });
        }
        for (const c of consumers) {
          const waitUs = c.startUs - span.startUs;
          if (waitUs < -toleranceUs) {
            skew.push({
              kind: "negative-queue-wait",
              services: `${span.service} → ${c.service}`,
              offsetMs: waitUs / 1000,
              traceId: c.traceId,
              spanId: c.spanId,
              text: `${c.service} "${c.name}" starts ${Math.round(-waitUs / 1000)} ms before ${span.service} published it`,
            });
          }
        }
      } else if (span.parentSpanId && span.kind !== "consumer") {
        const parent = index.byId.get(span.parentSpanId);
        if (parent && span.startUs < parent.startUs - toleranceUs) {
          skew.push({
            kind: "child-before-parent",
            services: `${parent.service} → ${span.service}`,
            offsetMs: (span.startUs - parent.startUs) / 1000,
            traceId: span.traceId,
            spanId: span.spanId,
            text: `${span.service} "${span.name}" starts ${Math.round((parent.startUs - span.startUs) / 1000)} ms before its parent ${parent.service} "${parent.name}"`,
          });
        }
      }
      if (span.kind === "consumer" && span.status.code !== "error" && span.startUs / 1000 <= opts.atMs - graceMs) {
        for (const [ref, after] of downstream) {
          if (!after.length || !matchesRef(span, ref)) continue;
          consumersJudged++;
          const below = reach([span], index);
          const lacking = after.filter((d) => !below.some((s) => matchesRef(s, d)));
          if (lacking.length)
            drops.push({
              consumer: refLabel(ref),
              service: ref.service,
              missing: lacking.map(refLabel),
              traceId: span.traceId,
              spanId: span.spanId,
              startMs: span.startUs / 1000,
            });
        }
      }
    }
    out.push({
      traceId: trace.traceId,
      rootType: `${root.service}: ${root.name}`,
      startMs,
      judged,
      missing,
      orphans,
      drops,
      skew,
      consumersJudged,
    });
  }
  return out;
}
