// RabbitMQ management API wire → RabbitMQ's own shapes (model.ts). Pure; `atMs` comes from the caller.
import type { Binding, ConsumerInfo, DeadLetterTarget, QueueSnapshot, QueueType, Sourced } from "./model";
import type { BindingWire, ConnectionWire, ConsumerWire, QueueWire } from "./schemas";
import type { ConnectionIdentity } from "./snapshot";

const FROM = "management_api" as const;

function sourced<T>(value: T | undefined): Sourced<T> | undefined {
  return value === undefined ? undefined : { value, from: FROM };
}

export function queueType(raw: string | null | undefined): QueueType {
  // Quirk: brokers before 3.8 send no type; every queue was classic then. "" is treated the
  // same way; anything unknown is reported as such rather than guessed.
  if (raw === undefined || raw === null || raw === "") return "classic";
  return raw === "classic" || raw === "quorum" || raw === "stream" ? raw : "unknown";
}

/**
 * Where dead-lettered messages go. Queue arguments (x-dead-letter-*) win over the policy keys
 * (dead-letter-*), each key on its own, as RabbitMQ resolves them. An exchange of "" is real:
 * it is the default exchange, not "no DLX".
 */
export function resolveDeadLetter(
  args: Record<string, unknown>,
  policyDef: Record<string, unknown>,
  policy?: string | null,
): DeadLetterTarget | undefined {
  const argExchange = args["x-dead-letter-exchange"];
  const polExchange = policyDef["dead-letter-exchange"];
  const exchangeFrom =
    typeof argExchange === "string" ? "arguments" : typeof polExchange === "string" ? "policy" : undefined;
  if (!exchangeFrom) return undefined;
  const exchange = (exchangeFrom === "arguments" ? argExchange : polExchange) as string;
  const argKey = args["x-dead-letter-routing-key"];
  const polKey = policyDef["dead-letter-routing-key"];
  const routingKeyFrom = typeof argKey === "string" ? "arguments" : typeof polKey === "string" ? "policy" : undefined;
  const routingKey =
    routingKeyFrom === "arguments" ? (argKey as string) : routingKeyFrom === "policy" ? (polKey as string) : undefined;
  const usesPolicy = exchangeFrom === "policy" || routingKeyFrom === "policy";
  return {
    exchange,
    from: exchangeFrom,
    ...(routingKey !== undefined ? { routingKey, routingKeyFrom } : {}),
    ...(usesPolicy && policy ? { policy } : {}),
  };
}

function deliveryLimit(
  args: Record<string, unknown>,
  policyDef: Record<string, unknown>,
): QueueSnapshot["deliveryLimit"] {
  const arg = args["x-delivery-limit"];
  if (typeof arg === "number") return { value: arg, from: "arguments" };
  const pol = policyDef["delivery-limit"];
  if (typeof pol === "number") return { value: pol, from: "policy" };
  return undefined;
}

