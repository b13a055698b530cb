// NATS JetStream as a broker adapter (lib/sources/broker.ts): a destination is a stream with its
// durable consumer; state from the monitoring endpoint's /jsz (and the JetStream API for dead
// letters), history from prometheus-nats-exporter's -jsz series.
//
// The clients are loaded when first used, not imported: the config schema reads this adapter
// (through the registry) and must not pull server-only I/O into everything that validates a config.
import { defaultStaleAfterSeconds } from "@/lib/config/fields";
import type { BrokerAdapter, BrokerClient, SamplerPlan } from "../broker";
import type { LastError } from "../http";
import { natsAlertSignals } from "./alert-signals";
import {
  NATS_CONSUMER_IDENTITIES,
  NATS_VOCABULARY,
  natsDestinationSchema,
  natsSourceSchema,
  type NatsConfig,
} from "./config";
import { natsMetricPlan } from "./metric-plan";

/** /jsz is computed when asked, so it is as fresh as the answer; the exporter scrapes it every 15 s or so. */
const POLL_INTERVAL_SECONDS = 10;

/** Two clients (the monitoring endpoint, the JetStream API for dead letters): the later failure. */
function newest(a: LastError | undefined, b: LastError | undefined): LastError | undefined {
  if (!a || !b) return a ?? b;
  return b.atMs > a.atMs ? b : a;
}

function connect(config: NatsConfig): BrokerClient {
  let lastError: () => LastError | undefined = () => undefined;
  const clients = Promise.all([import("./client"), import("./dead-letters")]).then(
    ([{ createNatsSource }, { createDeadLetterReader }]) => {
      const source = createNatsSource(config);
      const deadLetters = config.deadLetters ? createDeadLetterReader(config.deadLetters, config.timeoutMs) : undefined;
      lastError = () => newest(source.http.lastError(), deadLetters?.lastError());
      return { source, deadLetters };
    },
  );
  return {
    name: "nats",
    state: async (destinations) => {
      const { readJetStreamState } = await import("./state");
      const { source, deadLetters } = await clients;
      return readJetStreamState(source, deadLetters, destinations, config.activeWithin * 1000);
    },
    health: async () => (await clients).source.health(),
    lastError: () => lastError(),
    // The monitoring endpoint is plain HTTP (fetch's shared pool); the JetStream API reader
    // holds a NATS connection, ended here.
    close: async () => {
      const { source, deadLetters } = await clients;
      source.http.clearCache();
      await deadLetters?.close();
    },
  };
}

function sampler(config: NatsConfig): SamplerPlan | undefined {
  if (!config.sampler?.enabled) return undefined;
  return {
    intervalSeconds: config.sampler.interval,
    create: async () => (await import("./sampler")).createNatsSampler(config),
  };
}

export const nats: BrokerAdapter<NatsConfig> = {
  name: "nats",
  vocabulary: NATS_VOCABULARY,
  sourceSchema: natsSourceSchema,
  destinationSchema: natsDestinationSchema,
  consumerIdentities: NATS_CONSUMER_IDENTITIES,
  baseUrl: (config) => config.monitorUrl,
  staleAfterMs: (config) => (config?.staleAfter ?? defaultStaleAfterSeconds(POLL_INTERVAL_SECONDS)) * 1000,
  connect,
  sampler,
  metricPlan: natsMetricPlan,
  alertSignals: natsAlertSignals,
  discoveryTopology: async (config) => {
    const [{ createNatsSource }, { natsDiscoveryTopology }] = await Promise.all([
      import("./client"),
      import("./discovery"),
    ]);
    return natsDiscoveryTopology(await createNatsSource(config).jsz());
  },
  // A declared entry is one consumer of a stream; the topology lists the stream, with the
  // subjects its consumers filter on (what spans name as their destination).
  topologyPlace: ({ name, identity }, consumers) => {
    const subjects = [...new Set((consumers ?? []).flatMap((c) => c.attributes.filterSubject?.split(" ") ?? []))];
    return {
      destination: identity.stream ?? name,
      ...(identity.consumer !== undefined ? { via: identity.consumer } : {}),
      ...(subjects.length > 0 ? { subjects } : {}),
    };
  },
};
