// A root-cause hint for dead letters: when every destination of a workflow dead-letters, at
// rates alike, the consumers are not failing one by one. They share only what reaches them: the
// producer or the message itself (seed: poison messages, where each consumer rejected the same
// malformed orders). Said as a finding with its numbers, so the reader looks upstream first.
import type { ItemResult } from "./check-items";

/** Rates within this ratio of each other count as alike. */
const ALIKE_RATIO = 1.25;

export interface DeadLetterGrowth {
  /** The destination whose rejected messages these are. */
  destination: string;
  dlq: string;
  perMinute: number;
}

/**
 * The hint, or nothing. `growing` holds the destinations whose dead letters grew past the limit;
 * `judged` how many destinations of the workflow were judged (a delay queue is not one).
 */
export function upstreamHint(
  growing: readonly DeadLetterGrowth[],
  judged: number,
  producer: string | undefined,
): ItemResult | undefined {
  const destinations = [...new Set(growing.map((g) => g.destination))];
  if (destinations.length < 2 || destinations.length < judged) return undefined;
  // Destinations sharing a dead-letter queue share its growth too: the rates are not theirs, and
  // alike by construction.
  if (new Set(growing.map((g) => g.dlq)).size < growing.length) return undefined;
  const rates = growing.map((g) => g.perMinute);
  const lowest = Math.min(...rates);
  const highest = Math.max(...rates);
  if (lowest <= 0 || highest / lowest > ALIKE_RATIO) return undefined;
  const each = growing.map((g) => `${g.dlq} ${g.perMinute.toFixed(1)}/min`).join(", ");
  const from = producer ? `the producer (${producer})` : "the producer";
  return {
    subject: "all destinations",
    status: "warning",
    text: `Every destination dead-letters at the same rate (${each}): the cause is probably upstream, in ${from} or the messages themselves, not in each consumer. Look at one dead letter's body and headers first.`,
    values: {
      kind: "upstream-cause",
      destinations: destinations.join(", "),
      lowestPerMinute: Number(lowest.toFixed(2)),
      highestPerMinute: Number(highest.toFixed(2)),
      producer: producer ?? null,
    },
  };
}
