// The trace sample → what the traces panels show: completeness per root span type with its
// trend and sample size (from the same per-trace facts the checks use), the incomplete traces
// with the missing span named, and for each listed trace the spans of its component across
// span links (a consumer in a trace of its own is drawn under the producer that it links to).
import type { WorkflowConfig } from "@/lib/config/schema";
import type { Span, Trace } from "@/lib/domain/trace";
import type { LogSample } from "@/lib/domain/log";
import { fillLogLink } from "./log-link";
import { traceLogsFor } from "./log-data";
import { componentTraceIds } from "./trace-logs";
import { indexSpans, refLabel, traceFacts, type TraceFacts } from "@/lib/analysis/trace-facts";
import { groupTraces, patternKey, traceStatus, type TraceGroup } from "./trace-groups";
import type { Observed, TraceSample, WorkflowHealth } from "@/lib/analysis/types";
import { searchUrl, traceUrl } from "@/lib/sources/jaeger/links";
import {
  unavailable,
  type CompletenessRow,
  type PanelData,
  type TraceListItem,
  type TracesData,
  type WaterfallSpan,
} from "./view-model";

export const TREND_BUCKETS = 10;
/** Newest members shown per group of traces that went wrong the same way. */
export const EXAMPLES_PER_GROUP = 5;
/** Distinct patterns shown; the panel says how many more there are. */
export const MAX_GROUPS = 8;
export const MAX_SPANS_PER_TRACE = 120;

export function completenessTrend(
  facts: readonly TraceFacts[],
  fromMs: number,
  toMs: number,
  buckets = TREND_BUCKETS,
): CompletenessRow["trend"] {
  const width = (toMs - fromMs) / buckets;
  const out = Array.from({ length: buckets }, (_, i) => ({
    tsMs: Math.round(fromMs + width * (i + 0.5)),
    complete: 0,
    n: 0,
  }));
  for (const f of facts) {
    if (!f.judged || f.startMs < fromMs || f.startMs > toMs) continue;
    const b = out[Math.min(buckets - 1, Math.floor((f.startMs - fromMs) / width))]!;
    b.n++;
    if (f.missing.length === 0) b.complete++;
  }
  return out.map((b) => ({ tsMs: b.tsMs, share: b.n ? b.complete / b.n : null, n: b.n }));
}

/** Spans reachable from a trace through parents, children and span links in both directions. */
export function componentSpans(
  trace: Trace,
  all: readonly Trace[],
  max = MAX_SPANS_PER_TRACE,
): { spans: Span[]; truncated: boolean } {
  const index = indexSpans(all);
  const seen = new Set<string>();
  const out: Span[] = [];
  const stack = [...trace.spans];
  while (stack.length) {
    const span = stack.pop()!;
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    out.push(span);
    for (const k of index.children.get(span.spanId) ?? []) stack.push(k);
    for (const l of index.linkedFrom.get(span.spanId) ?? []) stack.push(l);
    for (const link of span.links) {
      const target = index.byId.get(link.spanId);
      if (target) stack.push(target);
    }
  }
  out.sort((a, b) => a.startUs - b.startUs);
  return { spans: out.slice(0, max), truncated: out.length > max };
}

function toWaterfall(span: Span): WaterfallSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    service: span.service,
    kind: span.kind,
    startUs: span.startUs,
    durationUs: span.durationUs,
    error: span.status.code === "error",
    warnings: span.warnings,
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
  };
}

function findings(f: TraceFacts): string[] {
  return [
    ...f.orphans.map((o) => `publish to ${o.destination} never consumed`),
    ...f.drops.map((d) => `${d.consumer} ended without ${d.missing.join(", ")}`),
    ...f.skew.map((s) => `clock skew: ${s.text}`),
  ];
}

export interface TraceLinks {
  jaegerUi?: string;
  logLinkTemplate?: string;
  /** A trace the URL asks for (?trace=): listed even when it is not among the newest. */
  pinned?: string;
}

