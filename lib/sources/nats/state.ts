import "server-only";
// The present state of a workflow's JetStream consumers: one /jsz request for every stream and
// consumer, then (with an advisory stream configured) the max-deliveries advisories per
// declared consumer over the JetStream API.
import type { BrokerSnapshot, DestinationConfig } from "@/lib/domain/destination";
import type { NatsSource } from "./client";
import type { DeadLetterReader } from "./dead-letters";
import { toBrokerSnapshot } from "./snapshot";

export async function readJetStreamState(
  nats: NatsSource,
  deadLetters: DeadLetterReader | undefined,
  declared: readonly DestinationConfig[],
  activeWithinMs: number,
): Promise<BrokerSnapshot> {
  const [jsz, dead] = await Promise.all([nats.jsz(), deadLetters?.read(declared)]);
  return toBrokerSnapshot(declared, jsz, { activeWithinMs, ...(dead ? { deadLetters: dead } : {}) });
}
