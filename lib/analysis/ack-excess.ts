// More acks than messages: over a window a destination can ack at most what was published in it
// plus what was already there (waiting or delivered-but-unacked at the start). Beyond that the
// ack counter is not counting finished work: redeliveries counted twice, a second consumer on
// the same messages, or counters from different places that do not match (issue 11: the
// silent-drop recording acked 1459 for 947 published, and was called ok).
import type { SamplePoint } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { Points } from "./destination-view";

/** Room for counter resets and scrape timing before an excess is a finding. */
const EXCESS_SLACK_RATIO = 1.1;
const EXCESS_SLACK_MESSAGES = 5;

export type AckExcess =
  | { kind: "none" }
  | { kind: "excess"; acked: number; published: number; atStart: number; ratio: number }
  /** More acks than publishes, but what waited at the start cannot be read to account for it. */
  | { kind: "unaccounted"; source: SourceName; reason: string };

/** The gauge's value at the window start: the last sample at or before it, else the first after. */
function valueAt(points: readonly SamplePoint[], fromMs: number): number | undefined {
  let before: SamplePoint | undefined;
  for (const p of points) if (p.tsMs <= fromMs) before = p;
  return (before ?? points.find((p) => p.tsMs > fromMs))?.value;
}

export function ackExcess(
  totals: { acked: number; published: number },
  gauges: { waiting: Points; inFlight: Points },
  fromMs: number,
): AckExcess {
  const { acked, published } = totals;
  if (acked <= published * EXCESS_SLACK_RATIO + EXCESS_SLACK_MESSAGES) return { kind: "none" };
  // What waited or was in flight at the start is acked in the window too.
  let atStart = 0;
  for (const [what, points] of [
    ["waiting", gauges.waiting],
    ["in-flight", gauges.inFlight],
  ] as const) {
    if (!points.ok) return { kind: "unaccounted", source: points.source, reason: points.reason };
    const value = valueAt(points.points, fromMs);
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
