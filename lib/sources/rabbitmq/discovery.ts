import "server-only";
// The whole broker as discovery reads it: every queue with its consumers (and their
// connections' identities and age), the bindings, and where each queue's dead letters go.
// Read only; four list requests and one for the connections' age, whatever the queue count.
import { z } from "zod";
import type { BrokerTopology, ObservedConsumer, ObservedQueue } from "@/lib/discovery/types";
import type { RabbitSource } from "./client";
import type { QueueSnapshot } from "./model";
import { consumerIdentity } from "./snapshot";
import { deadLetterRoutes } from "./topology";

// connected_at: milliseconds since epoch, as the management API gives it.
const connectionAgeSchema = z.array(z.object({ name: z.string(), connected_at: z.number().optional() }).loose());

/** A TTL queue that dead-letters through the default exchange into another queue: a delay queue. */
function returnsTo(q: QueueSnapshot): ObservedQueue["returnsTo"] {
  const ttl = q.arguments["x-message-ttl"];
  const dl = q.deadLetter;
  if (typeof ttl !== "number" || !dl || dl.exchange !== "" || !dl.routingKey) return undefined;
  return { queue: dl.routingKey, ttlMs: ttl };
}

export async function readRabbitTopology(source: RabbitSource, nowMs: number): Promise<BrokerTopology> {
  const [queues, bindings, consumers, connections, ages] = await Promise.all([
    source.allQueues(),
    source.bindings(),
    source.consumers(),
    source.connections(),
    source.http.getJson({ path: "/api/connections", query: { columns: "name,connected_at" } }, connectionAgeSchema),
  ]);
  const connectedAt = new Map(ages.flatMap((c) => (c.connected_at !== undefined ? [[c.name, c.connected_at]] : [])));
  const byQueue = new Map<string, ObservedConsumer[]>();
  for (const c of consumers) {
    const identity = consumerIdentity(c, c.connectionName ? connections.get(c.connectionName) : undefined);
    const at = c.connectionName ? connectedAt.get(c.connectionName) : undefined;
    const key = `${c.vhost}/${c.queue}`;
    byQueue.set(key, [
      ...(byQueue.get(key) ?? []),
      {
        label: identity.label,
        anonymous: identity.anonymous,
        attributes: identity.attributes,
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
    atMs: nowMs,
    queues: queues.map((q) => {
      const back = returnsTo(q);
      return {
        vhost: q.vhost,
        name: q.name,
        consumers: byQueue.get(`${q.vhost}/${q.name}`) ?? [],
        ...(back ? { returnsTo: back } : {}),
      };
    }),
    bindings: bindings
      .filter((b) => b.destinationType === "queue" && b.source !== "")
      .map((b) => ({ vhost: b.vhost, exchange: b.source, queue: b.destination, routingKey: b.routingKey })),
    deadLetterRoutes: routes.map((r) => {
      const queue = r.sourceQueue.slice(r.vhost.length + 1);
      return {
        vhost: r.vhost,
        queue,
        via: `exchange "${r.exchange}"${r.routingKey !== undefined ? `, routing key "${r.routingKey}"` : ""}`,
        targets: r.dlqNames,
      };
    }),
    notes: [],
  };
}
