// What the charts say besides their lines: where a check changed status (marks on the time
// axis, so the consumer count falling and the ack line falling can be read against the check
// that fired), and how far back the rate lines look. Pure.
import { rateLags, rateRangeOf } from "@/lib/analysis/rate-range";
import { formatDuration, worst } from "@/lib/analysis/status";
import type { DestinationHistory, WorkflowHealth } from "@/lib/analysis/types";
import type { ChartMark } from "./view-model";

/**
 * The checks' transitions inside the window, one mark per instant (the verdict's own
 * transitions repeat the checks' and are left out). A check judged for the first time says so:
 * it did not change, it became judgeable.
 */
export function transitionMarks(health: WorkflowHealth, window: { fromMs: number; toMs: number }): ChartMark[] {
  const titles = new Map<string, string>(health.checks.map((c) => [c.id, c.title]));
  const byInstant = new Map<number, WorkflowHealth["transitions"]>();
  for (const t of health.transitions ?? []) {
    if (t.checkId === "verdict" || t.atMs < window.fromMs || t.atMs > window.toMs) continue;
    byInstant.set(t.atMs, [...(byInstant.get(t.atMs) ?? []), t]);
  }
  return [...byInstant.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([atMs, ts]) => ({
      atMs,
      text: ts
        .map((t) => `${titles.get(t.checkId) ?? t.checkId}: ${t.firstJudged ? "judged" : `${t.from} →`} ${t.to}`)
        .join("; "),
      status: worst(ts.map((t) => t.to)),
    }));
}

/**
 * The rate lines' look-back in words. Over two steps it is a lag the reader must know of: a
 * consumer that stops shows as "no acks" only one range later, while depth (a gauge) shows it
 * at once.
 */
export function rateCaption(history: Pick<DestinationHistory, "stepSeconds" | "rateRangeSeconds">): string {
  const range = formatDuration(rateRangeOf(history) * 1000);
  if (!rateLags(history))
    return `Rates are averages over the last ${range} at each point (${history.stepSeconds} s steps).`;
  const recorded =
    history.rateRangeSeconds === undefined
      ? " (as this evidence was recorded; newer evaluations use shorter ranges)"
      : "";
  return `Rates lag: each point averages the last ${range}${recorded}, so a change in rate shows fully only ${range} later. Depth and consumer counts show it at once.`;
}
