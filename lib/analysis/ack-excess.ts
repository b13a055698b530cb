// More acks than messages: over a window a destination acks what was published in it plus what
// was already there (waiting or delivered-but-unacked). Beyond that the ack counter counts more
// than finished work, and the ack rate alone cannot vouch that the work is done. It is a note,
// not a warning: healthy systems get there too (messages returning from a delay queue are not
// counted as published; a publisher's short-lived channels are undercounted), and the check
// must not cry wolf (issue 11 asked that it is said, never silently ok).
import type { SamplePoint } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { Points } from "./destination-view";

/** Room for counter resets and scrape timing before acks count as above publishes. */
const EXCESS_SLACK_RATIO = 1.1;
const EXCESS_SLACK_MESSAGES = 5;

export type AckExcess =
  | { kind: "none" }
  | { kind: "excess"; acked: number; published: number; atStart: number; ratio: number }
  /** More acks than publishes, and what was there at the start cannot be read to account for it. */
  | { kind: "unaccounted"; source: SourceName; reason: string };

/**
 * The most the gauge held from one rate range before the window start to the start: the first
 * points of the window are rates over that range, so they count acks of messages that were
 * waiting then (a backlog drained just before the start), not only at the start.
 */
function mostBefore(points: readonly SamplePoint[], fromMs: number, rangeMs: number): number | undefined {
  const around = points.filter((p) => p.tsMs >= fromMs - rangeMs && p.tsMs <= fromMs);
  if (around.length) return Math.max(...around.map((p) => p.value));
  return points.find((p) => p.tsMs > fromMs)?.value;
}

export function ackExcess(
  totals: { acked: number; published: number },
  gauges: { waiting: Points; inFlight: Points },
  fromMs: number,
  /** The range the counters' rates were taken over (rate-range.ts). */
  rateRangeSeconds: number,
): AckExcess {
  const { acked, published } = totals;
  if (acked <= published * EXCESS_SLACK_RATIO + EXCESS_SLACK_MESSAGES) return { kind: "none" };
  const rangeMs = rateRangeSeconds * 1000;
  let atStart = 0;
  for (const [what, points] of [
    ["waiting", gauges.waiting],
    ["in-flight", gauges.inFlight],
  ] as const) {
    if (!points.ok) return { kind: "unaccounted", source: points.source, reason: points.reason };
    const value = mostBefore(points.points, fromMs, rangeMs);
    if (value === undefined)
      return {
        kind: "unaccounted",
        source: "prometheus",
        reason: `no sample of the ${what} count at the window start`,
      };
    atStart += value;
  }
  const available = published + atStart;
  if (acked <= available * EXCESS_SLACK_RATIO + EXCESS_SLACK_MESSAGES) return { kind: "none" };
  return { kind: "excess", acked, published, atStart, ratio: available > 0 ? acked / available : Infinity };
}
