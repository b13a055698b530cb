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

/**
 * One lane per lab fault (lab/nats/faults.ts), each a stream of its own with one durable pull
 * consumer, so that every fault can run at once and be told apart: a fault on one lane moves
 * only that stream's figures (its first_ts, its pending), and the ORDERS/notification lane stays
 * the healthy reference. Every order is published to every lane under one PRODUCER span.
 */
export const NATS_LANES = {
  invoicing: { stream: "INVOICES", subject: "invoices.requested", fault: "nats-consumer-crashloop" },
  shipping: { stream: "SHIPMENTS", subject: "shipments.requested", fault: "nats-stalled-consumer" },
  loyalty: { stream: "LOYALTY", subject: "loyalty.points", fault: "nats-slow-consumer" },
  receipts: { stream: "RECEIPTS", subject: "receipts.requested", fault: "nats-poison-messages" },
  analytics: { stream: "ANALYTICS", subject: "analytics.orders", fault: "nats-undeclared-consumer" },
  stock: { stream: "STOCK", subject: "stock.reserve", fault: "nats-silent-drop" },
} as const;
export type NatsLane = keyof typeof NATS_LANES;
export const isNatsLane = (s: string): s is NatsLane => Object.hasOwn(NATS_LANES, s);

/** The service reading the crash-loop lane (a process of its own, so it can crash); the other lanes share one. */
export const NATS_LANE_PROCESSES = {
  "nats-invoicing-service": ["invoicing"],
  "nats-fulfilment-service": ["shipping", "loyalty", "receipts", "analytics", "stock"],
} as const satisfies Record<string, readonly NatsLane[]>;

/** The undeclared consumer the nats-undeclared-consumer fault adds to its lane's stream. */
export const NATS_UNDECLARED_CONSUMER = { name: "analytics-export", process: "nats-analytics-export" } as const;
/** The work span each lane's consumer writes under its CONSUMER span (what silent-drop skips). */
export const laneWorkSpan = (lane: NatsLane) => `${lane}.handle`;
