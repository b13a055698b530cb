// "Now" is only now if it was observed recently. A value is current at an instant when it was
// observed within its source's staleAfter of it; an old sample, a series that stopped, or a
// broker state from another time is not current, and the check that needs it says since when
// it has had no fresh data instead of judging from it. Every rule of it is here, once.
//
//   samples   ●  ●  ●  ●  ●  ●  ●  ●                     (scrapes stop)
//   time      ────────────────────────┼──────────────┼───────────────▶
//                                     last sample    atMs
//                                     ◀── more than staleAfter + step ──▶  → unknown, "since <last sample>"
//
// Range queries answer on a step grid, so a series' last point can trail the instant by up to
// one step while its data is fresh: series get one step of slack on top of staleAfter.
import { MIN_STALE_AFTER_SECONDS } from "@/lib/config/fields";
import type { SamplePoint } from "@/lib/domain/series";
import type { AnalysisContext, DestinationView, Points } from "./destination-view";
import { formatDuration, isoTime } from "./status";
import type { Unobserved, WorkflowSignals } from "./types";

/** The source name of every history series. */
export const PROMETHEUS = "prometheus";

/** Used when a recording or a test gives no staleAfter for a source: the documented floor. */
export const FALLBACK_STALE_AFTER_MS = MIN_STALE_AFTER_SECONDS * 1000;

export function staleAfterMs(signals: WorkflowSignals, source: string): number {
  return signals.staleAfterMs[source] ?? FALLBACK_STALE_AFTER_MS;
}

/** How far a series' last point may trail the instant judged. */
export function seriesLimitMs(signals: WorkflowSignals): number {
  return staleAfterMs(signals, PROMETHEUS) + signals.history.stepSeconds * 1000;
}

/** True when the broker's state was observed close enough to `atMs` to stand for it. */
export function stateIsCurrent(signals: WorkflowSignals, atMs: number): boolean {
  if (!signals.state.ok) return false;
  return Math.abs(atMs - signals.state.value.atMs) <= staleAfterMs(signals, signals.broker);
}

/**
 * Why the points are not current at `atMs`, or undefined when they are: the last sample at or
 * before the instant is older than `limitMs`, or there is none. No samples is not zero.
 */
export function staleness(
  points: readonly SamplePoint[],
  atMs: number,
  limitMs: number,
  subject: string,
): Unobserved | undefined {
  let last: SamplePoint | undefined;
  for (const p of points) if (p.tsMs <= atMs) last = p;
  if (!last) return { ok: false, source: PROMETHEUS, reason: `no samples for ${subject} in the lookback` };
  if (atMs - last.tsMs <= limitMs) return undefined;
  return {
    ok: false,
    source: PROMETHEUS,
    reason: `no fresh data from Prometheus since ${isoTime(last.tsMs)} for ${subject} (${formatDuration(atMs - last.tsMs)} before the instant judged)`,
  };
}

/** The points if their last sample is recent at the instant judged; otherwise why not. */
export function freshPoints(points: Points, ctx: AnalysisContext, subject: string): Points {
  if (!points.ok) return points;
  return staleness(points.points, ctx.atMs, seriesLimitMs(ctx.signals), subject) ?? points;
}

/** A current value with when and where it was observed (and any warning about it), or why there is none. */
export type Current = { ok: true; value: number; atMs: number; from: string; warnings?: string[] } | Unobserved;

type Field = "waiting" | "inFlight" | "consumers";
const STATE_FIELD = { waiting: "waiting", inFlight: "inFlight", consumers: "consumerCount" } as const;
const WORDS: Record<Field, string> = { waiting: "depth", inFlight: "in-flight count", consumers: "consumer count" };

/**
 * The value at the instant judged: the broker's own reading when its state is current (the
 * view holds the state only then), else the newest metric sample if it is fresh.
 */
export function currentValue(view: DestinationView, field: Field, ctx: AnalysisContext): Current {
  const reading = view.state?.[STATE_FIELD[field]];
  if (reading) return { ok: true, ...reading };
  const points = view[field];
  if (!points.ok) return points;
  if (points.points.length === 0) {
    // Neither the broker nor the metrics: say why the broker could not, where it failed.
    if (view.stateProblem && !view.stateProblem.unconfigured) return view.stateProblem;
    return {
      ok: false,
      source: PROMETHEUS,
      reason: `no ${WORDS[field]} for ${view.ref.name}: no samples in the lookback`,
    };
  }
  const stale = staleness(points.points, ctx.atMs, seriesLimitMs(ctx.signals), `${view.ref.name} (${WORDS[field]})`);
  if (stale) return stale;
  const last = points.points[points.points.length - 1]!;
  return {
    ok: true,
    value: last.value,
    atMs: last.tsMs,
    from: "Prometheus",
    ...(points.warnings?.length ? { warnings: points.warnings } : {}),
  };
}
