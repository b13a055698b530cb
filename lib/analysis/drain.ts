// How long a backlog takes to drain at the current net rate: the one computation behind the
// backlog check's number and the time-to-drain line on the age chart, so they always agree.
// Arrivals keep coming while the backlog drains: only acks beyond publishes empty it.
//
//   waiting   ●────●────●────●────●         (the samples of the last DRAIN_WINDOW_MS before atMs)
//   acks           ▮    ▮    ▮    ▮         increments after the first sample, over the same span
//   publishes      ▯    ▯    ▯    ▯
//   net rate  = (Σ acks − Σ publishes) ÷ span;   time to drain = waiting ÷ net rate, when it is > 0
import type { SamplePoint } from "@/lib/domain/series";
import { sum } from "./series";

/** Burrow judges a handful of recent samples; the drain rate uses the same two minutes. */
export const DRAIN_WINDOW_MS = 2 * 60_000;

export interface DrainRate {
  /** The waiting samples the rate was measured over (oldest first). */
  lag: SamplePoint[];
  ackRateHz?: number;
  publishRateHz?: number;
  /** Acks minus publishes per second; undefined when the span is too short or the publishes unknown. */
  netHz?: number;
}

/**
 * The ack, publish and net rates over the DRAIN_WINDOW_MS before `atMs`. Each increment covers
 * the step before its timestamp: over the span between the first and last waiting samples,
 * count the increments after the first sample (no fencepost error). `publishes` undefined: the
 * publish rate is unknown, and so is the net rate (arrivals are not assumed to be none).
 */
export function drainRate(
  waiting: readonly SamplePoint[],
  acks: readonly SamplePoint[] | undefined,
  publishes: readonly SamplePoint[] | undefined,
  atMs: number,
): DrainRate {
  const fromMs = atMs - DRAIN_WINDOW_MS;
  const lag = waiting.filter((p) => p.tsMs >= fromMs && p.tsMs <= atMs);
  const spanS = lag.length >= 2 ? (lag[lag.length - 1]!.tsMs - lag[0]!.tsMs) / 1000 : 0;
  if (!acks || spanS <= 0) return { lag };
  const firstTs = lag[0]!.tsMs;
  const after = (p: SamplePoint) => p.tsMs > firstTs && p.tsMs <= atMs;
  const ackRateHz = sum(acks.filter(after)) / spanS;
  const publishRateHz = publishes ? sum(publishes.filter(after)) / spanS : undefined;
  if (publishRateHz === undefined) return { lag, ackRateHz };
  return { lag, ackRateHz, publishRateHz, netHz: ackRateHz - publishRateHz };
}

/**
 * Seconds until `waiting` is gone at `netHz`: 0 when empty, null when it is not draining (acks do
 * not outpace arrivals), undefined when either is unknown: not draining and cannot tell differ.
 */
export function drainSeconds(waiting: number | undefined, netHz: number | undefined): number | null | undefined {
  if (waiting !== undefined && waiting <= 0) return 0;
  if (waiting === undefined || netHz === undefined) return undefined;
  return netHz > 0 ? waiting / netHz : null;
}

/** How a drain time reads in evidence and on the chart's table. */
export function drainState(seconds: number | null | undefined): "empty" | "draining" | "not draining" | "unknown" {
  if (seconds === undefined) return "unknown";
  if (seconds === null) return "not draining";
  return seconds === 0 ? "empty" : "draining";
}
