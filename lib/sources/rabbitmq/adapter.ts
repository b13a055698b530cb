// RabbitMQ as a broker adapter (lib/sources/broker.ts): a destination is a queue in a vhost;
// state from the management API, history from rabbitmq_prometheus's per-object series.
import type { BrokerAdapter } from "../broker";
import { createRabbitSource } from "./client";
import {
  RABBIT_CONSUMER_IDENTITIES,
  RABBIT_VOCABULARY,
  rabbitDestinationSchema,
  rabbitSourceSchema,
  type RabbitConfig,
} from "./config";
import { rabbitMetricPlan } from "./metric-plan";
import { readQueueState } from "./state";
import { defaultStaleAfterSeconds } from "@/lib/config/fields";

/**
 * The management API is read at every evaluation, but its queue figures are only refreshed
 * every collect_statistics_interval (5 s by default): three of those, and at least 30 s.
 */
const STATS_INTERVAL_SECONDS = 5;

export const rabbitmq: BrokerAdapter<RabbitConfig> = {
  name: "rabbitmq",
  vocabulary: RABBIT_VOCABULARY,
  sourceSchema: rabbitSourceSchema,
  destinationSchema: rabbitDestinationSchema,
  consumerIdentities: RABBIT_CONSUMER_IDENTITIES,
  baseUrl: (config) => config.managementUrl,
  staleAfterMs: (config) => (config?.staleAfter ?? defaultStaleAfterSeconds(STATS_INTERVAL_SECONDS)) * 1000,
  connect(config) {
    const client = createRabbitSource(config);
    return {
      name: "rabbitmq",
      state: (destinations) => readQueueState(client, destinations),
      health: () => client.health(),
      lastError: () => client.http.lastError(),
    };
  },
  metricPlan: rabbitMetricPlan,
  destinationUrl: (config, ref) =>
    `${config.managementUrl}/#/queues/${encodeURIComponent(ref.identity.vhost!)}/${encodeURIComponent(ref.identity.queue!)}`,
};
