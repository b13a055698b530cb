// The broker registry: one line per broker (docs/adding-a-broker.md).
import type { z } from "zod";
import type { ConsumerIdentity, DestinationRef } from "@/lib/domain/destination";
import type { TopologyPlace } from "@/lib/domain/topology";
import { kafka } from "./kafka/adapter";
import { nats } from "./nats/adapter";
import { rabbitmq } from "./rabbitmq/adapter";
import { redisStreams } from "./redis-streams/adapter";

export const BROKERS = {
  rabbitmq,
  "redis-streams": redisStreams,
  nats,
  kafka,
} as const;

export type BrokerName = keyof typeof BROKERS;
export const BROKER_NAMES = Object.keys(BROKERS) as [BrokerName, ...BrokerName[]];
export type BrokerSourceConfigs = { [K in BrokerName]?: z.output<(typeof BROKERS)[K]["sourceSchema"]> };

export function isBrokerName(name: string): name is BrokerName {
  return Object.hasOwn(BROKERS, name);
}

/** Where a destination of `broker` sits in discovery's topology (BrokerAdapter.topologyPlace). */
export function topologyPlace(
  broker: string,
  ref: DestinationRef,
  consumers?: readonly ConsumerIdentity[],
): TopologyPlace {
  if (!isBrokerName(broker)) throw new Error(`unknown broker "${broker}" (known: ${BROKER_NAMES.join(", ")})`);
  return BROKERS[broker].topologyPlace(ref, consumers);
}
