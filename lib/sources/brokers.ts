// The broker registry: one line per broker (docs/adding-a-broker.md).
import type { z } from "zod";
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
