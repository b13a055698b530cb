// Kafka as a broker adapter (lib/sources/broker.ts): a destination is a topic read by a
// consumer group; state from the admin API (groups, committed and log-end offsets), history
// from kafka_exporter's or KMinion's series in Prometheus. docs/kafka.md.
//
// The client is loaded when first used, as RabbitMQ's is: validating a config file must not
// pull the admin client into everything that reads the registry.
import { defaultStaleAfterSeconds } from "@/lib/config/fields";
import type { BrokerAdapter, BrokerClient, BrokerContext, SamplerPlan } from "../broker";
import type { LastError } from "../http";
import { kafkaAlertSignals } from "./alert-signals";
import {
  KAFKA_CONSUMER_IDENTITIES,
  KAFKA_VOCABULARY,
  kafkaDestinationSchema,
  kafkaSourceSchema,
  type KafkaConfig,
} from "./config";
import { kafkaMetricPlan } from "./metric-plan";

/** Offsets are read live at each evaluation: no broker-side statistics interval to wait for. */
const POLL_INTERVAL_SECONDS = 0;

function connect(config: KafkaConfig, context: BrokerContext = {}): BrokerClient {
  let lastError: () => LastError | undefined = () => undefined;
  const client = import("./client").then(({ createKafkaSource }) => {
    const created = createKafkaSource(config, context);
    lastError = () => created.lastError();
    return created;
  });
  return {
    name: "kafka",
    state: async (destinations) => (await client).state(destinations),
    health: async () => (await client).health(),
    lastError: () => lastError(),
    // Ends the admin client's connections to the brokers.
    close: async () => (await client).close(),
  };
}

function sampler(config: KafkaConfig): SamplerPlan | undefined {
  if (!config.sampler?.enabled) return undefined;
  return {
    intervalSeconds: config.sampler.interval,
    create: async () => (await import("./sampler")).createKafkaSampler(config),
  };
}

export const kafka: BrokerAdapter<KafkaConfig> = {
  name: "kafka",
  vocabulary: KAFKA_VOCABULARY,
  sourceSchema: kafkaSourceSchema,
  destinationSchema: kafkaDestinationSchema,
  consumerIdentities: KAFKA_CONSUMER_IDENTITIES,
  baseUrl: (config) => `kafka://${config.brokers.join(",")}`,
  staleAfterMs: (config) => (config?.staleAfter ?? defaultStaleAfterSeconds(POLL_INTERVAL_SECONDS)) * 1000,
  connect,
  sampler,
  metricPlan: kafkaMetricPlan,
  alertSignals: kafkaAlertSignals,
  discoveryTopology: async (config) => (await import("./discovery-read")).readKafkaTopology(config),
  // A declared entry is one group's reading of a topic; the topology lists the topic.
  topologyPlace: ({ name, identity }) => ({
    destination: identity.topic ?? name,
    ...(identity.group !== undefined ? { via: identity.group } : {}),
  }),
};
