// Consumer-lag status without a fixed depth threshold: Burrow's window rules (DOMAIN.md),
// adapted to a queue. Lag = messages ready; position = cumulative acks; "committing" = the
// broker delivering to a consumer. Over the samples of the window:
//   STOP   — lag never zero, no ack and no delivery at all (nobody is taking messages);
//   STALL  — lag never zero, deliveries happen but the position never moved (taken, never acked);
//   REWIND — the position went backwards (a counter we trusted went back);
//   WARN   — lag never zero and never decreasing while acks move (falling behind);
//   OK     — otherwise, including any sample with zero lag.
import type { SamplePoint } from "@/lib/domain/series";

export type LagStatus = "OK" | "WARN" | "STALL" | "STOP" | "REWIND";

export interface LagInput {
  /** Ready messages per sample, oldest first. */
  lag: readonly SamplePoint[];
  /** Cumulative ack count per sample. */
  position: readonly SamplePoint[];
  /** Deliveries in the window (undefined: unknown). */
  deliveries?: number;
  /** Lag at or below this counts as "zero" (default 0). */
  allowedLag?: number;
}

export interface LagResult {
  status: LagStatus;
  reason: string;
}

export function lagStatus(input: LagInput): LagResult | undefined {
  const { lag, position } = input;
  const allowed = input.allowedLag ?? 0;
  if (lag.length === 0) return undefined;
  if (lag.some((p) => p.value <= allowed))
    return { status: "OK", reason: "the queue was empty at least once in the window" };
  for (let i = 1; i < position.length; i++) {
    if (position[i]!.value < position[i - 1]!.value)
      return { status: "REWIND", reason: "the ack position went backwards" };
  }
  const moved = position.length >= 2 && position[position.length - 1]!.value > position[0]!.value;
  if (!moved) {
    if (position.length < 2) return undefined;
    if (input.deliveries !== undefined && input.deliveries > 0) {
      return {
        status: "STALL",
        reason: `messages waiting the whole window; ${input.deliveries} delivered but none acked`,
      };
    }
    return { status: "STOP", reason: "messages waiting the whole window and nothing acked or delivered" };
  }
  let nonDecreasing = true;
  for (let i = 1; i < lag.length; i++) if (lag[i]!.value < lag[i - 1]!.value) nonDecreasing = false;
  if (nonDecreasing && lag.length >= 3 && lag[lag.length - 1]!.value > lag[0]!.value) {
    return { status: "WARN", reason: "messages waiting the whole window and the backlog never shrank" };
  }
  return { status: "OK", reason: "acks are moving and the backlog shrinks at times" };
}
