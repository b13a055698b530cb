// The broker registry: one line per broker (docs/adding-a-broker.md).
import type { z } from "zod";
import { kafka } from "./kafka/adapter";
import { rabbitmq } from "./rabbitmq/adapter";

export const BROKERS = {
  rabbitmq,
  kafka,
} as const;

export type BrokerName = keyof typeof BROKERS;
export const BROKER_NAMES = Object.keys(BROKERS) as [BrokerName, ...BrokerName[]];
export type BrokerSourceConfigs = { [K in BrokerName]?: z.output<(typeof BROKERS)[K]["sourceSchema"]> };

export function isBrokerName(name: string): name is BrokerName {
  return Object.hasOwn(BROKERS, name);
}
