// RabbitMQ as a broker adapter (lib/sources/broker.ts): a destination is a queue in a vhost;
// state from the management API, history from rabbitmq_prometheus's per-object series.
//
// The client is loaded when first used, not imported: the config schema reads this adapter
// (through the registry) for its source and destination schemas, and must not pull the
// server-only HTTP client into everything that validates a config file.
import { defaultStaleAfterSeconds } from "@/lib/config/fields";
import type { BrokerAdapter, BrokerClient } from "../broker";
import type { LastError } from "../http";
import {
  RABBIT_CONSUMER_IDENTITIES,
  RABBIT_VOCABULARY,
  STATS_INTERVAL_SECONDS,
  rabbitDestinationSchema,
  rabbitSourceSchema,
  type RabbitConfig,
} from "./config";
import { rabbitAlertSignals } from "./alert-signals";
import { rabbitMetricPlan } from "./metric-plan";

function connect(config: RabbitConfig): BrokerClient {
  let lastError: () => LastError | undefined = () => undefined;
  const client = import("./client").then(({ createRabbitSource }) => {
    const created = createRabbitSource(config);
    lastError = () => created.http.lastError();
    return created;
  });
  return {
    name: "rabbitmq",
    state: async (destinations) => {
      const { readQueueState } = await import("./state");
      return readQueueState(await client, destinations);
    },
    health: async () => (await client).health(),
    lastError: () => lastError(),
    // HTTP through fetch's shared pool: no connection of its own; its cached answers go.
    close: async () => (await client).http.clearCache(),
  };
}

export const rabbitmq: BrokerAdapter<RabbitConfig> = {
  name: "rabbitmq",
  vocabulary: RABBIT_VOCABULARY,
  sourceSchema: rabbitSourceSchema,
  destinationSchema: rabbitDestinationSchema,
  consumerIdentities: RABBIT_CONSUMER_IDENTITIES,
  baseUrl: (config) => config.managementUrl,
  staleAfterMs: (config) => (config?.staleAfter ?? defaultStaleAfterSeconds(STATS_INTERVAL_SECONDS)) * 1000,
  connect,
  metricPlan: rabbitMetricPlan,
  alertSignals: rabbitAlertSignals,
  destinationUrl: (config, ref) =>
    `${config.managementUrl}/#/queues/${encodeURIComponent(ref.identity.vhost!)}/${encodeURIComponent(ref.identity.queue!)}`,
  discoveryTopology: async (config, nowMs) => {
    const [{ createRabbitSource }, { readRabbitTopology }] = await Promise.all([
      import("./client"),
      import("./discovery"),
    ]);
    return readRabbitTopology(createRabbitSource(config), nowMs);
  },
  topologyPlace: ({ name, identity }) => ({
    destination: identity.queue ?? name,
    ...(identity.vhost !== undefined ? { scope: identity.vhost } : {}),
  }),
};
