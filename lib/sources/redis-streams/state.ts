import "server-only";
// The present state of a workflow's stream groups: XINFO GROUPS once per stream, then per
// declared group XINFO CONSUMERS, the first undelivered entry (XRANGE from last-delivered-id)
// and, when it has pending entries, the stuck ones (XPENDING … IDLE); then the dead-letter
// streams' length and head. A few commands per group, whatever the stream's length.
import type { BrokerSnapshot, DestinationConfig } from "@/lib/domain/destination";
import type { RedisSource } from "./client";
import type { RedisConfig, RedisDestinationConfig } from "./config";
import { toBrokerSnapshot, type DeadLetterStreamState, type GroupState } from "./snapshot";

export async function readStreamState(
  redis: RedisSource,
  config: RedisConfig,
  declared: readonly DestinationConfig[],
  now: () => number = Date.now,
): Promise<BrokerSnapshot> {
  const destinations = declared as readonly RedisDestinationConfig[];
  const atMs = now();
  const streams = [...new Set(destinations.map((d) => d.ref.identity.stream!))];
  const groupsByStream = new Map(await Promise.all(streams.map(async (s) => [s, await redis.groups(s)] as const)));
  const stuckAfterMs = config.stuckAfter * 1000;
  const groups = await Promise.all(
    destinations.map(async (d): Promise<GroupState> => {
      const { stream, group: name } = d.ref.identity as { stream: string; group: string };
      const all = groupsByStream.get(stream);
      const group = all?.find((g) => g.group === name);
      if (!all || !group) return { key: d.ref.key, streamExists: all !== undefined };
      const [consumers, firstUndeliveredId, stuck] = await Promise.all([
        redis.consumers(stream, name),
        // Lag 0 means nothing is undelivered; a nil lag still has a first undelivered entry to find.
        group.lag === 0 ? Promise.resolve(null) : redis.firstAfter(stream, group.lastDeliveredId),
        group.pending > 0
          ? redis
              .pendingIdle(stream, name, stuckAfterMs, config.pendingScanLimit)
              .then((entries) => ({ entries, capped: entries.length >= config.pendingScanLimit }))
          : Promise.resolve(undefined),
      ]);
      return { key: d.ref.key, streamExists: true, group, consumers, firstUndeliveredId, ...(stuck ? { stuck } : {}) };
    }),
  );
  const dlqStreams = [...new Set(destinations.flatMap((d) => (d.deadLetter?.stream ? [d.deadLetter.stream] : [])))];
  const deadLetterStreams = await Promise.all(
    dlqStreams.map(async (stream): Promise<DeadLetterStreamState> => ({
      stream,
      exists: true,
      ...(await redis.streamHead(stream)),
    })),
  );
  return toBrokerSnapshot(
    destinations,
    { groups, deadLetterStreams, atMs },
    {
      consumerIdleAfterMs: config.consumerIdleAfter * 1000,
      stuckAfterMs,
    },
  );
}
