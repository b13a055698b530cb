// RabbitMQ's queues, consumers and dead-letter routes → the neutral BrokerSnapshot. Pure: the
// live reader (state.ts) and the reader of recordings made before the neutral model (legacy.ts)
// both map through here, so a recording and the live broker read the same way.
import type { DestinationConfig } from "@/lib/domain/destination";
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  DeadLetterRoute,
  DestinationState,
  Reading,
} from "@/lib/domain/destination";
import { queueKey, queueRef } from "./config";
import type { ConsumerInfo, QueueDeadLetterRoute, QueueSnapshot } from "./model";
import { delayOf } from "./topology";

export const MANAGEMENT_API = "RabbitMQ management API";

/** RabbitMQ's generated connection name ("10.0.0.5:51234 -> 10.0.0.9:5672") says nothing about the app. */
export const GENERATED_NAME = /^\S+:\d+ -> \S+:\d+$/;

/** What a connection says about its client (GET /api/connections, one request for all). */
export interface ConnectionIdentity {
  /** The name the client gave itself (connection_name property / user_provided_name). */
  clientName?: string;
  product?: string;
  hostname?: string;
  user?: string;
  peerHost?: string;
}

function host(peer: string | undefined): string | undefined {
  if (!peer) return undefined;
  const at = peer.lastIndexOf(":");
  return at > 0 ? peer.slice(0, at) : peer;
}

/** One consumer with every identity its client and connection give. */
export function consumerIdentity(consumer: ConsumerInfo, connection?: ConnectionIdentity): ConsumerIdentity {
  const clientName = connection?.clientName ?? consumer.clientConnectionName;
  const label = clientName ?? consumer.connectionName ?? consumer.consumerTag;
  const attributes: Record<string, string> = { consumerTag: consumer.consumerTag };
  const connectionName = clientName ?? consumer.connectionName;
  if (connectionName) attributes.connectionName = connectionName;
  if (connection?.product) attributes.product = connection.product;
  if (connection?.hostname) attributes.hostname = connection.hostname;
  if (connection?.user) attributes.user = connection.user;
  const peerHost = connection?.peerHost ?? host(consumer.peer);
  if (peerHost) attributes.peerHost = peerHost;
  return {
    id: consumer.consumerTag,
    label,
    anonymous: GENERATED_NAME.test(label),
    attributes,
    ...(consumer.peer ? { peer: consumer.peer } : {}),
    ...(consumer.prefetchCount !== undefined ? { prefetchCount: consumer.prefetchCount } : {}),
    ...(consumer.ackRequired !== undefined ? { ackRequired: consumer.ackRequired } : {}),
    ...(consumer.active !== undefined ? { active: consumer.active } : {}),
  };
}

function reading<T>(value: T | undefined, atMs: number): Reading<T> | undefined {
  return value === undefined ? undefined : { value, atMs, from: MANAGEMENT_API };
}

function destinationState(
  queue: QueueSnapshot,
  workflowKeys: ReadonlySet<string>,
  connections: ReadonlyMap<string, ConnectionIdentity>,
): DestinationState {
  const at = queue.atMs;
  const delay = delayOf(queue, workflowKeys);
  const head = queue.headMessageTimestampS?.value;
  const state: DestinationState = {
    ref: queueRef(queue.vhost, queue.name),
    exists: true,
    warnings: queue.warnings ?? [],
  };
  const waiting = reading(queue.ready?.value, at);
  const inFlight = reading(queue.unacked?.value, at);
  const consumerCount = reading(queue.consumers?.value, at);
  if (waiting) state.waiting = waiting;
  if (inFlight) state.inFlight = inFlight;
  if (consumerCount) state.consumerCount = consumerCount;
  if (queue.consumerDetails) {
    state.consumers = {
      value: queue.consumerDetails.map((c) =>
        consumerIdentity(c, c.connectionName ? connections.get(c.connectionName) : undefined),
      ),
      atMs: at,
      from: MANAGEMENT_API,
    };
  }
  if (head !== undefined) {
    state.oldestWaiting = {
      value: { publishedAtMs: head * 1000, estimated: false, method: "from the broker's head_message_timestamp" },
      atMs: at,
      from: MANAGEMENT_API,
    };
  }
  if (delay) {
    state.drainedBy = {
      ttlMs: delay.ttlMs,
      returnsTo: queueKey(queue.vhost, delay.returnsTo),
      returnsToName: delay.returnsTo,
    };
  }
  return state;
}

function via(route: QueueDeadLetterRoute): string {
  const exchange = route.exchange === "" ? "the default exchange" : `exchange "${route.exchange}"`;
  return route.routingKey !== undefined ? `${exchange}, routing key "${route.routingKey}"` : exchange;
}

export interface QueueReadings {
  /** The declared queues the broker has (with their consumers). */
  queues: readonly QueueSnapshot[];
  /** Declared queues the broker does not have ("vhost/name"). */
  missing: readonly string[];
  deadLetterQueues: readonly QueueSnapshot[];
  routes: readonly QueueDeadLetterRoute[];
  connections?: ReadonlyMap<string, ConnectionIdentity>;
  /** When the broker answered. */
  atMs: number;
}

export function toBrokerSnapshot(declared: readonly DestinationConfig[], read: QueueReadings): BrokerSnapshot {
  const workflowKeys = new Set(declared.map((d) => d.ref.key));
  const connections = read.connections ?? new Map<string, ConnectionIdentity>();
  const destinations = declared.map((d): DestinationState => {
    const queue = read.queues.find((q) => queueKey(q.vhost, q.name) === d.ref.key);
    if (queue) return destinationState(queue, workflowKeys, connections);
    return { ref: d.ref, exists: !read.missing.includes(d.ref.key), warnings: [] };
  });
  const deadLetterRoutes = read.routes.map((route): DeadLetterRoute => ({
    sourceKey: route.sourceQueue,
    via: via(route),
    targets: route.dlqNames.map((name) => queueRef(route.vhost, name)),
  }));
  const routed = new Set(read.routes.map((r) => r.sourceQueue));
  return {
    atMs: read.atMs,
    from: MANAGEMENT_API,
    destinations,
    deadLetterRoutes,
    noDeadLetterRoute: destinations
      .filter(
        (d) =>
          d.exists &&
          !d.drainedBy &&
          !routed.has(d.ref.key) &&
          read.queues.some((q) => queueKey(q.vhost, q.name) === d.ref.key),
      )
      .map((d) => d.ref.key),
    deadLetterStates: read.deadLetterQueues.map((q) => destinationState(q, workflowKeys, connections)),
    warnings: [],
  };
}
