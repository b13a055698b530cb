// The Wilson score interval for a proportion: honest at small samples and near 0 or 1, where
// the textbook "p ± 1.96·√(p(1−p)/n)" claims certainty it does not have (e.g. 10/10 → [1, 1]).

/** 95% interval for `successes` out of `n`; undefined when n is 0 (there is no proportion). */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number } | undefined {
  if (n <= 0) return undefined;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
