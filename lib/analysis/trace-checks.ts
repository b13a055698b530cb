// Trace-side checks, aggregated from per-trace facts (trace-facts.ts): completeness per root
// span type with a confidence interval, orphan publishes per destination, silent drops (plus
// drop counters), clock skew. Too few traces is said, not hidden behind a percentage.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { SourceName } from "@/lib/domain/source";
import { pointsUntil, sum } from "./series";
import { emptyEvidence, formatDuration, plural, worst } from "./status";
import type { TraceFacts } from "./trace-facts";
import { distrustPartial, notConfigured } from "./check-items";
import { staleness } from "./freshness";
import type { Check, CheckStatus, EvidenceItem, Observed, TraceSample, Unobserved } from "./types";
import type { Series } from "@/lib/domain/series";
import { wilsonInterval } from "./wilson";

/** Below this many judged traces a completeness share is not a verdict. */
export const MIN_TRACES = 10;
const EXAMPLES = 5;

export interface TraceCheckInput {
  workflow: WorkflowConfig;
  traces: Observed<TraceSample>;
  /** Facts of the traces started in [fromMs, atMs]. */
  facts: readonly TraceFacts[];
  fromMs: number;
  atMs: number;
  drops: Observed<Series[]>;
  /** How far a drop counter's last sample may trail `atMs` (staleAfter + one step). */
  seriesLimitMs: number;
}

/** A trace check that cannot run: unknown with the reason; not holding the verdict back when tracing is not configured. */
function notJudged(id: Check["id"], title: string, why: Unobserved, matters = true): Check {
  if (why.unconfigured) {
    const reason = why.reason.startsWith("not configured") ? why.reason : notConfigured(why.source, id);
    return unknownCheck(id, title, [why.source], reason, false);
  }
  return unknownCheck(id, title, [why.source], why.reason, matters);
}

function unknownCheck(id: Check["id"], title: string, sources: SourceName[], reason: string, matters = true): Check {
  return {
    id,
    status: "unknown",
    title,
    summary: `Cannot tell: ${reason}`,
    evidence: emptyEvidence(),
    sources,
    reason,
    matters,
  };
}

function sampleNote(traces: TraceSample): string {
  return traces.truncated ? ` (sample capped at ${traces.limit} traces per search)` : "";
}

export function traceCompleteness(input: TraceCheckInput): Check {
  const title = "Trace completeness";
  if (!input.traces.ok) return notJudged("trace-completeness", title, input.traces);
  const threshold = input.workflow.thresholds.completenessBelow;
  const judged = input.facts.filter((f) => f.judged);
  if (judged.length === 0) {
    return unknownCheck(
      "trace-completeness",
      title,
      ["jaeger"],
      `no workflow traces old enough to judge in the window (${input.facts.length} in flight): no traffic, or tracing is not reaching Jaeger`,
    );
  }
  const byRoot = new Map<string, TraceFacts[]>();
  for (const f of judged) (byRoot.get(f.rootType) ?? byRoot.set(f.rootType, []).get(f.rootType)!).push(f);
  const items: EvidenceItem[] = [];
  const traceIds: string[] = [];
  for (const [rootType, list] of byRoot) {
    const complete = list.filter((f) => f.missing.length === 0).length;
    const n = list.length;
    const share = complete / n;
    const ci = wilsonInterval(complete, n)!;
    const missingCounts = new Map<string, number>();
    for (const f of list) for (const m of f.missing) missingCounts.set(m, (missingCounts.get(m) ?? 0) + 1);
    const topMissing = [...missingCounts].sort((a, b) => b[1] - a[1]);
    const examples = list
      .filter((f) => f.missing.length)
      .slice(0, EXAMPLES)
      .map((f) => f.traceId);
    traceIds.push(...examples);
    const values = {
      traces: n,
      complete,
      share: Number(share.toFixed(4)),
      ciLow: Number(ci.low.toFixed(4)),
      ciHigh: Number(ci.high.toFixed(4)),
      threshold,
      mostMissing:
        topMissing
          .slice(0, 3)
          .map(([label, count]) => `${label} (${count})`)
          .join(", ") || null,
    };
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const missingText = topMissing.length
      ? `; missing most: ${topMissing
          .slice(0, 3)
          .map(([l, c]) => `${l} in ${c}`)
          .join(", ")}`
      : "";
    let status: CheckStatus;
    let text: string;
    if (n < MIN_TRACES) {
      status = "unknown";
      text = `Too few traces to judge ${rootType}: ${complete} of ${n} complete (need at least ${MIN_TRACES}).`;
    } else if (ci.high < threshold) {
      status = "critical";
      text = `${rootType}: ${pct(share)} of ${n} traces complete (95% CI ${pct(ci.low)}–${pct(ci.high)}), below ${pct(threshold)}${missingText}.`;
    } else if (share < threshold) {
      status = "warning";
      text = `${rootType}: ${pct(share)} of ${n} traces complete (95% CI ${pct(ci.low)}–${pct(ci.high)}), possibly below ${pct(threshold)}${missingText}.`;
    } else {
      status = "ok";
      text = `${rootType}: ${pct(share)} of ${n} traces complete (95% CI ${pct(ci.low)}–${pct(ci.high)}).`;
    }
    items.push({ subject: rootType, status, text, values });
  }
  const status = worst(items.map((i) => i.status));
  const bad = items.filter((i) => i.status !== "ok");
  const check: Check = {
    id: "trace-completeness",
    status,
    title,
    summary: (bad.length ? bad : items).map((i) => i.text).join(" ") + sampleNote(input.traces.value),
    evidence: {
      items,
      traceIds,
      ranges: [
        {
          fromMs: input.fromMs,
          toMs: input.atMs - input.workflow.thresholds.orphanGrace * 1000,
          label: "traces judged (started before now − grace)",
        },
      ],
    },
    sources: ["jaeger"],
    matters: true,
  };
  if (status === "unknown") check.reason = bad.map((i) => i.text).join(" ");
  return check;
}

