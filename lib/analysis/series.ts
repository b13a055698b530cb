// Small helpers over metric series. A missing sample stays missing: nothing here fills a gap
// with zero, and "no series" is reported as undefined so callers can say "no data".
import type { SamplePoint, Series } from "@/lib/domain/series";

/** Finite points up to `atMs` (inclusive). */
export function pointsUntil(s: Series | undefined, atMs: number, fromMs = -Infinity): SamplePoint[] {
  if (!s) return [];
  return s.points.filter((p) => p.tsMs <= atMs && p.tsMs >= fromMs && Number.isFinite(p.value));
}

export function last(points: readonly SamplePoint[]): SamplePoint | undefined {
  return points[points.length - 1];
}

export function sum(points: readonly SamplePoint[]): number {
  let total = 0;
  for (const p of points) total += p.value;
  return total;
}

/** Running total of per-step increments: a cumulative position (Burrow's consumer offset). */
export function cumulative(increments: readonly SamplePoint[]): SamplePoint[] {
  let total = 0;
  return increments.map((p) => ({ tsMs: p.tsMs, value: (total += Math.max(0, p.value)) }));
}

/** Times at which a gauge changed value, with the values on each side. */
export function changes(points: readonly SamplePoint[]): Array<{ tsMs: number; from: number; to: number }> {
  const out: Array<{ tsMs: number; from: number; to: number }> = [];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    if (cur.value !== prev.value) out.push({ tsMs: cur.tsMs, from: prev.value, to: cur.value });
  }
  return out;
}

/** Last time the value was > 0 (for increments: the last step in which anything happened). */
export function lastPositive(points: readonly SamplePoint[]): SamplePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.value > 0.5) return points[i];
  return undefined;
}

/** Least-squares slope in units per second; undefined with fewer than 2 points. */
export function slopePerSecond(points: readonly SamplePoint[]): number | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const t0 = points[0]!.tsMs;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const x = (p.tsMs - t0) / 1000;
    sx += x;
    sy += p.value;
    sxx += x * x;
    sxy += x * p.value;
  }
  const den = n * sxx - sx * sx;
  return den === 0 ? undefined : (n * sxy - sx * sy) / den;
}
