import "server-only";
// The present state of a workflow's JetStream consumers: one /jsz request for every stream and
// consumer, then (with an advisory stream configured) the max-deliveries advisories per
// declared consumer over the JetStream API.
import type { BrokerSnapshot, DestinationConfig } from "@/lib/domain/destination";
import type { NatsSource } from "./client";
import type { DeadLetterReader } from "./dead-letters";
import { toBrokerSnapshot, type DeadLetterReading, type DeadLettersUnread } from "./snapshot";

export async function readJetStreamState(
  nats: NatsSource,
  deadLetters: DeadLetterReader | undefined,
  declared: readonly DestinationConfig[],
  activeWithinMs: number,
): Promise<BrokerSnapshot> {
  const [jsz, dead] = await Promise.all([nats.jsz(), deadLetters && readDeadLetters(deadLetters, declared)]);
  return toBrokerSnapshot(declared, jsz, { activeWithinMs, ...(dead ? { deadLetters: dead } : {}) });
}

/**
 * The dead letters are an optional second source: when the JetStream API fails, they become a
 * gap with its reason (the reader keeps the error for the sources page) and /jsz still stands.
 */
async function readDeadLetters(
  reader: DeadLetterReader,
  declared: readonly DestinationConfig[],
): Promise<DeadLetterReading | DeadLettersUnread> {
  try {
    return await reader.read(declared);
  } catch (err) {
    return { advisoryStream: reader.advisoryStream, unread: err instanceof Error ? err.message : String(err) };
  }
}
