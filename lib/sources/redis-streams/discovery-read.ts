import "server-only";
// Reads every stream of the Redis database for discovery (SCAN … TYPE stream, then XINFO GROUPS
// and XINFO CONSUMERS for each): a few commands per stream, one connection, closed when done.
import type { DiscoveryTopology } from "@/lib/domain/topology";
import { createRedisSource, type RedisSource } from "./client";
import type { RedisConfig } from "./config";
import { redisDiscoveryTopology, type StreamReading } from "./discovery";

async function readStreams(source: RedisSource): Promise<StreamReading[]> {
  const readings: StreamReading[] = [];
  // One stream at a time: discovery is not worth loading a production Redis for.
  for (const stream of await source.streamKeys()) {
    const groups = (await source.groups(stream)) ?? [];
    const consumers = new Map<string, Awaited<ReturnType<RedisSource["consumers"]>>>();
    for (const g of groups) consumers.set(g.group, await source.consumers(stream, g.group));
    readings.push({ stream, groups, consumers });
  }
  return readings;
}

export async function readRedisTopology(config: RedisConfig, nowMs: number): Promise<DiscoveryTopology> {
  const source = createRedisSource(config);
  try {
    return redisDiscoveryTopology(await readStreams(source), nowMs);
  } finally {
    await source
      .close()
      .catch((error: unknown) =>
        console.error(`Redis at ${new URL(config.url).host}: closing discovery's connection:`, error),
      );
  }
}