export function orphanPublishes(input: TraceCheckInput): Check {
  const title = "Orphan publishes";
  if (!input.traces.ok) return notJudged("orphan-publishes", title, input.traces);
  const judged = input.facts.filter((f) => f.judged);
  const grace = formatDuration(input.workflow.thresholds.orphanGrace * 1000);
  if (judged.length === 0)
    return unknownCheck(
      "orphan-publishes",
      title,
      ["jaeger"],
      `no publishes older than the ${grace} grace period in the window`,
    );
  const byDest = new Map<string, Array<{ traceId: string; startMs: number }>>();
  for (const f of judged)
    for (const o of f.orphans) (byDest.get(o.destination) ?? byDest.set(o.destination, []).get(o.destination)!).push(o);
  const items: EvidenceItem[] = [];
  const traceIds: string[] = [];
  for (const [destination, list] of byDest) {
    const share = list.length / judged.length;
    const examples = [...new Set(list.map((o) => o.traceId))].slice(0, EXAMPLES);
    traceIds.push(...examples);
    const first = Math.min(...list.map((o) => o.startMs));
    const lastMs = Math.max(...list.map((o) => o.startMs));
    // One lost message in a thousand is a finding; a tenth of the traffic is an outage.
    const status: CheckStatus = share >= 0.1 ? "critical" : "warning";
    items.push({
      subject: destination,
      status,
      text: `${plural(list.length, "publish", "publishes")} to ${destination} not consumed within ${grace} (${(share * 100).toFixed(1)}% of ${judged.length} traces, ${new Date(first).toISOString()} – ${new Date(lastMs).toISOString()}): lost, stolen, or stuck in a backlog.`,
      values: {
        orphans: list.length,
        traces: judged.length,
        share: Number(share.toFixed(4)),
        firstAt: new Date(first).toISOString(),
        lastAt: new Date(lastMs).toISOString(),
      },
    });
  }
  const status = items.length ? worst(items.map((i) => i.status)) : "ok";
  return {
    id: "orphan-publishes",
    status,
    title,
    summary: items.length
      ? items.map((i) => i.text).join(" ")
      : `Every publish in ${judged.length} traces was consumed within ${grace}.`,
    evidence: { items, traceIds, ranges: [] },
    sources: ["jaeger"],
    matters: true,
  };
}

