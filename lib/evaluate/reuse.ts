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

export function reuseDecision(
  latest: LatestEvaluation | undefined,
  /** The window a new evaluation would cover now. */
  current: EvaluationWindow,
  maxAgeMs: number,
  /**
   * The sources' health read now (the sources bar's), or undefined when the caller does not
   * read it: the workflow page, whose bound is one refresh period, the age its open page's
   * data reaches between refreshes anyway.
   */
  liveSources?: readonly SourceStatus[],
): ReuseDecision {
  if (!latest) return { reuse: false, why: "no evaluation of it yet" };
  const ageMs = current.toMs - latest.window.toMs;
  if (ageMs < 0) return { reuse: false, why: "its latest evaluation is of a later window" };
  if (ageMs > maxAgeMs)
    return {
      reuse: false,
      why: `its latest evaluation is ${Math.round(ageMs / 1000)} s old, over ${maxAgeMs / 1000} s`,
    };
  const live = new Map((liveSources ?? []).map((source) => [source.name, source.status]));
  for (const report of sourceReports(latest.evaluation.signals)) {
    if (report.status === "unconfigured") continue;
    // A source that failed then (wholly or in part) may answer now: only clean evaluations stand.
    if (report.status !== "ok")
      return { reuse: false, why: `${report.name} was ${report.status} in its latest evaluation: ${report.message}` };
    if (live.get(report.name) === "down") return { reuse: false, why: `${report.name} is down now` };
  }
  return { reuse: true, ageMs };
}
