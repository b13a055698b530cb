const TICK_STEPS_MS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map(
  (s) => s * 1000,
);

/** About `count` round tick times inside the window (every 5 min, every hour…): no repeated labels. */
export function timeTicks(fromMs: number, toMs: number, count = 8): number[] {
  const step = TICK_STEPS_MS.find((s) => (toMs - fromMs) / s <= count) ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) out.push(t);
  return out;
}
