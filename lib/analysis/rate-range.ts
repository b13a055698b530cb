// How far back each counter point looks. Evaluations record the range they asked Prometheus
// for; recordings and snapshots made before that were taken over max(2 minutes, 2 steps),
// the rule of the time, and are read with that range (their points cannot be re-ranged: the
// raw counters are not in them).
import type { DestinationHistory } from "./types";

/** The rate range of evaluations before the range followed the step (issue 11). */
export const LEGACY_RATE_RANGE_SECONDS = 120;

export function rateRangeOf(history: Pick<DestinationHistory, "stepSeconds" | "rateRangeSeconds">): number {
  return history.rateRangeSeconds ?? Math.max(LEGACY_RATE_RANGE_SECONDS, 2 * history.stepSeconds);
}

/** True when a rate lags a change by more than two steps: the chart must say so. */
export function rateLags(history: Pick<DestinationHistory, "stepSeconds" | "rateRangeSeconds">): boolean {
  return rateRangeOf(history) > 2 * history.stepSeconds;
}
