// Choosing the step of a range query. Points are bounded by the chart width (no use fetching
// more points than pixels) and by Prometheus' own limit of 11,000 points per series. The step
// is rounded up to a "nice" value and the window aligned to it, so everyone looking at the
// same window sends the same URL, and the cache and coalescing in http.ts can do their work.

export const PROMETHEUS_MAX_POINTS = 11_000;
const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface StepChoice {
  startS: number;
  endS: number;
  stepS: number;
  points: number;
}

export function chooseStep(opts: {
  startMs: number;
  endMs: number;
  widthPx?: number;
  minStepS?: number;
  maxPoints?: number;
}): StepChoice {
  const { startMs, endMs } = opts;
  if (!(endMs > startMs)) throw new RangeError("the window must end after it starts");
  const maxPoints = Math.max(2, Math.min(opts.maxPoints ?? opts.widthPx ?? 600, PROMETHEUS_MAX_POINTS));
  const rangeS = (endMs - startMs) / 1000;
  const wanted = Math.max(rangeS / (maxPoints - 1), opts.minStepS ?? 1);
  const stepS = NICE_STEPS_S.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
  const startS = Math.floor(startMs / 1000 / stepS) * stepS;
  let endS = Math.ceil(endMs / 1000 / stepS) * stepS;
  // Alignment can add a point at each end; drop the last one if that breaks the bound.
  while ((endS - startS) / stepS + 1 > maxPoints && endS - stepS > startS) endS -= stepS;
  return { startS, endS, stepS, points: Math.floor((endS - startS) / stepS) + 1 };
}
