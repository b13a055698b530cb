// Lines that draw as one. Two queues fed by one fanout publish the same rate, two empty
// dead-letter queues both sit at 0: drawn as they are, the later line covers the earlier and
// the reader sees one line where there are two (issue 11). This finds, for each line, an
// earlier one it coincides with (within about a pixel of the chart's height), so the chart
// can draw the earlier wide and pale under it and the legend can say which lines overlap.
import type { LineData } from "./view-model";

/** Values closer than this share of the chart's largest value draw on the same pixel row. */
const SAME_ROW_SHARE = 0.01;
/** Coinciding on fewer steps than this is crossing, not overlapping: not worth a word. */
const MIN_SHARED_STEPS = 0.5;

/** Of the steps where both lines have a value, the share where they draw on the same row. */
function sharedShare(a: LineData, b: LineData, tolerance: number): number {
  const bAt = new Map(b.points.map(([t, v]) => [t, v]));
  let both = 0;
  let same = 0;
  for (const [t, va] of a.points) {
    const vb = bAt.get(t);
    if (va === null || vb === null || vb === undefined) continue;
    both++;
    if (Math.abs(va - vb) <= tolerance) same++;
  }
  return both === 0 ? 0 : same / both;
}

/**
 * Marks each line that coincides with an earlier one on at least half the steps both have
 * (`coincides`, with the share), and the earlier line as drawn `under` it (by how many lines
 * are stacked on it). Lines on the right
 * axis are compared only with each other (their scale differs). Order and points are kept.
 */
export function markCoinciding(lines: readonly LineData[]): LineData[] {
  const out = lines.map((l) => ({ ...l }));
  const below = new Map<LineData, LineData>();
  for (const side of [false, true]) {
    const group = out.filter((l) => Boolean(l.rightAxis) === side);
    const max = Math.max(0, ...group.flatMap((l) => l.points.map(([, v]) => (v === null ? 0 : Math.abs(v)))));
    // An all-zero chart: every value is on the zero row.
    const tolerance = max === 0 ? 0 : max * SAME_ROW_SHARE;
    group.forEach((line, i) => {
      let best: { index: number; share: number } | undefined;
      for (let j = 0; j < i; j++) {
        const share = sharedShare(line, group[j]!, tolerance);
        // Ties go to the latest: three identical lines stack as a chain C → B → A.
        if (share >= MIN_SHARED_STEPS && share >= (best?.share ?? 0)) best = { index: j, share };
      }
      if (!best) return;
      below.set(line, group[best.index]!);
      line.coincides = { label: group[best.index]!.label, share: Math.round(best.share * 100) / 100 };
    });
  }
  // Each line below others is drawn wider by the number stacked on it, so every colour shows.
  for (const line of out) {
    for (let at = below.get(line), depth = 1; at; at = below.get(at), depth++)
      at.under = Math.max(at.under ?? 0, depth);
  }
  return out;
}

/** The legend's words for a coinciding line: "same values as X" or "same as X on 80 % of steps". */
export function coincidesText(c: NonNullable<LineData["coincides"]>): string {
  return c.share >= 0.99
    ? `same values as ${c.label}`
    : `same as ${c.label} on ${Math.round(c.share * 100)} % of steps`;
}
