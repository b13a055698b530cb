// Traces → the flows they show, one per entry point (the root span that starts them): which
// spans publish and where, which consume which queue, and what each consumer does next. Counts
// are of traces, not spans (a retried message has its consumer span twice in one trace).
import type { Span, Trace } from "@/lib/domain/trace";
import type { SpanRef } from "./types";
import { consumedQueue, consumerGroup, isConsume, isPublish, publishTarget } from "./messaging";

export interface CountedSpan {
  ref: SpanRef;
  /** Traces of the entry point that contain it. */
  traces: number;
  /** Mean start after the root (µs): the flow order. */
  meanOffsetUs: number;
}

export interface PublishFlow extends CountedSpan {
  target?: { exchange: string; routingKey?: string };
  /** The consumer span it follows, when a consumer publishes (a retry, the next step). */
  afterConsumer?: string;
}

export interface ConsumeFlow extends CountedSpan {
  queue?: string;
  /** The groups its spans read in (messaging.consumer.group.name), which the broker's readers are attached through. */
  groups: Set<string>;
  /** Spans under this consumer span (not consumers themselves), by key: counted in traces that have both. */
  following: Map<string, CountedSpan>;
}

export interface EntryFlow {
  entry: SpanRef;
  entryKey: string;
  traces: number;
  publishes: Map<string, PublishFlow>;
  consumers: Map<string, ConsumeFlow>;
}

export function spanKey(ref: SpanRef): string {
  return `${ref.service}\u0000${ref.kind ?? ""}\u0000${ref.span}`;
}

function refOf(span: Span): SpanRef {
  return { service: span.service, span: span.name, ...(span.kind !== "unspecified" ? { kind: span.kind } : {}) };
}

function rootOf(trace: Trace, byId: Map<string, Span>): Span | undefined {
  let root: Span | undefined;
  for (const span of trace.spans) {
    if (span.parentSpanId && byId.has(span.parentSpanId)) continue;
    if (!root || span.startUs < root.startUs) root = span;
  }
  return root;
}

/** The nearest consume span above `span` (its parent chain), if any. */
function consumerAbove(span: Span, byId: Map<string, Span>): Span | undefined {
  let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
  for (let depth = 0; at && depth < 1000; depth++) {
    if (isConsume(at)) return at;
    at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined;
  }
  return undefined;
}

function bump<T extends CountedSpan>(map: Map<string, T>, key: string, make: () => T, offsetUs: number): T {
  let entry = map.get(key);
  if (!entry) {
    entry = make();
    map.set(key, entry);
  }
  // Running mean over the traces counted so far.
  entry.meanOffsetUs += (offsetUs - entry.meanOffsetUs) / (entry.traces + 1);
  entry.traces += 1;
  return entry;
}

/**
 * One flow per entry point, most traces first. `resolve`: the broker's destination a name from a
 * span stands for, when the broker was read.
 * A consumer that starts a trace of its own and links to the producer's span (batch consumers,
 * newer semantic conventions) joins the flow of the trace it links to.
 */
export function traceFlows(traces: readonly Trace[], resolve?: (name: string) => string | undefined): EntryFlow[] {
  const flows = new Map<string, EntryFlow>();
  const indexed = traces.map((trace) => {
    const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
    return { trace, byId, root: rootOf(trace, byId) };
  });
  // Publish spans by id → the flow (and root) of their trace, for consumers that only link to them.
  const publishedBy = new Map<string, { entryKey: string; root: Span }>();
  for (const { trace, root } of indexed) {
    if (!root || isConsume(root)) continue;
    const entryKey = spanKey(refOf(root));
    for (const span of trace.spans) if (isPublish(span)) publishedBy.set(span.spanId, { entryKey, root });
  }
  const linked = (root: Span) =>
    root.links.map((link) => publishedBy.get(link.spanId)).find((found) => found !== undefined);

  for (const { trace, byId, root: ownRoot } of indexed) {
    if (!ownRoot) continue;
    const link = isConsume(ownRoot) ? linked(ownRoot) : undefined;
    const entryKey = link?.entryKey ?? spanKey(refOf(ownRoot));
    const root = link?.root ?? ownRoot;
    let flow = flows.get(entryKey);
    if (!flow) {
      flow = { entry: refOf(root), entryKey, traces: 0, publishes: new Map(), consumers: new Map() };
      flows.set(entryKey, flow);
    }
    // A linked consumer's trace adds to the flow's spans, not to its trace count.
    if (!link) flow.traces += 1;
    // First occurrence of each span in this trace (a trace counts once per span).
    const firsts = new Map<string, Span>();
    for (const span of [...trace.spans].sort((a, b) => a.startUs - b.startUs)) {
      const key = spanKey(refOf(span));
      if (!firsts.has(key)) firsts.set(key, span);
    }
    const followingSeen = new Set<string>();
    for (const [key, span] of firsts) {
      const offsetUs = span.startUs - root.startUs;
      const above = consumerAbove(span, byId);
      if (isConsume(span)) {
        const consumed = bump(
          flow.consumers,
          key,
          () => ({
            ref: refOf(span),
            traces: 0,
            meanOffsetUs: 0,
            queue: consumedQueue(span, resolve),
            groups: new Set<string>(),
            following: new Map(),
          }),
          offsetUs,
        );
        const group = consumerGroup(span);
        if (group !== undefined) consumed.groups.add(group);
      } else if (isPublish(span)) {
        const target = publishTarget(span);
        bump(
          flow.publishes,
          key,
          () => ({
            ref: refOf(span),
            traces: 0,
            meanOffsetUs: 0,
            ...(target ? { target } : {}),
            ...(above ? { afterConsumer: spanKey(refOf(above)) } : {}),
          }),
          offsetUs,
        );
      }
      // What a consumer does next: every non-consumer span under it (publishes included: a retry).
      if (above && !isConsume(span)) {
        const consumerKey = spanKey(refOf(above));
        const pair = `${consumerKey}\u0001${key}`;
        if (followingSeen.has(pair)) continue;
        followingSeen.add(pair);
        const consumer = flow.consumers.get(consumerKey);
        // The consumer's own first occurrence was counted above (it starts before what it does).
        if (consumer) bump(consumer.following, key, () => ({ ref: refOf(span), traces: 0, meanOffsetUs: 0 }), offsetUs);
      }
    }
  }
  return [...flows.values()].sort((a, b) => b.traces - a.traces);
}
