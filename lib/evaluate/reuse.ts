// Whether a view may show a workflow's latest evaluation (lib/evaluate/latest.ts) instead of
// making a new one. Never ok from old data: the evaluation must be recent, every source it read
// must have answered then in full, and none of them may be down now. A view that reuses one says how
// old it is (the overview "as of"; the workflow page's "Data from", which it always shows).

import { sourceReports } from "@/lib/analysis/analyse";
import type { SourceStatus } from "@/lib/domain/source";
import { REFRESH_SECONDS } from "@/lib/view/refresh-grid";
import type { EvaluationWindow } from "./index";
import type { LatestEvaluation } from "./latest";

/** How old an evaluation the workflow page's first render shows: one refresh period. */
export const PAGE_REUSE_MS = REFRESH_SECONDS * 1000;

/**
 * How old an evaluation the overview shows, labelled with its time. The check sweep makes one
 * every 30 s by default (ASYNCSCOPE_CHECK_SWEEP_SECONDS); its run takes a few seconds more.
 */
export const OVERVIEW_REUSE_MS = 45_000;

export type ReuseDecision = { reuse: true; ageMs: number } | { reuse: false; why: string };

/** What a source is known to be doing now: a probe's status, or only its last failed call. */
export type SourceNow = Pick<SourceStatus, "name" | "lastError"> & { status?: SourceStatus["status"] };

export interface ReuseAsk {
  /** The window a new evaluation would cover now; the kept one must be as long. */
  current: EvaluationWindow;
  /** The time now: ages are measured from it, not from the aligned end of `current`. */
  nowMs: number;
  maxAgeMs: number;
  /**
   * The sources now: the sources bar's probe (the overview), or just the last failed call each
   * client saw, which costs no request (the workflow page). Either refuses reuse when a source
   * it read is down, or failed after the evaluation's window ended.
   */
  sources: readonly SourceNow[];
  /**
   * A later window than `current` may stand too: a poll answered after its slot passed asked for
   * that slot, and a later evaluation is fresher data (lib/view/workflow-view.ts latePollView).
   */
  laterAllowed?: boolean;
}

export function reuseDecision(latest: LatestEvaluation | undefined, ask: ReuseAsk): ReuseDecision {
  if (!latest) return { reuse: false, why: "no evaluation of it yet" };
  const { current, nowMs, maxAgeMs } = ask;
  if (latest.window.toMs - latest.window.fromMs !== current.toMs - current.fromMs)
    return { reuse: false, why: "its latest evaluation is of a window of another length" };
  if (latest.window.toMs > current.toMs && !ask.laterAllowed)
    return { reuse: false, why: "its latest evaluation is of a later window" };
  const ageMs = nowMs - latest.window.toMs;
  if (ageMs > maxAgeMs)
    return {
      reuse: false,
      why: `its latest evaluation is ${Math.round(ageMs / 1000)} s old, over ${maxAgeMs / 1000} s`,
    };
  const now = new Map(ask.sources.map((source) => [source.name, source]));
  for (const report of sourceReports(latest.evaluation.signals)) {
    if (report.status === "unconfigured") continue;
    // A source that failed then (wholly or in part) may answer now: only clean evaluations stand.
    if (report.status !== "ok")
      return { reuse: false, why: `${report.name} was ${report.status} in its latest evaluation: ${report.message}` };
    const source = now.get(report.name);
    if (source?.status === "down") return { reuse: false, why: `${report.name} is down now` };
    if (source?.lastError && source.lastError.atMs > latest.window.toMs)
      return { reuse: false, why: `${report.name} failed since: ${source.lastError.message}` };
  }
  return { reuse: true, ageMs: Math.max(0, ageMs) };
}
