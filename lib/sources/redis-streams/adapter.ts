// Redis Streams as a broker adapter (lib/sources/broker.ts): a destination is a stream read by
// one consumer group (`stream@group`); state from XINFO/XPENDING/XRANGE, history from
// redis_exporter --check-streams. docs/redis-streams.md.
//
// The client is loaded when first used, not imported: the config schema reads this adapter
// (through the registry) and must not pull the server-only Redis client into everything that
// validates a config file.
import { defaultStaleAfterSeconds } from "@/lib/config/fields";
import type { BrokerAdapter, BrokerClient } from "../broker";
import type { LastError } from "../http";
import { redisAlertSignals } from "./alert-signals";
import {
  POLL_INTERVAL_SECONDS,
  REDIS_CONSUMER_IDENTITIES,
  REDIS_VOCABULARY,
  redisDestinationSchema,
  redisSourceSchema,
  type RedisConfig,
} from "./config";
import { redisMetricPlan } from "./metric-plan";

function connect(config: RedisConfig): BrokerClient {
  let lastError: () => LastError | undefined = () => undefined;
  const client = import("./client").then(({ createRedisSource }) => {
    const created = createRedisSource(config);
    lastError = () => created.lastError();
    return created;
  });
  return {
    name: "redis-streams",
    state: async (destinations) => {
      const { readStreamState } = await import("./state");
      return readStreamState(await client, config, destinations);
    },
    health: async () => (await client).health(),
    lastError: () => lastError(),
    // Ends the one Redis connection (none is opened until a read needs it).
    close: async () => (await client).close(),
  };
}

export const redisStreams: BrokerAdapter<RedisConfig> = {
  name: "redis-streams",
  vocabulary: REDIS_VOCABULARY,
  sourceSchema: redisSourceSchema,
  destinationSchema: redisDestinationSchema,
  consumerIdentities: REDIS_CONSUMER_IDENTITIES,
  // Host and port only: never credentials.
  baseUrl: (config) => `${new URL(config.url).protocol}//${new URL(config.url).host}`,
  staleAfterMs: (config) => (config?.staleAfter ?? defaultStaleAfterSeconds(POLL_INTERVAL_SECONDS)) * 1000,
  connect,
  metricPlan: redisMetricPlan,
  alertSignals: redisAlertSignals,
  discoveryTopology: async (config, nowMs) => (await import("./discovery-read")).readRedisTopology(config, nowMs),
  // A declared entry is one group's reading of a stream (its dead-letter view too); the topology
  // lists the stream.
  topologyPlace: ({ name, identity }) => ({
    destination: identity.stream ?? name,
    ...(identity.group !== undefined ? { via: identity.group } : {}),
  }),
};
