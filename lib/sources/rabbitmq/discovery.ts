import "server-only";
// RabbitMQ's topology for discovery (BrokerAdapter.discoveryTopology): every queue with its
// consumers (and their connections' identities and age), the exchange → queue bindings as
// routes, and where each queue's dead letters go. Read only; four list requests and one for the
// connections' age, whatever the queue count. The mapping is pure (rabbitDiscoveryTopology).
import { z } from "zod";
import type { DiscoveryTopology, TopologyConsumer, TopologyDestination } from "@/lib/domain/topology";
import type { RabbitSource } from "./client";
import type { Binding, ConsumerInfo, QueueSnapshot } from "./model";
import { consumerIdentity, type ConnectionIdentity } from "./snapshot";
import { deadLetterRoutes } from "./topology";

// connected_at: milliseconds since epoch, as the management API gives it.
const connectionAgeSchema = z.array(z.object({ name: z.string(), connected_at: z.number().optional() }).loose());

/** A TTL queue that dead-letters through the default exchange into another queue: a delay queue. */
function returnsTo(q: QueueSnapshot): TopologyDestination["returnsTo"] {
  const ttl = q.arguments["x-message-ttl"];
  const dl = q.deadLetter;
  if (typeof ttl !== "number" || !dl || dl.exchange !== "" || !dl.routingKey) return undefined;
  return { destination: dl.routingKey, ttlMs: ttl };
}

export interface RabbitTopologyReadout {
  atMs: number;
  queues: QueueSnapshot[];
  bindings: Binding[];
  consumers: ConsumerInfo[];
  connections: Map<string, ConnectionIdentity>;
  /** Connection name → when it opened (ms since epoch). */
  connectedAt: Map<string, number>;
}

export function rabbitDiscoveryTopology(readout: RabbitTopologyReadout): DiscoveryTopology {
  const { queues, bindings, consumers, connections, connectedAt } = readout;
  const byQueue = new Map<string, TopologyConsumer[]>();
  for (const c of consumers) {
    const identity = consumerIdentity(c, c.connectionName ? connections.get(c.connectionName) : undefined);
    const at = c.connectionName ? connectedAt.get(c.connectionName) : undefined;
    const host = identity.attributes.peerHost;
    const key = `${c.vhost}/${c.queue}`;
    byQueue.set(key, [
      ...(byQueue.get(key) ?? []),
      {
        label: identity.label,
        anonymous: identity.anonymous,
        attributes: identity.attributes,
        ...(host ? { host } : {}),
        ...(at !== undefined ? { connectedAtMs: at } : {}),
      },
    ]);
  }
  // Delay queues return to a live queue through the default exchange: not a dead-letter route.
  const delays = queues.filter((q) => returnsTo(q));
  const routes = deadLetterRoutes(
    queues.filter((q) => !delays.includes(q)),
    bindings,
    new Set(),
  );
  return {
    broker: "rabbitmq",
    atMs: readout.atMs,
    destinations: queues.map((q) => {
      const back = returnsTo(q);
      return {
        scope: q.vhost,
        name: q.name,
        consumers: byQueue.get(`${q.vhost}/${q.name}`) ?? [],
        ...(back ? { returnsTo: back } : {}),
      };
    }),
    routing: bindings
      .filter((b) => b.destinationType === "queue" && b.source !== "")
      .map((b) => ({ scope: b.vhost, exchange: b.source, destination: b.destination, routingKey: b.routingKey })),
    deadLetterRoutes: routes.map((r) => ({
      scope: r.vhost,
      destination: r.sourceQueue.slice(r.vhost.length + 1),
      via: `exchange "${r.exchange}"${r.routingKey !== undefined ? `, routing key "${r.routingKey}"` : ""}`,
      targets: r.dlqNames,
    })),
    notes: [],
  };
}

export async function readRabbitTopology(source: RabbitSource, nowMs: number): Promise<DiscoveryTopology> {
  const [queues, bindings, consumers, connections, ages] = await Promise.all([
    source.allQueues(),
    source.bindings(),
    source.consumers(),
    source.connections(),
    source.http.getJson({ path: "/api/connections", query: { columns: "name,connected_at" } }, connectionAgeSchema),
  ]);
  const connectedAt = new Map(ages.flatMap((c) => (c.connected_at !== undefined ? [[c.name, c.connected_at]] : [])));
  return rabbitDiscoveryTopology({ atMs: nowMs, queues, bindings, consumers, connections, connectedAt });
}