export function silentDrops(input: TraceCheckInput): Check {
  const title = "Silent drops";
  const items: EvidenceItem[] = [];
  const traceIds: string[] = [];
  const reasons: string[] = [];
  const unconfigured: string[] = [];
  const sources: SourceName[] = [];
  if (input.traces.ok) {
    sources.push("jaeger");
    const judged = input.facts.filter((f) => f.judged);
    const consumers = judged.reduce((n, f) => n + f.consumersJudged, 0);
    const byConsumer = new Map<string, Array<{ traceId: string; missing: string[] }>>();
    for (const f of judged)
      for (const d of f.drops) (byConsumer.get(d.consumer) ?? byConsumer.set(d.consumer, []).get(d.consumer)!).push(d);
    for (const [consumer, list] of byConsumer) {
      const share = consumers ? list.length / consumers : 0;
      const examples = [...new Set(list.map((d) => d.traceId))].slice(0, EXAMPLES);
      traceIds.push(...examples);
      items.push({
        subject: consumer,
        status: share >= 0.01 ? "critical" : "warning",
        text: `${plural(list.length, "message")} processed by ${consumer} ended OK without ${list[0]!.missing.join(", ")} (${(share * 100).toFixed(1)}% of ${consumers} judged): acked and dropped.`,
        values: { drops: list.length, consumersJudged: consumers, share: Number(share.toFixed(4)) },
      });
    }
    if (consumers === 0 && byConsumer.size === 0)
      reasons.push("no consumer span with expected downstream work old enough to judge");
  } else if (input.traces.unconfigured) {
    unconfigured.push(
      input.traces.reason.startsWith("not configured")
        ? input.traces.reason
        : notConfigured(input.traces.source, "silent-drops"),
    );
  } else {
    reasons.push(input.traces.reason);
  }
  if (input.workflow.dropCounters.length) {
    sources.push("prometheus");
    if (!input.drops.ok) {
      if (input.drops.unconfigured) unconfigured.push(notConfigured(input.drops.source, "silent-drops"));
      else reasons.push(input.drops.reason);
    } else {
      for (const name of input.workflow.dropCounters) {
        const series = input.drops.value.find((s) => s.labels.counter === name);
        if (!series) {
          reasons.push(`no data for drop counter ${name} (not scraped, or never incremented since it was created?)`);
          continue;
        }
        // A counter whose samples stopped cannot say "no drops": its silence is not a zero.
        const stale = staleness(series.points, input.atMs, input.seriesLimitMs, `drop counter ${name}`);
        if (stale) {
          reasons.push(stale.reason);
          continue;
        }
        const increase = sum(pointsUntil(series, input.atMs, input.fromMs));
        if (increase >= 0.5) {
          items.push({
            subject: name,
            status: "warning",
            text: `${name} counted ${Math.round(increase)} deliberate drops in the window.`,
            values: { increase: Math.round(increase) },
          });
        } else {
          items.push({ subject: name, status: "ok", text: `${name}: no drops counted.`, values: { increase: 0 } });
        }
      }
    }
  }
  const bad = items.filter((i) => i.status !== "ok");
  // Only unknown when neither side could say anything: a counter at zero with traces down is
  // still unknown, because the drops this check exists for are the uncounted ones.
  const tracesSaid = input.traces.ok && reasons.length === 0;
  const status: CheckStatus = bad.length ? worst(bad.map((i) => i.status)) : tracesSaid ? "ok" : "unknown";
  // Unknown only because tracing (or the counters' Prometheus) is not configured: said, and the
  // verdict is not held back by it.
  const onlyUnconfigured = status === "unknown" && reasons.length === 0 && unconfigured.length > 0;
  const why = [...reasons, ...unconfigured].join("; ");
  const check: Check = {
    id: "silent-drops",
    status,
    title,
    summary: bad.length
      ? bad.map((i) => i.text).join(" ")
      : status === "ok"
        ? "Every judged consumer span reached its downstream work; no drops counted."
        : `Cannot tell: ${why}`,
    evidence: {
      items,
      traceIds,
      ranges: [],
      ...(input.drops.ok && input.drops.warnings?.length ? { warnings: input.drops.warnings } : {}),
    },
    sources: sources.length ? sources : ["jaeger"],
    matters: !onlyUnconfigured,
  };
  if (status === "unknown") check.reason = why;
  return distrustPartial(check);
}

export function clockSkew(input: TraceCheckInput): Check {
  const title = "Clock skew";
  if (!input.traces.ok) return notJudged("clock-skew", title, input.traces, false);
  const tolerance = formatDuration(input.workflow.thresholds.clockSkewTolerance * 1000);
  const findings = input.facts.flatMap((f) => f.skew);
  const byPair = new Map<string, typeof findings>();
  for (const f of findings) {
    const key = `${f.kind}: ${f.services}`;
    (byPair.get(key) ?? byPair.set(key, []).get(key)!).push(f);
  }
  const items: EvidenceItem[] = [];
  const traceIds: string[] = [];
  for (const [key, list] of byPair) {
    const worstOffset = list.reduce((m, f) => (Math.abs(f.offsetMs) > Math.abs(m) ? f.offsetMs : m), 0);
    traceIds.push(...[...new Set(list.map((f) => f.traceId))].slice(0, EXAMPLES));
    items.push({
      subject: key,
      status: "warning",
      text: `${plural(list.length, "span")}: ${list[0]!.text}${list.length > 1 ? ` (worst ${Math.round(worstOffset)} ms)` : ""}.`,
      values: { findings: list.length, worstOffsetMs: Math.round(worstOffset) },
    });
  }
  return {
    id: "clock-skew",
    status: items.length ? "warning" : "ok",
    title,
    summary: items.length
      ? `Timestamps disagree beyond ${tolerance}: ${items.map((i) => i.text).join(" ")} Reported as measured, not corrected: check NTP on the hosts involved.`
      : `No negative queue waits, children before parents, or Jaeger adjustments beyond ${tolerance}.`,
    evidence: { items, traceIds, ranges: [] },
    sources: ["jaeger"],
    // Skew distorts latencies and ordering but does not by itself stop orders.
    matters: false,
  };
}

export function traceChecks(input: TraceCheckInput): Check[] {
  return [traceCompleteness(input), orphanPublishes(input), silentDrops(input), clockSkew(input)];
}
