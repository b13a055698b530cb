// Which traces an evaluation asks the log store about, and over what steps it counts lines.
// Pure. The number of trace ids is bounded here (never by the traffic), so one evaluation costs
// at most one lines query and one activity query, whatever the sample holds.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { TraceSample } from "@/lib/analysis/types";
import { matchesRef, type Trace } from "@/lib/domain/trace";

/** Incomplete traces asked about (the ones a finding may name). */
export const INCOMPLETE_TRACES = 60;
/** Complete traces asked about: what the services write when all goes well, to compare with. */
export const REFERENCE_TRACES = 20;
/** Line counts per service are kept to at most this many steps over the lookback. */
export const MAX_LOG_STEPS = 120;
const STEPS_SECONDS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600];

const startUs = (trace: Trace) => trace.spans.reduce((min, s) => Math.min(min, s.startUs), Infinity);

/**
 * The newest incomplete traces old enough to be judged (younger ones may still be in flight),
 * then the newest complete ones.
 */
export function traceIdsForLogs(workflow: WorkflowConfig, sample: TraceSample, nowMs: number): string[] {
  const judgedBeforeUs = (nowMs - workflow.thresholds.orphanGrace * 1000) * 1000;
  const old = sample.traces.filter((t) => startUs(t) <= judgedBeforeUs).sort((a, b) => startUs(b) - startUs(a));
  const complete = (t: Trace) => workflow.expectedSpans.every((ref) => t.spans.some((s) => matchesRef(s, ref)));
  const incomplete = old.filter((t) => !complete(t)).slice(0, INCOMPLETE_TRACES);
  const reference = old.filter(complete).slice(0, REFERENCE_TRACES);
  return [...incomplete, ...reference].map((t) => t.traceId);
}

/** The step of the line counts: a round number of seconds giving at most MAX_LOG_STEPS steps. */
export function logStepSeconds(fromMs: number, toMs: number): number {
  const spanSeconds = Math.max(1, (toMs - fromMs) / 1000);
  return STEPS_SECONDS.find((s) => spanSeconds / s <= MAX_LOG_STEPS) ?? Math.ceil(spanSeconds / MAX_LOG_STEPS);
}
