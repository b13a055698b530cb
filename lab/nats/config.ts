// The NATS JetStream part of the lab: its ports, paths and names, apart from the RabbitMQ lab's
// (lab/config.ts) so that brokers' lab parts can be added and run side by side.
import path from "node:path";
import { host, paths, port } from "../config";

export const natsPorts = {
  client: port("LAB_NATS_PORT", 14222),
  monitor: port("LAB_NATS_MONITOR_PORT", 18222),
} as const;

export const natsPaths = {
  /** JetStream's store and the generated server config. */
  dir: path.join(paths.lab, "nats"),
  config: path.join(paths.lab, "nats", "nats-server.conf"),
  store: path.join(paths.lab, "nats", "jetstream"),
  /** Debian's nats-server (the `nats-server` package); LAB_NATS_SERVER_BIN for a `go install`ed one. */
  bin: process.env.LAB_NATS_SERVER_BIN ?? "nats-server",
};

export const natsUrls = {
  client: `nats://${host}:${natsPorts.client}`,
  monitor: `http://${host}:${natsPorts.monitor}`,
};

/** The pid-file name of the server (lab/procs.ts). */
export const NATS_PROCESS = "nats-server";

/**
 * The JetStream checkout workflow: one stream of order events, a durable pull consumer per
 * service. `max_deliver` is small so that poison messages reach the advisory within seconds.
 */
export const NATS_TOPOLOGY = {
  stream: "ORDERS",
  subjects: ["orders.>"],
  confirmedSubject: "orders.confirmed",
  consumers: {
    notification: { name: "notification", filter: "orders.confirmed" },
  },
  maxDeliver: 3,
  ackWaitMs: 5_000,
  /** Captures the max-deliveries advisories, so dead letters can be counted and named later. */
  advisoryStream: "ASYNCSCOPE_DEAD_LETTERS",
  advisorySubjects: ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"],
} as const;
