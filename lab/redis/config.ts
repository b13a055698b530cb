// The Redis Streams part of the lab: its ports, paths and names, apart from lab/config.ts so the
// broker's lab part stays in its own folder (docs/adding-a-broker.md). Loopback only.
import path from "node:path";
import { host, labDir, port } from "../config";

export const redisPorts = {
  redis: port("LAB_REDIS_PORT", 16379),
  exporter: port("LAB_REDIS_EXPORTER_PORT", 19121),
} as const;

export const redisPaths = {
  /** redis-server's working directory (its dump file, if it saves one). */
  data: path.join(labDir, "redis"),
};

export const redisUrl = `redis://${host}:${redisPorts.redis}`;
export const redisExporterUrl = `http://${host}:${redisPorts.exporter}`;

/** Names of the processes under .lab/pids (procs.ts). */
export const REDIS_PROCS = {
  server: "redis-server",
  exporter: "redis-exporter",
  producer: "redis-order-service",
  notification: "redis-notification-service",
  inventory: "redis-inventory-service",
} as const;

/**
 * The checkout workflow on Redis Streams: the order service XADDs each confirmed order to one
 * stream, read by two consumer groups (the Redis counterpart of the fan-out exchange and its
 * two queues). Keys share the prefix the exporter's --check-streams pattern scans for.
 */
export const STREAM_PREFIX = "checkout.";
export const REDIS_STREAMS = {
  orderConfirmed: `${STREAM_PREFIX}order_confirmed`,
} as const;
export const REDIS_GROUPS = {
  notification: "notification",
  inventory: "inventory",
} as const;
/** The exporter's --check-streams glob (SCAN MATCH syntax). */
export const EXPORTER_STREAM_PATTERN = `${STREAM_PREFIX}*`;
/** Entries older than this are trimmed by the producer (XADD MAXLEN ~), so the lab's stream stays small. */
export const STREAM_MAXLEN = 10_000;

/**
 * One consumer group per lab fault (lab/redis/faults.ts), all on the checkout stream: a group
 * has its own position, pending list and consumers, so a fault on one moves only that group's
 * figures and all can be on at once; the notification and inventory groups stay the healthy
 * reference. Consumers are named `<group>-<n>`, as the example workflow declares them.
 */
export const REDIS_LANES = {
  invoicing: { fault: "redis-consumer-crashloop" },
  shipping: { fault: "redis-stalled-consumer" },
  loyalty: { fault: "redis-slow-consumer" },
  receipts: { fault: "redis-poison-messages" },
  analytics: { fault: "redis-undeclared-consumer" },
  stock: { fault: "redis-silent-drop" },
} as const;
export type RedisLane = keyof typeof REDIS_LANES;
export const isRedisLane = (s: string): s is RedisLane => Object.hasOwn(REDIS_LANES, s);

/** The crash-loop lane's service is a process of its own (so it can crash); the others share one. */
export const REDIS_LANE_PROCESSES = {
  "redis-invoicing-service": ["invoicing"],
  "redis-fulfilment-service": ["shipping", "loyalty", "receipts", "analytics", "stock"],
} as const satisfies Record<string, readonly RedisLane[]>;

/** The consumer the redis-undeclared-consumer fault adds to the analytics group, and its process. */
export const REDIS_UNDECLARED_CONSUMER = {
  name: "export-1",
  group: "analytics",
  process: "redis-analytics-export",
} as const;
/** A receipts entry that failed is claimed again after this long, until it passes the delivery limit. */
export const REDIS_RETRY_AFTER_MS = 2_000;
/** The example workflow's delivery limit (deadLetter.maxDeliveries): past it the consumer gives up on an entry. */
export const REDIS_MAX_DELIVERIES = 3;
