// Durations in asyncscope.yaml are written the way Prometheus writes them ("30s", "5m",
// "1h30m"), so an on-call engineer can copy a value between the two without converting.
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION_PATTERN = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART_PATTERN = /(\d+)(ms|s|m|h|d)/g;

/** Parses "1h30m" into seconds; returns undefined when the text is not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let totalSeconds = 0;
  for (const [, amount, unit] of text.matchAll(PART_PATTERN)) {
    totalSeconds += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0);
  }
  return totalSeconds;
}