export function tracesPanel(
  workflow: WorkflowConfig,
  traces: Observed<TraceSample>,
  health: WorkflowHealth,
  window: { fromMs: number; toMs: number },
  links: TraceLinks,
  /** What the log store said (undefined: a recording made before logs were read). */
  logs: Observed<LogSample> | undefined,
): PanelData<TracesData> {
  if (!traces.ok) return unavailable(traces, workflow.vocabulary);
  if (!workflow.producer || workflow.expectedSpans.length === 0) {
    const reason = `not configured: add producer and expectedSpans to workflow ${workflow.id} to judge its traces`;
    return unavailable({ source: "jaeger", reason }, workflow.vocabulary);
  }
  const sample = traces.value;
  const facts = traceFacts(sample.traces, { workflow, atMs: window.toMs }).filter(
    (f) => f.startMs >= window.fromMs && f.startMs <= window.toMs,
  );
  const judged = facts.filter((f) => f.judged);
  const check = health.checks.find((c) => c.id === "trace-completeness");
  const byRoot = new Map<string, TraceFacts[]>();
  for (const f of judged) (byRoot.get(f.rootType) ?? byRoot.set(f.rootType, []).get(f.rootType)!).push(f);
  const completeness: CompletenessRow[] = [...byRoot].map(([rootType, list]) => {
    const item = check?.evidence.items.find((i) => i.subject === rootType);
    const complete = list.filter((f) => f.missing.length === 0).length;
    const num = (v: unknown) => (typeof v === "number" ? v : null);
    return {
      rootType,
      traces: list.length,
      complete,
      share: complete / list.length,
      ciLow: num(item?.values.ciLow),
      ciHigh: num(item?.values.ciHigh),
      status: item?.status ?? "unknown",
      trend: completenessTrend(list, window.fromMs, window.toMs),
    };
  });
  const byId = new Map(sample.traces.map((t) => [t.traceId, t]));
  const incomplete = judged.filter((f) => traceStatus(f) !== "complete");
  const allGroups = groupTraces(judged, { examples: EXAMPLES_PER_GROUP });
  const shown = allGroups.slice(0, MAX_GROUPS);
  // A trace the URL asks for is listed whatever its age: in its group, or (still in flight,
  // so in no group) as a group of its own that says so.
  const pinned = links.pinned ? facts.find((f) => f.traceId === links.pinned) : undefined;
  let groups: TraceGroup[] = shown;
  if (pinned && !shown.some((g) => g.examples.includes(pinned.traceId))) {
    const home = pinned.judged ? allGroups.find((g) => g.key === patternKey(pinned)) : undefined;
    groups = home
      ? [...shown.filter((g) => g.key !== home.key), { ...home, examples: [pinned.traceId, ...home.examples] }]
      : [
          ...shown,
          { ...groupTraces([pinned], { examples: 1 })[0]!, key: `in-flight:${pinned.traceId}`, inFlight: true },
        ];
  }
  const factById = new Map(facts.map((f) => [f.traceId, f]));
  const listed = [...new Set(groups.flatMap((g) => g.examples))].map((id) => factById.get(id)!);
  const list: TraceListItem[] = listed.map((f) => {
    const trace = byId.get(f.traceId);
    const component = trace ? componentSpans(trace, sample.traces) : { spans: [], truncated: false };
    const spans = component.spans.map(toWaterfall);
    return {
      traceId: f.traceId,
      rootType: f.rootType,
      startMs: f.startMs,
      complete: f.missing.length === 0,
      judged: f.judged,
      missing: f.missing,
      findings: findings(f),
      ...(links.jaegerUi ? { jaegerUrl: traceUrl(links.jaegerUi, f.traceId) } : {}),
      ...(links.logLinkTemplate ? { logUrl: fillLogLink(links.logLinkTemplate, f.traceId, window) } : {}),
      spans,
      spansTruncated: component.truncated,
      logs: traceLogsFor(logs, spans.length ? componentTraceIds(spans) : [f.traceId]),
    };
  });
  const notes: string[] = [];
  if (sample.truncated)
    notes.push(
      `The sample hit the limit of ${sample.limit} traces per search: shares are over a sample, not every trace.`,
    );
  return {
    ok: true,
    notes,
    data: {
      sampleSize: facts.length,
      judged: judged.length,
      inFlight: facts.length - judged.length,
      limit: sample.limit,
      truncated: sample.truncated,
      warnings: sample.warnings,
      completeness,
      incompleteTotal: incomplete.length,
      groups,
      groupsTotal: allGroups.length,
      list,
      expectedSpans: workflow.expectedSpans.map((ref) => ({
        label: refLabel(ref),
        service: ref.service,
        name: ref.span,
        ...(ref.kind ? { kind: ref.kind } : {}),
      })),
      ...(links.jaegerUi && workflow.producer
        ? {
            jaegerSearchUrl: searchUrl(links.jaegerUi, {
              service: workflow.producer.service,
              operation: workflow.producer.span,
              start: new Date(window.fromMs),
              end: new Date(window.toMs),
              limit: 100,
            }),
          }
        : {}),
    },
  };
}
