// The Kafka part of the lab: its port, binary and names, apart from lab/config.ts so that the
// broker's settings live with the broker (docs/lab.md, "Kafka").
import path from "node:path";
import { host, paths, port, repoRoot } from "../config";

export const kafkaPort = port("LAB_KAFKA_PORT", 19092);
export const kafkaBootstrap = `${host}:${kafkaPort}`;

export const kafkaPaths = {
  /** lab/kafka: a Go main wrapping franz-go's kfake, with its own go.mod and go.sum. */
  module: path.join(repoRoot, "lab", "kafka"),
  bin: process.env.LAB_KAFKA_BIN ?? path.join(paths.bin, "kafka-lab"),
};

/** The process name under .lab/pids and .lab/logs. */
export const KAFKA_PROCESS = "kafka";

/** The checkout workflow's Kafka topics, created when the broker starts. */
export const KAFKA_TOPICS = {
  orders: "orders.placed",
  ordersDlt: "orders.placed.DLT",
} as const;

export const KAFKA_PARTITIONS = 3;

/** The consumer groups the Kafka checkout workflow declares, one per consuming service. */
export const KAFKA_GROUPS = {
  notification: "notification-service",
  inventory: "inventory-service",
} as const;

/**
 * The checkout's processes (pid-file names under .lab/pids) and the service names their spans
 * and logs carry: apart from the RabbitMQ checkout's, so each workflow judges its own services.
 */
export const KAFKA_SERVICES = {
  producer: { process: "kafka-order-service", service: "order-service-kafka" },
  notification: {
    process: "kafka-notification-service",
    service: "notification-service-kafka",
    group: KAFKA_GROUPS.notification,
    work: "email.send",
  },
  inventory: {
    process: "kafka-inventory-service",
    service: "inventory-service-kafka",
    group: KAFKA_GROUPS.inventory,
    work: "stock.update",
  },
} as const;