export function toQueueSnapshot(
  wire: QueueWire,
  atMs: number,
  connections?: ReadonlyMap<string, string>,
): QueueSnapshot {
  const stats = wire.message_stats;
  const rates = stats
    ? {
        ...(stats.publish_details?.rate !== undefined ? { publishHz: stats.publish_details.rate } : {}),
        ...(stats.deliver_get_details?.rate !== undefined ? { deliverGetHz: stats.deliver_get_details.rate } : {}),
        ...(stats.ack_details?.rate !== undefined ? { ackHz: stats.ack_details.rate } : {}),
        ...(stats.redeliver_details?.rate !== undefined ? { redeliverHz: stats.redeliver_details.rate } : {}),
      }
    : undefined;
  const counts = stats
    ? {
        ...(stats.publish !== undefined ? { publish: stats.publish } : {}),
        ...(stats.deliver_get !== undefined ? { deliverGet: stats.deliver_get } : {}),
        ...(stats.ack !== undefined ? { ack: stats.ack } : {}),
        ...(stats.redeliver !== undefined ? { redeliver: stats.redeliver } : {}),
      }
    : undefined;
  const type = queueType(wire.type);
  const deadLetter = resolveDeadLetter(wire.arguments, wire.effective_policy_definition, wire.policy);
  const limit = deliveryLimit(wire.arguments, wire.effective_policy_definition);
  const snapshot: QueueSnapshot = {
    vhost: wire.vhost,
    name: wire.name,
    type,
    ...(wire.type !== undefined && wire.type !== null && type !== wire.type ? { rawType: wire.type } : {}),
    ...(wire.state !== undefined ? { state: wire.state } : {}),
    ...(wire.durable !== undefined ? { durable: wire.durable } : {}),
    atMs,
    ready: sourced(wire.messages_ready),
    unacked: sourced(wire.messages_unacknowledged),
    total: sourced(wire.messages),
    consumers: sourced(wire.consumers),
    // consumer_capacity is the newer name of the same number.
    consumerUtilisation: sourced(wire.consumer_utilisation ?? wire.consumer_capacity),
    headMessageTimestampS: sourced(wire.head_message_timestamp),
    rates: sourced(rates),
    counts: sourced(counts),
    ...(deadLetter ? { deadLetter } : {}),
    ...(limit ? { deliveryLimit: limit } : {}),
    ...(wire.policy ? { policy: wire.policy } : {}),
    arguments: wire.arguments,
  };
  for (const key of Object.keys(snapshot) as Array<keyof QueueSnapshot>)
    if (snapshot[key] === undefined) delete snapshot[key];
  if (wire.consumer_details)
    snapshot.consumerDetails = wire.consumer_details.map((c) => toConsumerInfo(c, wire.vhost, wire.name, connections));
  return snapshot;
}

/** `connections` maps an AMQP connection name to the name the client gave itself (connection_name). */
export function toConsumerInfo(
  wire: ConsumerWire,
  vhost: string,
  queue: string,
  connections?: ReadonlyMap<string, string>,
): ConsumerInfo {
  const channel = wire.channel_details && !Array.isArray(wire.channel_details) ? wire.channel_details : undefined;
  const peer =
    channel?.peer_host !== undefined
      ? `${channel.peer_host}${channel.peer_port !== undefined ? `:${channel.peer_port}` : ""}`
      : undefined;
  const clientName = channel?.connection_name ? connections?.get(channel.connection_name) : undefined;
  return {
    vhost: wire.queue?.vhost ?? vhost,
    queue: wire.queue?.name ?? queue,
    consumerTag: wire.consumer_tag,
    ...(channel?.connection_name ? { connectionName: channel.connection_name } : {}),
    ...(peer ? { peer } : {}),
    ...(clientName ? { clientConnectionName: clientName } : {}),
    ...(channel?.name ? { channelName: channel.name } : {}),
    ...(wire.ack_required !== undefined ? { ackRequired: wire.ack_required } : {}),
    ...(wire.prefetch_count !== undefined ? { prefetchCount: wire.prefetch_count } : {}),
    ...(wire.active !== undefined ? { active: wire.active } : {}),
    ...(wire.activity_status ? { activityStatus: wire.activity_status } : {}),
    ...(wire.exclusive !== undefined ? { exclusive: wire.exclusive } : {}),
  };
}

export function toBinding(wire: BindingWire): Binding {
  return {
    vhost: wire.vhost,
    source: wire.source,
    destination: wire.destination,
    destinationType: wire.destination_type,
    routingKey: wire.routing_key,
    arguments: wire.arguments,
  };
}

/** What a connection says about its client; the name it gave itself wins over the one RabbitMQ made up. */
export function toConnectionIdentity(wire: ConnectionWire): ConnectionIdentity {
  const props = wire.client_properties;
  const clientName = props?.connection_name ?? wire.user_provided_name;
  const hostname = typeof props?.hostname === "string" ? props.hostname : undefined;
  return {
    ...(clientName ? { clientName } : {}),
    ...(props?.product ? { product: props.product } : {}),
    ...(hostname ? { hostname } : {}),
    ...(wire.user ? { user: wire.user } : {}),
    ...(wire.peer_host ? { peerHost: wire.peer_host } : {}),
  };
}
