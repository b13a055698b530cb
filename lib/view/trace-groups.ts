// Judged traces → groups of traces that went wrong the same way: same status, same expected
// spans missing, same kinds of finding (which destination's publish was never consumed, which
// consumer ended without its work, which services disagree on time). Per-trace details (ids,
// how many ms of skew) stay on the members, so 236 traces missing stock.update read as one
// group with a count and a few newest examples, not as 236 identical rows.
// Pure: facts in, groups out (newest first inside a group, worst and largest group first).
import type { TraceFacts } from "@/lib/analysis/trace-facts";

export type TraceGroupStatus = "incomplete" | "finding" | "complete";

export interface TraceGroup {
  /** Stable across refreshes while the pattern holds: the page keeps a group open by it. */
  key: string;
  status: TraceGroupStatus;
  /** Expected spans none of the members reached ("service/span"), in the expected order. */
  missing: string[];
  /** What else the members share, without per-trace numbers. */
  findings: string[];
  count: number;
  firstMs: number;
  lastMs: number;
  /** The newest members' trace ids, newest first (at most `examples`). */
  examples: string[];
  /** One trace asked for by the URL that is too young to judge: in no group of judged traces. */
  inFlight?: boolean;
}

/** The findings of one trace as a pattern: kinds and places, not the trace's own numbers. */
export function findingPattern(f: TraceFacts): string[] {
  const out = new Set<string>();
  for (const o of f.orphans) out.add(`publish to ${o.destination} never consumed`);
  for (const d of f.drops) out.add(`${d.consumer} ended without ${d.missing.join(", ")}`);
  for (const s of f.skew) out.add(`clock skew (${SKEW_WORDS[s.kind]}): ${s.services}`);
  return [...out].sort();
}

const SKEW_WORDS: Record<TraceFacts["skew"][number]["kind"], string> = {
  "negative-queue-wait": "consumer before its producer",
  "child-before-parent": "child before its parent",
  "jaeger-adjusted": "adjusted by Jaeger",
};

export function traceStatus(f: TraceFacts): TraceGroupStatus {
  if (f.missing.length) return "incomplete";
  return f.orphans.length || f.drops.length || f.skew.length ? "finding" : "complete";
}

const STATUS_ORDER: Record<TraceGroupStatus, number> = { incomplete: 0, finding: 1, complete: 2 };

/** Traces with the same key went wrong the same way. */
export function patternKey(f: TraceFacts): string {
  return JSON.stringify([traceStatus(f), f.missing, findingPattern(f)]);
}

export function groupTraces(facts: readonly TraceFacts[], opts: { examples: number }): TraceGroup[] {
  const groups = new Map<string, { group: TraceGroup; members: TraceFacts[] }>();
  for (const f of facts) {
    const status = traceStatus(f);
    const findings = findingPattern(f);
    const key = patternKey(f);
    const entry = groups.get(key);
    if (entry) entry.members.push(f);
    else
      groups.set(key, {
        group: { key, status, missing: [...f.missing], findings, count: 0, firstMs: 0, lastMs: 0, examples: [] },
        members: [f],
      });
  }
  const out = [...groups.values()].map(({ group, members }) => {
    members.sort((a, b) => b.startMs - a.startMs || a.traceId.localeCompare(b.traceId));
    return {
      ...group,
      count: members.length,
      firstMs: members[members.length - 1]!.startMs,
      lastMs: members[0]!.startMs,
      examples: members.slice(0, opts.examples).map((m) => m.traceId),
    };
  });
  return out.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      b.count - a.count ||
      b.lastMs - a.lastMs ||
      a.key.localeCompare(b.key),
  );
}
