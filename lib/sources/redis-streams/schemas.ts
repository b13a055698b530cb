// The replies Asyncscope reads, as node-redis decodes them over RESP3 (the client asks for
// protocol 3, so maps arrive as objects and nil as null). Recorded from Redis 7.0 in
// tests/fixtures/redis-streams/. Fields a newer Redis adds are accepted and ignored.
import { z } from "zod";

/** "1796134280987-0": milliseconds and sequence. */
export const entryId = z.string().regex(/^\d+-\d+$/, "expected a stream entry id <ms>-<seq>");

/** XINFO GROUPS <stream>: one map per group. */
export const groupWireSchema = z.looseObject({
  name: z.string(),
  consumers: z.number().int(),
  pending: z.number().int(),
  "last-delivered-id": entryId,
  // Redis ≥ 7.0. Nil when the group was created or moved (XGROUP SETID) without ENTRIESREAD.
  "entries-read": z.number().int().nullable(),
  // Redis ≥ 7.0. Nil when Redis cannot count it: an entry was deleted (XDEL) or trimmed past
  // the group's position since it last read, or entries-read is unknown.
  lag: z.number().int().nullable(),
});
export const groupsWireSchema = z.array(groupWireSchema);
export type GroupWire = z.output<typeof groupWireSchema>;

/** XINFO CONSUMERS <stream> <group>: `inactive` only from Redis 7.2. */
export const consumerWireSchema = z.looseObject({
  name: z.string(),
  pending: z.number().int(),
  /**
   * ms since the consumer was last given entries (Redis 7.0: an empty XREADGROUP does not reset
   * it, measured in the lab); from 7.2, since its last attempted interaction.
   */
  idle: z.number().int(),
  /** ms since its last successful interaction; -1 when it never had one (Redis ≥ 7.2). */
  inactive: z.number().int().optional(),
});
export const consumersWireSchema = z.array(consumerWireSchema);
export type ConsumerWire = z.output<typeof consumerWireSchema>;

/** XPENDING <stream> <group> IDLE <ms> - + <count>: [id, consumer, idle ms, deliveries]. */
export const pendingEntryWireSchema = z.tuple([entryId, z.string(), z.number().int(), z.number().int()]);
export const pendingWireSchema = z.array(pendingEntryWireSchema);
export type PendingEntryWire = z.output<typeof pendingEntryWireSchema>;

/** XRANGE <stream> <start> + COUNT 1: [[id, [field, value, …]]] or []. */
export const rangeWireSchema = z.array(z.tuple([entryId, z.array(z.string())]));

/** XLEN <stream>. */
export const lengthWireSchema = z.number().int();

/** INFO server, the lines Asyncscope shows. */
export function redisVersionOf(info: string): string | undefined {
  return /^redis_version:(\S+)/m.exec(info)?.[1];
}

/** SCAN's reply: the next cursor ("0" when done) and a batch of keys. */
export const scanWireSchema = z.tuple([z.string(), z.array(z.string())]);
