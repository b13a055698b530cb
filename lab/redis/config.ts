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
