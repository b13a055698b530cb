// "Now" is only now if it was observed recently. A value is current at an instant when it was
// observed within its source's staleAfter of it; an old sample, a series that stopped, or a
// broker state from another time is not current, and the check that needs it says since when
// it has had no fresh data instead of judging from it.
//
//   samples   ●  ●  ●  ●  ●  ●  ●  ●                     (scrapes stop)
//   time      ────────────────────────┼──────────────┼───────────────▶
//                                     last sample    atMs
//                                     ◀── more than staleAfter + step ──▶  → unknown, "since <last sample>"
//
// Range queries answer on a step grid, so a series' last point can trail the instant by up to
// one step while its data is fresh: series get one step of slack on top of staleAfter.
import type { SamplePoint } from "@/lib/domain/series";
import type { AnalysisContext, DestinationView, Points } from "./destination-view";
import { PROMETHEUS } from "./destination-view";
import { formatDuration, isoTime } from "./status";
import type { Unobserved, WorkflowSignals } from "./types";

/** Used when a recording or a test gives no staleAfter for a source (the documented floor). */
export const FALLBACK_STALE_AFTER_MS = 30_000;

export function staleAfterMs(signals: WorkflowSignals, source: string): number {
  return signals.staleAfterMs[source] ?? FALLBACK_STALE_AFTER_MS;
}

/** How far a series' last point may trail the instant judged. */
export function seriesLimitMs(signals: WorkflowSignals): number {
  return staleAfterMs(signals, PROMETHEUS) + signals.history.stepSeconds * 1000;
}

/** True when the broker's state was observed close enough to `atMs` to stand for it. */
export function stateIsCurrent(signals: WorkflowSignals, observedAtMs: number, atMs: number): boolean {
  return Math.abs(atMs - observedAtMs) <= staleAfterMs(signals, signals.broker);
}

export function noFreshData(source: string, lastMs: number, atMs: number, subject: string): Unobserved {
  return {
    ok: false,
    source,
    reason: `no fresh data from ${source === PROMETHEUS ? "Prometheus" : source} since ${isoTime(lastMs)} for ${subject} (${formatDuration(atMs - lastMs)} before the instant judged)`,
  };
}

/**
 * The points if their last sample is recent at the instant judged; otherwise why not. A series
 * with no sample at all in the lookback is unknown too: no samples is not zero.
 */
export function freshPoints(points: Points, ctx: AnalysisContext, subject: string): Points {
  if (!points.ok) return points;
  const last = points.points[points.points.length - 1];
  if (!last) return { ok: false, source: PROMETHEUS, reason: `no samples for ${subject} in the lookback` };
  if (ctx.atMs - last.tsMs > seriesLimitMs(ctx.signals)) return noFreshData(PROMETHEUS, last.tsMs, ctx.atMs, subject);
  return points;
}

/** A current value with when and where it was observed, or why there is none. */
export type Current = { ok: true; value: number; atMs: number; from: string } | Unobserved;

type Field = "waiting" | "inFlight" | "consumers";
const STATE_FIELD = { waiting: "waiting", inFlight: "inFlight", consumers: "consumerCount" } as const;
const WORDS: Record<Field, string> = { waiting: "depth", inFlight: "in-flight count", consumers: "consumer count" };

/**
 * The value at the instant judged: the broker's own reading when it is current (the state is
 * only present when judging the present), else the newest metric sample if it is fresh.
 */
export function currentValue(view: DestinationView, field: Field, ctx: AnalysisContext): Current {
  const reading = view.state?.[STATE_FIELD[field]];
  if (reading && stateIsCurrent(ctx.signals, reading.atMs, ctx.atMs)) return { ok: true, ...reading };
  const points = view[field];
  const subject = `${view.ref.name} (${WORDS[field]})`;
  if (!points.ok) return points;
  const last: SamplePoint | undefined = points.points[points.points.length - 1];
  if (!last) {
    return view.stateProblem && !view.stateProblem.unconfigured
      ? view.stateProblem
      : { ok: false, source: ctx.signals.broker, reason: `no ${WORDS[field]} for ${view.ref.name}` };
  }
  if (ctx.atMs - last.tsMs > seriesLimitMs(ctx.signals)) return noFreshData(PROMETHEUS, last.tsMs, ctx.atMs, subject);
  return { ok: true, value: last.value, atMs: last.tsMs, from: "Prometheus" };
}
